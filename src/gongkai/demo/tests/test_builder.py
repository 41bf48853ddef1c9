"""The demo region: every workflow state, valid unit codes, one account per role, correct 索引号."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest
from django.db.models import Count
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.audit.models import AuditEvent
from gongkai.core.bulk import TableWriter
from gongkai.demo.builder import DemoError, build_demo, delete_demo_data, demo_accounts_text, demo_exists
from gongkai.demo.install import DEMO_PASSWORD
from gongkai.disclosure.demo.textbank import body_html, load_sentence_bank
from gongkai.disclosure.models import (
    Attachment,
    ExemptionFiling,
    Item,
    ItemLink,
    ItemRevision,
    ItemState,
    LinkKind,
    SecrecyReview,
)
from gongkai.disclosure.services.content import html_to_text, sanitize_body
from gongkai.disclosure.services.index_numbers import pattern
from gongkai.disclosure.services.scan import blocking_findings
from gongkai.orgs.models import Kind, Organization, Role, RoleName
from gongkai.orgs.unitcodes import validate_unit_code

pytestmark = pytest.mark.django_db


#: The demo's "today" in these tests.
TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def demo(db, clock):
    clock.set(TODAY)
    build_demo(items=300, seed=2008, echo=lambda _: None)


def test_region_is_modeled_on_suzhou_with_valid_unit_codes(demo):
    city = Organization.objects.get(slug="suzhou")
    assert city.name == "宿州市人民政府" and city.kind == Kind.GOVERNMENT and city.level == "city"
    office = Organization.objects.get(parent=city, is_competent_authority=True)
    assert office.name == "宿州市人民政府办公室" and office.kind == Kind.GENERAL_OFFICE
    counties = set(
        Organization.objects.filter(parent=city, kind=Kind.GOVERNMENT).values_list("name", flat=True)
    )
    assert counties == {f"{n}人民政府" for n in ("埇桥区", "砀山县", "萧县", "灵璧县", "泗县")}
    regions = {"宿州市人民政府": "341300", "埇桥区人民政府": "341302", "砀山县人民政府": "341321",
               "萧县人民政府": "341322", "灵璧县人民政府": "341323", "泗县人民政府": "341324"}  # fmt: skip
    for org in Organization.objects.all():
        code = validate_unit_code(org.unit_code)  # raises on a bad check character
        assert code.kind == "uscc"
        if org.name in regions:
            assert code.region == regions[org.name] and code.is_government_body
        if org.kind == Kind.PUBLIC_INSTITUTION:
            assert (code.registration_dept, code.org_kind) in {("9", "1"), ("1", "2")}
        assert org.phone.startswith("0557-") and org.email.endswith("@example.gov.cn")
    # Each county's office is the competent authority of that county.
    for county in Organization.objects.filter(level="county", kind=Kind.GOVERNMENT):
        assert Organization.objects.filter(parent=county, is_competent_authority=True).count() == 1
        assert Organization.objects.filter(parent=county, level="township").count() >= 3
    assert Organization.objects.count() >= 60
    assert demo_exists()


def test_one_account_for_every_role_and_a_system_administrator(demo):
    held = set(Role.objects.filter(user__username__in=[
        "editor", "reviewer", "signer", "signer2", "handler", "officehead", "infoofficer", "infoeditor",
        "leader", "supervisor", "orgadmin"]).values_list("role", flat=True))  # fmt: skip
    assert held == set(RoleName.values)
    assert Role.objects.filter(user__username="signer2", role=RoleName.SIGNER).exists()
    supervisor = Role.objects.get(user__username="supervisor")
    assert supervisor.organization.is_competent_authority
    assert supervisor.organization.supervision_root().slug == "suzhou"  # sees the whole city
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="editor").check_password(DEMO_PASSWORD)
    text = demo_accounts_text()
    assert DEMO_PASSWORD in text and "/staff/" in text and "/admin/" in text and "supervisor" in text


def test_every_workflow_state_is_present(demo):
    states = set(Item.objects.values_list("state", flat=True))
    assert states == set(ItemState.values)
    assert Item.objects.filter(state=ItemState.RETURNED).exclude(return_reason="").count() >= 2
    assert Item.objects.filter(revision=2).exclude(correction_note="").exists()
    assert ItemRevision.objects.filter(number=2).exists()
    assert Item.objects.filter(state=ItemState.PUBLISHED, disclosure_attribute="on_request").exists()
    exempt = Item.objects.filter(disclosure_attribute="exempt")
    assert exempt.exists() and all(i.exemption_reason for i in exempt)
    filings = ExemptionFiling.objects.select_related("competent_authority")
    assert filings.count() == exempt.count()
    assert all(f.competent_authority and f.competent_authority.is_competent_authority for f in filings)
    assert Item.objects.filter(scope="internal", state=ItemState.PUBLISHED).exists()
    expired = Item.objects.filter(duration="limited", public_until__lt=timezone.localdate())
    assert expired.exists()
    assert (
        Item.objects.filter(validity__in=["expired", "abolished"]).exclude(validity_changed_on=None).exists()
    )
    assert ItemLink.objects.filter(kind=LinkKind.INTERPRETS).exists()
    assert ItemLink.objects.filter(kind=LinkKind.REPLACES).exists()
    assert Item.objects.filter(is_normative=True).exists()
    # Audit events come from the real services.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"item.created", "item.submitted", "item.review_pass", "item.signed", "item.published",
            "item.returned", "item.withdrawn", "item.corrected", "item.exemption_filed",
            "item.finding_decided", "item.linked", "item.attachment_added"} <= actions  # fmt: skip
    assert Item.objects.count() >= 300


def test_reviewer_sees_a_finding_in_an_attachment(demo):
    in_review = Item.objects.filter(state=ItemState.REVIEW, attachments__isnull=False).distinct()
    assert in_review.exists()
    findings = [f for item in in_review for f in blocking_findings(item)]
    assert any(f.finding.kind == "id_card" and f.finding.field.startswith("attachment:") for f in findings)
    kinds = set(Attachment.objects.values_list("kind", flat=True))
    assert {"pdf", "xlsx", "docx"} <= kinds
    assert SecrecyReview.objects.exists()


def test_index_numbers_are_unique_and_gap_free_per_body_and_year(demo):
    p = pattern()
    serials: dict[str, list[int]] = defaultdict(list)
    numbered = Item.objects.exclude(index_number=None).select_related("organization")
    for item in numbered:
        parts = p.parse(item.index_number)
        assert parts["unit_code"] == item.organization.unit_code
        key = p.counter_key(unit_code=item.organization.unit_code, year=int(parts["year"]), month=1)
        serials[key].append(int(parts["serial"]))
    assert serials
    for key, values in serials.items():
        assert sorted(values) == list(range(1, len(values) + 1)), key
    from gongkai.core.models import SerialCounter

    counters = dict(SerialCounter.objects.values_list("key", "last_serial"))
    assert {k: len(v) for k, v in serials.items()} == {k: v for k, v in counters.items() if k in serials}
    assert Item.objects.filter(state=ItemState.PUBLISHED, index_number=None).count() == 0
    # Published years agree with the year in the number.
    for item in numbered[:200]:
        assert f"/{item.published_date.year}-" in item.index_number


def test_public_queryset_excludes_everything_not_public(demo):
    public = Item.objects.public()
    assert public.count() > 200
    assert not public.exclude(state=ItemState.PUBLISHED).exists()
    assert not public.filter(disclosure_attribute__in=["on_request", "exempt"]).exists()
    assert not public.filter(scope="internal").exists()
    hidden = Item.objects.exclude(pk__in=public.values("pk"))
    assert hidden.filter(state=ItemState.PUBLISHED, duration="limited").exists()  # 限时公开 expired
    assert hidden.filter(state=ItemState.WITHDRAWN).exists()


def test_items_are_spread_over_bodies_columns_and_years(demo):
    per_body = Item.objects.values("organization").annotate(n=Count("id"))
    assert per_body.count() >= 20
    years = {d.year for d in Item.objects.exclude(published_at=None).values_list("published_at", flat=True)}
    assert min(years) <= 2012 and max(years) >= 2025
    assert all(i.column.organization_id == i.organization_id for i in Item.objects.select_related("column"))
    assert all(i.workdays_to_publish is not None for i in Item.objects.filter(state=ItemState.PUBLISHED))
    # Document numbers name the publishing body, e.g. 宿教〔2021〕12号 for 市教育局.
    edu = Organization.objects.get(slug="sz-jyj")
    numbers = (
        Item.objects.filter(organization=edu)
        .exclude(document_number="")
        .values_list("document_number", flat=True)
    )
    assert numbers and all(re.match(r"^宿教", n) for n in numbers)


def test_same_seed_builds_the_same_region_and_reset_rebuilds(demo):
    first = list(Item.objects.order_by("id").values_list("title", "index_number")[:100])
    codes = list(Organization.objects.order_by("slug").values_list("slug", "unit_code"))
    with pytest.raises(DemoError):
        build_demo(items=300, echo=lambda _: None)
    build_demo(items=300, seed=2008, reset=True, echo=lambda _: None)
    assert list(Organization.objects.order_by("slug").values_list("slug", "unit_code")) == codes
    again = list(Item.objects.order_by("id").values_list("title", "index_number")[:100])
    assert again == first
    assert AuditEvent.objects.filter(action="demo.built").count() == 1  # the old log went with the data


def test_delete_demo_data_keeps_shipped_reference_data(demo):
    from gongkai.disclosure.models import CatalogTemplate, Classification

    delete_demo_data()
    assert not Organization.objects.exists() and not Item.objects.exists() and not User.objects.exists()
    assert not AuditEvent.objects.exists()
    assert CatalogTemplate.objects.count() == 4 and Classification.objects.exists()


def test_sentence_bank_is_packaged_and_bodies_need_no_sanitizing():
    sentences = load_sentence_bank()
    assert len(sentences) > 1000
    body, text = body_html("".join(sentences[:40]) + "<script>x</script>&")
    assert sanitize_body(body) == body
    assert html_to_text(body) == text


def test_worker_processes_prepare_the_same_chunks(demo):
    """The 1M build prepares chunks in forked workers; the result must not depend on that."""
    import multiprocessing

    from gongkai.demo.install import DemoRegion
    from gongkai.demo.region import region_bodies
    from gongkai.disclosure.demo import bulk
    from gongkai.workdays.calendar import get_calendar

    specs = region_bodies(2008)
    bodies = {o.slug: o for o in Organization.objects.all()}
    authors = {
        u.username.removesuffix("-editor"): u for u in User.objects.filter(username__endswith="-editor")
    }
    authors["sz-jyj"] = User.objects.get(username="editor")
    region = DemoRegion(bodies=bodies, specs=specs, users={}, authors=authors)
    before = Item.objects.count()
    written = bulk.build_bulk_items(
        region, count=120, seed=7, last_day=timezone.localdate(), workers=1, offset=10_000
    )
    assert written == 120 and Item.objects.count() == before + 120
    assert bulk._context is None  # the context only exists during a build
    jobs = [(0, 30), (30, 30)]
    bulk._context = bulk._Context(
        seed=7,
        today=timezone.localdate(),
        last_day=timezone.localdate(),
        bodies=bulk._activity_order(specs),
        plans=bulk._plan_bodies(region),
        classes=bulk._classes(),
        tz=timezone.get_current_timezone(),
        items=TableWriter(Item, with_id=True),
        revisions=TableWriter(ItemRevision, with_id=False),
        calendar=get_calendar(),
    )
    try:
        inline = [bulk._prepare_chunk(job) for job in jobs]
        with multiprocessing.get_context("fork").Pool(1) as pool:
            forked = list(bulk._bounded_imap(pool, jobs, ahead=1))
    finally:
        bulk._context = None
    assert [c.items for c in forked] == [c.items for c in inline]
    assert [c.keys for c in forked] == [c.keys for c in inline]
