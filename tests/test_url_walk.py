"""Walk every route with malformed arguments: no response may be a 5xx (issue 8 §2).

The routes come from Django's URL resolver (``tests/urlwalk.py``), so every route added later is
walked too: the portal, the back office, the django-ninja API under /api/v1/ and Django admin.
For each route the walk

1. requests it with real arguments taken from a small world (a region with items in every state,
   requests with a consultation, a fee, a reply letter with a file and an appeal, an annual report,
   a filing, a calendar override), as every identity of its area: anonymous and each staff role
   (and the system administrator) for the back office; anonymous and a signed-in staff member for
   the portal and the API, plus an applicant holding a look-up grant on the applicant's pages;
   anonymous, a staff member and the system administrator for admin. A route that answers GET
   with 405 is sent a POST; a page with a form posting to itself is sent a POST too. A file (DOCX,
   XLSX) is built for the first identity allowed; the others walk the route up to its permission
   check (with arguments that name nothing);
2. notes which query or form parameters the view read, and sends those, plus a list of common
   names, malformed values: text where numbers go, ids past 2**63-1, negative and far pages,
   impossible dates, 10,000-character strings, NUL (each class of junk at least once per route and
   method, rotating over the identities that read parameters);
3. puts malformed values into each path argument in turn; values the URL resolver already refuses
   (they end in the ordinary 404) are checked without a request, one of them with a request;
4. requests unknown paths under each area.

Nothing is skipped silently: a route whose pattern cannot be turned into a URL, or whose
arguments have no real value in the world, is named by ``test_every_route_is_walked_deeply``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, resolve

from gongkai.conftest import Clock
from tests.urlwalk import (
    COMMON_PARAMS,
    LONG,
    MAX,
    PATH_JUNK,
    QUERY_JUNK,
    UNKNOWN,
    Failures,
    Reads,
    Route,
    WalkClient,
    discover_routes,
    recording_reads,
)

#: The world's frozen day (a Monday; the annual reports of 2025 are due, 条例第四十九条).
TODAY = dt.date(2026, 3, 16)

#: The apps that give the walk their own world and path arguments (``<app>/tests/url_world.py``).
APP_WORLDS = [
    import_module(f"gongkai.{app}.tests.url_world")
    for app in ("opinions", "interaction", "ratings", "foi", "assessment")
]

ROUTES = discover_routes()
WALKABLE = [r for r in ROUTES if r.template]

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("url_walk")]

#: Who walks each area. Staff: anonymous, one person per role, the system administrator.
STAFF_WHO = (
    "anonymous",
    "editor",
    "reviewer",
    "signer",
    "office_head",
    "request_handler",
    "info_officer",
    "info_editor",
    "leader",
    "supervisor",
    "org_admin",
    "sysadmin",
)
AREA_WHO = {
    "staff": STAFF_WHO,
    "admin": ("anonymous", "editor", "sysadmin"),
    "portal": ("anonymous", "applicant", "supervisor"),
    "api": ("anonymous", "supervisor"),
}


def identities_for(route: Route) -> tuple[str, ...]:
    """The applicant's grant matters only on the applicant's own pages (portal ``requests/``)."""
    who = AREA_WHO[route.area]
    if route.area == "portal" and not route.route.startswith("requests/"):
        who = tuple(w for w in who if w != "applicant")
    return who


# ------------------------------------------------------------------------------------------ world


@dataclass
class World:
    base: Path
    values: dict[str, str]  # what a path argument names → a real value
    clients: dict[str, WalkClient]
    cookies: dict[str, str]  # the session cookie of each signed-in client


def _build_world(base: Path) -> World:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gongkai.disclosure.models import Classification, ItemState, SecrecyKeyword
    from gongkai.foi.services import handling, intake
    from gongkai.foi.services.fees import issue_fee_notice
    from gongkai.orgs.models import Role, RoleName
    from gongkai.orgs.services import StepSpec, configure_signoff_chain
    from gongkai.reports import services as reports
    from gongkai.search.indexer import drain_outbox, engine
    from gongkai.secrecy.tests.files import docx_with
    from gongkai.testing import UserFactory, application, build_region, grant, make_item
    from gongkai.workdays import services as workdays
    from gongkai.workdays.models import CalendarOverride
    from gongkai.workdays.notice_text import NoticeHoliday

    region = build_region()

    def staff(username: str, org: Any, *roles: str) -> Any:
        return grant(UserFactory.create(username=username, full_name=f"{username}人员"), org, *roles)

    handler = staff("walk_handler", region.office, RoleName.REQUEST_HANDLER)
    office_head = staff("walk_office_head", region.office, RoleName.OFFICE_HEAD)
    staff("walk_dept_handler", region.dept, RoleName.REQUEST_HANDLER)
    sysadmin = get_user_model().objects.create_superuser("walk_sysadmin", "sysadmin@example.gov.cn", "x")
    people = {
        "editor": region.editor,
        "reviewer": region.reviewer,
        "signer": region.signer,
        "office_head": office_head,
        "request_handler": handler,
        "info_officer": staff("walk_info_officer", region.dept, RoleName.INFO_OFFICER),
        "info_editor": staff("walk_info_editor", region.office, RoleName.INFO_EDITOR),
        "leader": staff("walk_leader", region.city, RoleName.LEADER),
        "supervisor": region.supervisor,
        "org_admin": region.admin,
        "sysadmin": sysadmin,
    }

    # Items in every state, with files, a secrecy finding, a 不予公开 filing.
    def with_file(state: str, **fields: Any) -> tuple[Any, Any]:
        item = make_item(
            region=region, state=state, files=[("附表.docx", docx_with("附表：学校名单"))], **fields
        )
        return item, item.attachments.get()

    published, published_file = with_file(ItemState.PUBLISHED, title="关于招生工作的通知")
    review, review_file = with_file(ItemState.REVIEW, body="<p>联系人张三，电话13800000000。</p>")
    signoff, _ = with_file(ItemState.SIGNOFF)
    draft, draft_file = with_file(ItemState.DRAFT)
    exempt = make_item(
        region=region,
        disclosure_attribute="exempt",
        exemption_reason="third_party",
        exemption_explanation="涉及第三方商业秘密",
        title="不予公开的合同",
    )

    # Requests: one in progress (consultation, fee notice), one answered (letter with a file, appeal).
    data = application()
    open_request, _code = intake.register(
        region.office, actor=handler, data=data, channel="in_person", submitted_on=TODAY
    )
    consultation = handling.consult(
        open_request, actor=handler, kind="third_party", party="某建筑公司", on=TODAY
    )
    fee = issue_fee_notice(open_request, actor=handler, method="volume", quantity=250, on=TODAY)
    answered, answered_code = intake.register(
        region.office, actor=handler, data=data, channel="in_person", submitted_on=TODAY
    )
    letter = handling.issue_reply(
        answered,
        actor=handler,
        on=TODAY,
        outcome="1",
        reply_type="provided",
        attachments=[SimpleUploadedFile("答复附件.docx", docx_with("招生划片范围：全市"))],
    )
    appeal = handling.record_appeal(
        answered, actor=handler, kind="review", filed_on=TODAY, authority="测试市人民政府"
    )

    # An annual report published on the portal, one being written.
    report = reports.get_or_create_report(region.dept, 2025, actor=region.head)
    report = reports.update_report(
        report,
        actor=region.head,
        data={"licensing_decisions": 0, "penalty_decisions": 0, "coercion_decisions": 0, "fee_income": 0},
    )
    report = reports.submit(report, actor=region.head)
    reports.accept(type(report).objects.get(pk=report.pk), actor=region.supervisor)
    reports.publish(type(report).objects.get(pk=report.pk), actor=region.head)
    draft_report = reports.get_or_create_report(region.dept, 2024, actor=region.head)

    workdays.add_override(actor=sysadmin, day=TODAY + dt.timedelta(days=12), is_workday=True, note="调休")
    workdays.enter_notice(
        actor=sysadmin,
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        holidays=[NoticeHoliday("元旦", dt.date(2027, 1, 1), dt.date(2027, 1, 3))],
    )
    configure_signoff_chain(
        actor=sysadmin,
        organization=region.county_dept,
        steps=[StepSpec(position=1, title="签发", signers=[region.county_signer])],
    )
    # What only Django admin shows: a group, a keyword of the secrecy scan, a word of the search
    # vocabulary, authenticators.
    Group.objects.create(name="走查")
    SecrecyKeyword.objects.create(text="走查测试关键词")
    from gongkai.search.models import SearchWord

    SearchWord.objects.create(word="符离集", note="走查：乡镇名，机构名称中没有")
    TOTPDevice.objects.create(user=sysadmin, name="身份验证器", confirmed=True)
    StaticDevice.objects.create(user=sysadmin, name="恢复码", confirmed=True).token_set.create(
        token="walk1234"
    )

    govinfo = _govinfo_world(region, people)
    for app_world in APP_WORLDS:
        govinfo.update(app_world.build(region, people))
    from gongkai.accounts import tokens as api_tokens

    api_token = api_tokens.create_token(actor=region.editor, name="走查对接").token

    drain_outbox()
    engine().refresh()

    letter_file = letter.attachments.get()
    role = Role.objects.filter(user=region.editor).first()
    values = {
        # back office
        "item": str(published.pk),
        "item:review": str(review.pk),
        "item:signoff": str(signoff.pk),
        "item:draft": str(draft.pk),
        "attachment": str(published_file.pk),
        "attachment:review": str(review_file.pk),
        "attachment:draft": str(draft_file.pk),
        "request": str(open_request.pk),
        "request:answered": str(answered.pk),
        "consultation": str(consultation.pk),
        "fee": str(fee.pk),
        "letter": str(letter.pk),
        "letter_file": str(letter_file.pk),
        "appeal": str(appeal.pk),
        "report": str(draft_report.pk),
        "report:published": str(report.pk),
        "fmt": "docx",
        "column": str(region.column.pk),
        "code": region.column.code,
        "org": str(region.dept.pk),
        "org:office": str(region.office.pk),
        "role": str(role.pk) if role else "",
        "filing": str(exempt.filing.pk),
        "override": str(CalendarOverride.objects.first().pk),  # type: ignore[union-attr]
        "user": str(region.editor.pk),
        "year": "2026",
        "report_year": "2025",
        # portal and API
        "slug": region.dept.slug,
        "registration": answered.registration_number,
        "section": "items",
        "asset": "swagger-ui.css",
        "api_token": str(api_token.pk),
        "topic": str(
            Classification.objects.filter(scheme="topic", is_active=True).values_list("pk", flat=True)[0]
        ),
        "template_column": str(region.column.template_column_id),
        **govinfo,
    }
    clients: dict[str, WalkClient] = {"anonymous": WalkClient()}
    cookies: dict[str, str] = {}
    for who, user in people.items():
        client = WalkClient()
        client.force_login(user)
        clients[who] = client
        cookies[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    # The applicant, holding the look-up grant of the answered request (its letter and file).
    applicant = WalkClient()
    number = answered.registration_number
    applicant.post("/requests/lookup/", {"registration_number": number, "code": answered_code})
    assert applicant.get(f"/requests/{number}/").status_code == 200, "the applicant's look-up failed"
    clients["applicant"] = applicant
    cookies["applicant"] = applicant.cookies[settings.SESSION_COOKIE_NAME].value
    return World(base=base, values=values, clients=clients, cookies=cookies)


def _govinfo_world(region: Any, people: dict[str, Any]) -> dict[str, str]:
    """政务信息报送 (docs/SPEC.md §8): a submission in every state the routes act on, an issued issue
    with an instruction and its follow-up, a draft 通报, a 约稿通知 and an urgent event with a report."""
    from django.utils import timezone

    from gongkai.govinfo import bulletins
    from gongkai.govinfo.models import Carrier, PointsRuleSet
    from gongkai.govinfo.services import commissions, desk, instructions, issues, submissions, urgent
    from gongkai.secrecy.tests.files import docx_with

    officer, editor, leader = people["info_officer"], people["info_editor"], people["leader"]
    carrier = Carrier.objects.get(code="pukan")

    def draft(title: str) -> Any:
        fields = {"title": title, "body": f"<p>{title}，各校已完成部署。</p>", "carrier": carrier}
        return submissions.create_submission(actor=officer, organization=region.dept, fields=fields)

    def signed(title: str) -> Any:
        item = submissions.send_for_signoff(actor=officer, submission=draft(title))
        return submissions.sign_submission(actor=region.signer, submission=item)

    drafted = draft("市教育局部署秋季学期安全检查")
    attachment = submissions.add_attachment(
        actor=officer, submission=drafted, data=docx_with("检查安排表"), filename="检查安排.docx"
    )
    signing = submissions.send_for_signoff(actor=officer, submission=draft("市教育局开展教师培训"))
    waiting = signed("市教育局推进课后服务全覆盖")
    adopted = desk.receive(signed("市教育局启动学生营养改善计划"), actor=editor)
    publication = issues.save_publication(
        region.office, actor=editor, name="政务信息", level="city", edition="general", default_bao="省政府"
    )
    entry = issues.adopt(adopted, actor=editor, publication=publication)
    issue = issues.issue_issue(entry.issue, actor=editor)
    instruction = instructions.write_instruction(actor=leader, text="请持续抓好落实。", issue=issue)
    follow_up = instructions.open_follow_up(
        actor=editor, instruction=instruction, organization=region.dept, deadline=TODAY + dt.timedelta(10)
    )
    commission = commissions.create_commission(
        actor=editor,
        office=region.office,
        kind="notice",
        year=TODAY.year,
        title="关于报送春季开学工作情况的约稿通知",
        deadline=timezone.now() + dt.timedelta(days=5),
        targets=[(region.dept, None)],
    )
    bulletin = bulletins.draft_bulletin(actor=editor, office=region.office, period_kind="month", on=TODAY)
    event = urgent.create_event(
        actor=officer,
        organization=region.dept,
        title="某中学食堂疑似食物中毒事件",
        severity="major",
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        learned_at=timezone.now() - dt.timedelta(minutes=20),
    )
    report = urgent.create_report(actor=officer, event=event, kind="first", text="初报：12名学生出现不适。")
    rule_set = PointsRuleSet.objects.order_by("effective_from").first()
    return {
        "govinfo_submission": str(drafted.pk),
        "govinfo_submission:signing": str(signing.pk),
        "govinfo_attachment": str(attachment.pk),
        "govinfo_desk": str(waiting.pk),
        "govinfo_issue": str(issue.pk),
        "govinfo_entry": str(entry.pk),
        "govinfo_publication": str(publication.pk),
        "govinfo_instruction": str(instruction.pk),
        "govinfo_followup": str(follow_up.pk),
        "govinfo_commission": str(commission.pk),
        "govinfo_bulletin": str(bulletin.pk),
        "govinfo_rules": str(rule_set.pk if rule_set else ""),
        "govinfo_urgent": str(event.pk),
        "govinfo_urgent_report": str(report.pk),
        "govinfo_table": "ranking",
        "govinfo_table:unit": "months",
    }


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at its end; each test
    runs in a savepoint within it, so what a malformed POST changes is undone after its route."""
    base = tmp_path_factory.mktemp("walk")
    clock = Clock()  # the suite's one clock, held for the whole module
    clock.set(TODAY)
    gongkai = {
        **settings.GONGKAI,
        "SEARCH_DIR": base / "search",
        "PUBLISH_DIR": base / "site",
        "REQUEST_FEES": {**settings.GONGKAI["REQUEST_FEES"], "ENABLED": True},
    }
    files = override_settings(DATA_DIR=base, MEDIA_ROOT=base / "media", GONGKAI=gongkai)
    files.enable()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            try:
                yield _build_world(base)
            finally:
                transaction.set_rollback(True)
    finally:
        files.disable()
        clock.stop()


