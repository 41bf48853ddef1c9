"""What a change set drops on a portal host (``portalsync.purge``): for each table it changes, the tags
the staff side purges for the same change (``core.public_deps``), never the whole page cache; a table
without a rule still moves the global public version; and a message or consultation taken off the
public pages on the staff side leaves no warm page or published file on the portal host.

As in ``test_assessment_pages.py``, this test's database is the staff side: the change is made there
through its service (recording the tags it purges), both batches are exported, then the database is
emptied as a fresh portal installation's and the batches are applied to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongkai.assessment.bulletins import unpublish_bulletin
from gongkai.core import public_deps
from gongkai.core.public_changes import public_version
from gongkai.disclosure.models import Classification
from gongkai.disclosure.services import catalog_admin
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.services import handling
from gongkai.interaction.services import intake as message_intake
from gongkai.interaction.services.masking import propose_copy
from gongkai.opinions import services as opinions
from gongkai.opinions.models import Consultation, State
from gongkai.opinions.tests.world import comment, office_head, opened, to_signoff
from gongkai.orgs import services as org_services
from gongkai.orgs.models import RoleName
from gongkai.portal.tests import test_dependencies
from gongkai.portalsync import purge
from gongkai.portalsync.forward import export_public
from gongkai.portalsync.tables import BY_LABEL
from gongkai.portalsync.tests import test_assessment_pages
from gongkai.portalsync.tests.test_assessment_pages import _apply, _become_a_portal_host, _lines
from gongkai.reports import services as reports
from gongkai.reports.tests.report_helpers import fresh, ready_report
from gongkai.testing import UserFactory, grant

pytestmark = pytest.mark.django_db

# The fixtures of the page cache's tests (every purge recorded; published files on) and of the
# assessment pages' tests (a world of public and non-public 监督考核 data).
purges = test_dependencies.purges
publishing = test_dependencies.publishing
published = test_dependencies.published
world = test_assessment_pages.world

#: A Monday in January: the 2025 annual reports are being published, the consultations are open.
MONDAY = dt.date(2026, 1, 12)


def _message(region: Any, subject: str) -> Message:
    message, _code = message_intake.submit_message(
        organization=region.dept,
        kind=MessageKind.objects.get(code="consult"),
        data={
            "subject": subject,
            "text": "孩子今年满6周岁，请问报名一年级需要哪些材料？",
            "writer_name": "王建国",
            "writer_phone": "13955701234",
            "writer_email": "",
            "consent_publish": True,
        },
    )
    return message


def _answered(staff: dict[str, Any], subject: str) -> Message:
    region = staff["region"]
    message = handling.assign(_message(region, subject), actor=region.head, assignee=staff["handler"])
    return handling.answer(message, actor=staff["handler"], text="请携带户口簿和房产证明到学区学校报名。")


def _publish(staff: dict[str, Any], message: Message) -> Message:
    message = Message.objects.get(pk=message.pk)
    return handling.publish(message, actor=staff["handler"], copy=propose_copy(message))


@pytest.fixture
def staff(region: Any, clock: Any, make_item: Any) -> dict[str, Any]:
    """On MONDAY, 测试市教育局 has an open consultation with a published comment, one waiting to be
    opened, one closed early (no final document yet), a published and an answered message, an
    accepted 2025 annual report and a published item."""
    clock.set(MONDAY)
    office_head(region)
    handler = grant(UserFactory.create(username="msg_handler"), region.dept, RoleName.REQUEST_HANDLER)
    w: dict[str, Any] = {"region": region, "handler": handler}
    open_now = opened(region, "测试市教育局关于课后服务的实施意见（征求意见稿）")
    opinions.moderate_comment(actor=region.head, comment=comment(open_now), accept=True)
    closed = opened(region, "测试市教育局关于校服管理的办法（征求意见稿）")
    opinions.close_consultation(actor=region.signer, consultation=closed, note="提前完成征求意见")
    published_message = _publish(w, _answered(w, "关于小学入学材料的咨询"))
    report = reports.submit(ready_report(region.dept, 2025, region.head), actor=region.head)
    reports.accept(fresh(report), actor=region.supervisor)
    w.update(
        open=open_now,
        waiting=to_signoff(
            region,
            opinions.create_consultation(
                actor=region.editor,
                organization=region.dept,
                fields={
                    "title": "测试市教育局关于学生午餐的通知（征求意见稿）",
                    "body": "<p>正文。</p>",
                    "how_to_comment": "请在本页提交意见。",
                    "duration_days": 30,
                },
            ),
        ),
        closed=closed,
        published=published_message,
        answered=_answered(w, "关于学区划分的咨询"),
        report=report,
        item=make_item(title="测试市教育局关于校服管理的办法"),
    )
    return w


def _union(purged: list[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*purged)


def _tables(batch: Any) -> set[str]:
    return {line["t"] for line in _lines(batch) if line.get("op") in ("u", "d")}


#: A change on the staff side, through its service, and the tables of the change set it makes.
CHANGES: dict[str, tuple[Callable[[dict[str, Any]], Any], set[str]]] = {
    "column renamed": (
        lambda w: catalog_admin.rename_column(
            actor=w["region"].admin, column=w["region"].column, name="新栏目名称"
        ),
        {"disclosure.catalogcolumn"},
    ),
    "body's contacts changed": (
        lambda w: org_services.update_contact_details(
            actor=w["region"].admin, organization=w["region"].dept, fields={"phone": "0551-1234567"}
        ),
        {"orgs.organization"},
    ),
    "consultation opened": (
        lambda w: opinions.open_consultation(actor=w["region"].signer, consultation=w["waiting"]),
        {"opinions.consultation"},
    ),
    "final document linked": (
        lambda w: opinions.link_final_document(
            actor=w["region"].signer, consultation=w["closed"], item=w["item"]
        ),
        {"opinions.consultation"},
    ),
    "comment published": (
        lambda w: opinions.moderate_comment(
            actor=w["region"].head, comment=comment(w["open"], "建议增加体育活动。"), accept=True
        ),
        {"opinions.comment"},
    ),
    "comment taken off": (
        lambda w: opinions.moderate_comment(
            actor=w["region"].head,
            comment=w["open"].comments.get(),
            accept=False,
            reason="personal_data",
        ),
        {"opinions.comment"},
    ),
    "message published": (lambda w: _publish(w, w["answered"]), {"interaction.message"}),
    "message unpublished": (
        lambda w: handling.unpublish(
            Message.objects.get(pk=w["published"].pk), actor=w["region"].head, reason="需要重新核实"
        ),
        {"interaction.message"},
    ),
    "annual report published": (
        lambda w: reports.publish(fresh(w["report"]), actor=w["region"].head),
        {"reports.annualreport"},
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_set_purges_what_the_staff_side_purges_and_keeps_the_global_version(
    change, staff, settings, tmp_path, purges, django_capture_on_commit_callbacks
):
    make, tables = CHANGES[change]
    gate, state = tmp_path / "gate", tmp_path / "state"
    first = export_public(gate, state_dir=state)
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make(staff)
    on_staff_side = _union(purges)
    assert on_staff_side, "the staff side's service purges nothing"
    second = export_public(gate, state_dir=state)
    assert (second.kind, _tables(second)) == ("changes", tables)

    _become_a_portal_host(settings)
    _apply(first)
    version = public_version()
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _apply(second)
    assert _union(purges) == on_staff_side
    assert public_version() == version


def test_the_assessment_tables_purge_nothing(
    world, settings, tmp_path, purges, django_capture_on_commit_callbacks
):
    """监督考核's public pages are not cached (no published file either): a 通报 taken off, with the
    participations and the 通报批评 behind it, drops no other page."""
    gate, state = tmp_path / "gate", tmp_path / "state"
    first = export_public(gate, state_dir=state)
    unpublish_bulletin(actor=world["region"].supervisor, bulletin=world["results"], reason="数据有误")
    unpublish_bulletin(actor=world["region"].supervisor, bulletin=world["criticism"].bulletin, reason="撤回")
    second = export_public(gate, state_dir=state)
    assert {"assessment.bulletin", "assessment.criticism", "assessment.roundbody"} <= _tables(second)
    assert _tables(second) <= {label for label in purge.RULES if label.startswith("assessment.")}

    _become_a_portal_host(settings)
    _apply(first)
    version = public_version()
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _apply(second)
    assert purges == []
    assert public_version() == version


@pytest.mark.parametrize("table", ["disclosure.classification", "interaction.messagekind"])
def test_a_table_without_a_rule_still_moves_the_global_version(
    table, staff, settings, tmp_path, purges, django_capture_on_commit_callbacks
):
    gate, state = tmp_path / "gate", tmp_path / "state"
    first = export_public(gate, state_dir=state)
    if table == "disclosure.classification":
        Classification.objects.filter(pk=Classification.objects.order_by("pk").first().pk).update(
            name="新分类"
        )
    else:
        MessageKind.objects.filter(code="consult").update(name="咨询问题")
    second = export_public(gate, state_dir=state)
    assert _tables(second) == {table}

    _become_a_portal_host(settings)
    _apply(first)
    version = public_version()
    with django_capture_on_commit_callbacks(execute=True):
        _apply(second)
    assert public_version() != version


def test_a_body_moved_or_switched_off_moves_the_global_version(
    staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    """As on the staff side (``orgs.services.update_organization``): every page may differ."""
    gate, state = tmp_path / "gate", tmp_path / "state"
    first = export_public(gate, state_dir=state)
    org_services.update_organization(
        actor=UserFactory.create(username="root", is_superuser=True),
        organization=staff["region"].county_dept,
        fields={"is_active": False},
    )
    second = export_public(gate, state_dir=state)
    assert "orgs.organization" in _tables(second)

    _become_a_portal_host(settings)
    _apply(first)
    version = public_version()
    with django_capture_on_commit_callbacks(execute=True):
        _apply(second)
    assert public_version() != version


def test_every_table_of_the_projection_has_its_decision():
    """A table the projection gains moves the global version until its rule is written (or it is
    said to purge nothing) in ``portalsync.purge.RULES``."""
    assert set(purge.RULES) == set(BY_LABEL)


def test_a_row_that_moves_to_another_body_purges_both():
    rule = purge.RULES["interaction.message"]
    assert rule is not None
    tags = rule.tags({5: (1,)}, {5: (2,)})
    assert tags == public_deps.message_changed(5, 1) | public_deps.message_changed(5, 2)


def test_what_leaves_the_public_pages_on_the_staff_side_leaves_every_warm_page_and_file(
    staff,
    settings,
    tmp_path,
    publishing,
    django_capture_on_commit_callbacks,
):
    """Never a leak: a message unpublished and a consultation that left the public pages (here by its
    state, standing for any way out of ``public_consultations``), with the item page that named it as
    its final document, are on no page and in no published file once the batch is imported — while a
    page that showed neither stays published (the global version did not move)."""
    region, message, closed, item = staff["region"], staff["published"], staff["closed"], staff["item"]
    opinions.link_final_document(actor=region.signer, consultation=closed, item=item)
    gate, state = tmp_path / "gate", tmp_path / "state"
    first = export_public(gate, state_dir=state)
    handling.unpublish(Message.objects.get(pk=message.pk), actor=region.head, reason="需要重新核实")
    Consultation.objects.filter(pk=closed.pk).update(state=State.DRAFT)
    second = export_public(gate, state_dir=state)
    deleted = {(line["t"], line["pk"]) for line in _lines(second) if line.get("op") == "d"}
    assert {("interaction.message", message.pk), ("opinions.consultation", closed.pk)} <= deleted

    _become_a_portal_host(settings)
    _apply(first)
    cache.clear()
    public_version()
    client = Client()
    shown = [
        reverse("portal:messages"),
        reverse("portal:message", args=[message.pk]),
        reverse("portal:body_messages", args=["edu"]),
        reverse("portal:consultations"),
        reverse("portal:consultations_feed"),
        reverse("portal:body_consultations", args=["edu"]),
        reverse("portal:body_consultations_feed", args=["edu"]),
        f"/items/{item.pk}/",
    ]
    untouched = [reverse("portal:body", args=["county-finance"]), "/guide/"]
    secrets = (message.published_subject, closed.title)
    warm = ""
    for url in shown + untouched:
        response = client.get(url)
        assert response.status_code == 200, url
        assert published(publishing, url).exists() or "feed" in url, url  # feeds are no HTML file
        warm += response.content.decode()
    assert all(secret in warm for secret in secrets)  # the cache and the files are warm with both

    with django_capture_on_commit_callbacks(execute=True):
        _apply(second)

    for url in untouched:
        assert published(publishing, url).exists(), url
    files = [p.read_text() for p in (publishing / "current").rglob("index.html")]
    pages = [client.get(url) for url in shown]
    assert pages[1].status_code == 404
    for text in files + [p.content.decode() for p in pages if p.status_code == 200]:
        for secret in secrets:
            assert secret not in text
    assert f"/messages/{message.pk}/" not in "".join(files)