@pytest.fixture(autouse=True)
def _world_files(_isolated_data_dir: None, settings: Any, world: World) -> None:
    """The world's files and index, not the fresh directory every other test gets."""
    settings.DATA_DIR = world.base
    settings.MEDIA_ROOT = world.base / "media"
    settings.GONGKAI = {
        **settings.GONGKAI,
        "SEARCH_DIR": world.base / "search",
        "PUBLISH_DIR": world.base / "site",
    }


# ------------------------------------------------------------------------------ real arguments


def good_values(route: Route, values: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """A real value for each path argument of ``route``, and the arguments that have none."""
    r = route.route
    found: dict[str, str] = {}
    missing: list[str] = []
    item_state = ""
    if r.startswith("staff/items/<id:pk>/"):
        rest = r.removeprefix("staff/items/<id:pk>/")
        if rest.startswith("review/"):
            item_state = ":review"
        elif rest in ("sign/", "return/"):
            item_state = ":signoff"
        elif rest in ("edit/", "submit/", "links/") or rest.endswith("/remove/"):
            item_state = ":draft"
    answered = ":answered" if any(s in r for s in ("/letters/", "/appeals/", "/files/")) else ""
    if r.startswith(("staff/govinfo/", "api/v1/govinfo/")):
        return _govinfo_values(route, values)
    for app_world in APP_WORLDS:
        own = app_world.values_for(route, values)
        if own is not None:
            return own
    for p in route.params:
        before = _segment_before(r, p.name)
        key = ""
        if p.name in ("pk", "org_pk") or p.name.endswith(("_pk", "_id")):
            key = {
                "items": "item" + item_state,
                "attachments": "attachment" + item_state,
                "requests": "request" + answered,
                "consultations": "consultation",
                "fees": "fee",
                "letters": "letter",
                "appeals": "appeal",
                "reports": "report",
                "columns": "column",
                "roles": "role",
                "filings": "filing",
                "overrides": "override",
                "users": "user",
                "catalog": "org",
                "people": "org",
                "orgs": "org",
                "settings": "org:office",
                "tokens": "api_token",
                "topics": "topic",
                "template-columns": "template_column",
            }.get(before, "")
            if before == "files":
                key = (
                    "letter_file"
                    if r.startswith(("staff/requests/", "requests/"))
                    else "attachment" + item_state
                )
            if r.startswith("items/") and p.name == "pk":  # the portal's item
                key = "item"
        elif p.name == "year":
            key = "report_year" if "report" in r else "year"
        else:
            key = {
                "slug": "slug",
                "code": "code",
                "fmt": "fmt",
                "registration_number": "registration",
                "section": "section",
                "name": "asset",
            }.get(p.name, "")
        if route.area == "admin":
            key = ""  # admin arguments are looked up by model below
        value = values.get(key, "") if key else ""
        if not value and route.area == "admin":
            value = _admin_value(route, p.name)
        if value:
            found[p.name] = value
        else:
            missing.append(p.name)
            found[p.name] = "1"
    return found, missing


#: 政务信息报送's collections → the world's value (the segment before a path argument names it).
GOVINFO_KEYS = {
    "desk": "govinfo_desk",
    "issues": "govinfo_issue",
    "entries": "govinfo_entry",
    "publications": "govinfo_publication",
    "offices": "org:office",
    "units": "org",
    "points": "org",
    "attachments": "govinfo_attachment",
    "commissions": "govinfo_commission",
    "instructions": "govinfo_instruction",
    "followups": "govinfo_followup",
    "bulletins": "govinfo_bulletin",
    "rules": "govinfo_rules",
    "urgent": "govinfo_urgent",
    "urgent-reports": "govinfo_urgent_report",
}


def _govinfo_values(route: Route, values: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    r = route.route
    found: dict[str, str] = {}
    missing: list[str] = []
    for p in route.params:
        before = _segment_before(r, p.name)
        if p.name == "table":  # a table the dashboard exports
            key = "govinfo_table:unit" if "/units/" in r else "govinfo_table"
        elif before == "submissions":
            signing = r.endswith(("/sign/", "/return/"))
            key = "govinfo_submission:signing" if signing else "govinfo_submission"
        else:
            key = GOVINFO_KEYS.get(before, "")
        value = values.get(key, "")
        if value:
            found[p.name] = value
        else:
            missing.append(p.name)
            found[p.name] = "1"
    return found, missing


def _segment_before(route: str, name: str) -> str:
    """The path segment before the one holding argument ``name`` (it names the collection)."""
    segments = route.split("/")
    for i, segment in enumerate(segments):
        if any(mark in segment for mark in (f":{name}>", f"<{name}>", f"(?P<{name}>")):
            return segments[i - 1] if i else ""
    return ""


def _admin_value(route: Route, name: str) -> str:
    """Admin arguments: the first row of the model the route is about."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from gongkai.orgs.models import Organization

    parts = route.route.split("/")
    if name == "url":  # admin's catch-all
        return UNKNOWN
    if name == "app_label":
        return "orgs"
    if parts[1] == "r":  # view on site: a content type and an object of it
        if name == "content_type_id":
            return str(ContentType.objects.get_for_model(Organization).pk)
        return str(Organization.objects.order_by("pk").values_list("pk", flat=True).first())
    if name in ("object_id", "id", "pk") and len(parts) > 3:
        try:
            model = apps.get_model(parts[1], parts[2])
        except LookupError:
            return ""
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        return "" if pk is None else str(pk)
    return ""


# ---------------------------------------------------------------------------------------- walker


@dataclass
class Walk:
    route: Route
    world: World
    failures: Failures
    problems: list[str] = field(default_factory=list)
    sent: int = 0

    def client(self, who: str) -> WalkClient:
        client = self.world.clients[who]
        cookie = self.world.cookies.get(who)
        client.cookies = SimpleCookie()
        if cookie:
            client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        return client

    def send(self, who: str, method: str, url: str, data: dict[str, str]) -> Any:
        client = self.world.clients[who]
        self.sent += 1
        response = getattr(client, method)(url, data)
        if response.status_code >= 500:
            shown = {k: (v if len(v) < 40 else v[:20] + f"…({len(v)} chars)") for k, v in data.items()}
            url_shown = url if len(url) < 120 else url[:100] + f"…({len(url)} chars)"
            where = f"{response.status_code} as {who}: {method.upper()} {url_shown} {shown}"
            self.problems.append(f"{where}\n{self.failures.take()}")
        else:
            self.failures.take()
        return response

    def read(self, who: str, method: str, url: str) -> tuple[Any, Reads]:
        with recording_reads() as reads:
            response = self.send(who, method, url, {"_walk": "1"})
        reads.keys.discard("_walk")
        return response, reads


def _junk(cls: str, keys: set[str], read: set[str]) -> dict[str, str]:
    make = QUERY_JUNK[cls]
    data: dict[str, str] = {}
    for i, key in enumerate(sorted(keys)):
        value = make(i)
        # 10,000 characters in each of 40 parameters is a 400 KB URL: only where it is read.
        data[key] = value if value != LONG or key in read or key == "q" else "x"
    return data


def walk_route(route: Route, world: World, failures: Failures) -> Walk:
    walk = Walk(route, world, failures)
    values, _missing = good_values(route, world.values)
    url = route.url(values)
    # Arguments that pass the converters and name nothing: the door without the room.
    nothing = {p.name: ABSENT[p.kind] for p in route.params if p.kind in ABSENT}
    absent = route.url({**values, **nothing}) if nothing else url
    identities = identities_for(route)
    readers: dict[str, list[tuple[int, str, set[str], str]]] = {"get": [], "post": []}
    inside: list[tuple[str, str]] = []  # who got past the door, and with which method
    post_only = False
    files = 0
    for n, who in enumerate(identities):
        # Building a file (DOCX, XLSX) is slow and the same for everyone allowed: the first
        # identity allowed builds it, the others walk the route up to the permission check.
        target = absent if files >= 1 else url
        walk.client(who)
        response, reads = walk.read(who, "get", target)
        found: list[tuple[str, Reads]] = []
        if response.status_code == 405:
            post_only = True
        else:
            found.append(("get", reads))
            files += _is_file(response)
        if response.status_code == 405 or _posts_to_itself(response, target):
            posted, post_reads = walk.read(who, "post", target)
            if posted.status_code != 405:
                found.append(("post", post_reads))
            if post_only:
                response = posted
        if _got_in(response):
            inside.append((who, "post" if post_only else "get"))
        for method, method_reads in found:
            if method_reads.keys or method_reads.iterated:
                readers[method].append((n, who, method_reads.keys, target))
    # Junk where parameters are read: one class per reader in turn, every class at least once.
    classes = list(QUERY_JUNK)
    for method, who_read in readers.items():
        if not who_read:
            continue
        rounds = max(len(who_read), len(classes))
        for i in range(rounds):
            _n, who, keys, target = who_read[i % len(who_read)]
            walk.client(who)
            walk.send(who, method, target, _junk(classes[i % len(classes)], keys | set(COMMON_PARAMS), keys))
    # Malformed path arguments: what the resolver refuses ends in the ordinary 404 (one is sent
    # to check that page); what it accepts reaches the view and is sent as those who got in.
    refused: list[str] = []
    walkers = inside or [(identities[0], "post" if post_only else "get")]
    for param in route.params:
        for junk in PATH_JUNK:
            junk_url = route.url({**values, param.name: junk})
            try:
                resolve(unquote(junk_url))
            except Resolver404:
                refused.append(junk_url)
                continue
            for who, method in walkers:
                walk.client(who)
                walk.send(who, method, junk_url, {})
    if refused:
        who = identities[-1]
        walk.client(who)
        walk.send(who, "get", refused[len(refused) // 2], {})
    return walk


_FORM = re.compile(r"<form\b([^>]*)>", re.IGNORECASE)
_ACTION = re.compile(r"""\baction\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


#: Per converter, a value it accepts that names nothing.
ABSENT = {"id": MAX, "year": "1000", "slug": "walk-no-such-body"}


def _posts_to_itself(response: Any, url: str) -> bool:
    """An HTML page with a form that posts back to its own address (the page's own form, not
    the header's sign-out or language forms)."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return False
    path = url.split("?")[0]
    for attrs in _FORM.findall(response.content.decode(errors="replace")):
        if "post" not in attrs.lower():
            continue
        action = _ACTION.search(attrs)
        if action is None or action.group(1) in ("", path, "."):
            return True
    return False


def _is_file(response: Any) -> bool:
    return response.status_code == 200 and response.get("Content-Disposition", "").startswith("attachment")


def _got_in(response: Any) -> bool:
    """Past the permission check: a page, a file, a redirect elsewhere than the login, a refusal
    of the input (400, 422)."""
    code = response.status_code
    return code < 300 or (code < 400 and not _to_login(response)) or code in (400, 422)


def _to_login(response: Any) -> bool:
    return response.status_code in (301, 302) and "/login/" in response.get("Location", "")


# ----------------------------------------------------------------------------------------- tests


@pytest.fixture
def failures() -> Iterator[Failures]:
    with Failures().listening() as f:
        yield f


@pytest.mark.parametrize("route", WALKABLE, ids=lambda r: r.id)
def test_no_5xx_on_malformed_arguments(route: Route, world: World, failures: Failures) -> None:
    walk = walk_route(route, world, failures)
    assert walk.sent > 0
    assert not walk.problems, (
        f"{route.id}: {len(walk.problems)} of {walk.sent} requests failed\n\n"
        + "\n\n".join(walk.problems[:5])
    )


@pytest.mark.parametrize("area", sorted(AREA_WHO))
def test_unknown_paths_are_404(area: str, world: World, failures: Failures) -> None:
    prefix = {"staff": "/staff/", "admin": "/admin/", "api": "/api/v1/", "portal": "/"}[area]
    walk = Walk(Route("(unknown)", prefix, "", ()), world, failures)
    for who in AREA_WHO[area]:
        walk.client(who)
        for path in (f"{UNKNOWN}/", f"{UNKNOWN}/1/2/3/", f"{UNKNOWN}%00/", "x" * 3000 + "/"):
            response = walk.send(who, "get", prefix + path, {})
            assert response.status_code in (400, 404, 302), (who, path[:40], response.status_code)
    assert not walk.problems, "\n\n".join(walk.problems)


def test_every_route_is_walked_deeply(world: World) -> None:
    """Routes the walk cannot build a URL for, or whose arguments have no real value in the world
    (they are walked with junk only): none. A new route with a new kind of argument adds it to
    ``good_values`` (or to the world)."""
    shallow = []
    for route in ROUTES:
        if route.problem:
            shallow.append(f"{route.id}: not walked: {route.problem}")
            continue
        _values, missing = good_values(route, world.values)
        if missing:
            shallow.append(f"{route.id}: no real value for {', '.join(missing)}")
    assert not shallow, "\n".join(shallow)


def test_no_route_takes_an_unbounded_integer() -> None:
    """The project's path ids go through ``<id:…>`` (core/params.py), never Django's ``<int:…>``,
    which hands any number of digits to the ORM. (django-ninja's typed path parameters and the
    admin of third-party apps are walked like every route.)"""
    offenders = []
    for route in ROUTES:
        if route.area == "api" or not route.module.startswith("gongkai."):
            continue
        for p in route.params:
            if p.kind == "int":
                offenders.append(route.id)
    assert not offenders, "use <id:…> (or <year:…>) instead of <int:…>: " + ", ".join(offenders)
