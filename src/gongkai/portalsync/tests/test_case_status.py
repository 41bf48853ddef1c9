"""The status projection (staff → portal) and the portal host's look-ups that read it.

A request or a message filed on a portal host keeps the number and the portable code hash the portal
gave (``core.codes``); once the staff side has collected it, the portal host holds only its status row
(``portalsync.statuses``), and the citizen's number and code find that row there. Only such cases are
projected; each row holds the state and the dates, never the person or the content; a change of state
travels as a changed row; a case deleted on the staff side is a deletion.

The cases are made here as a portal host makes them (``GONGKAI_ROLE=portal``: its number range and the
portable hash) in the test database, which then plays the staff side that collected them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.foi.models import InfoRequest
from gongkai.foi.services import handling as foi_handling
from gongkai.foi.services import intake as foi_intake
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.services import handling as message_handling
from gongkai.interaction.services import intake as message_intake
from gongkai.interaction.services.masking import propose_copy
from gongkai.orgs.models import RoleName
from gongkai.portal.tests.leaksweep import Probe, fetch_all
from gongkai.portalsync.channel import dumps, read_manifest
from gongkai.portalsync.forward import ExportResult, export_public
from gongkai.portalsync.models import CaseKind, CaseStatus
from gongkai.portalsync.statuses import status_key, status_records
from gongkai.testing import UserFactory, application, grant

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)
PORTAL_URLS = "gongkai.portalsync.urls"
WRONG = "登记编号或查询码不正确，请核对后重新输入。查询码遗失的，请联系受理机关。"
WRONG_MESSAGE = "留言编号或查询码不正确，请核对后重新输入。"

#: Everything a status row may hold: a new column is a decision about what the internet side sees.
STATUS_COLUMNS = {
    "id",
    "kind",
    "number",
    "code_hash",
    "state",
    "paused",
    "received_on",
    "due_date",
    "due_projected",
    "due_provisional",
    "extension_workdays",
    "answered_on",
    "closed_on",
    "published_message",
}

#: Personal data and content the cases below carry: never in a status row, never on the look-ups.
SECRETS = (
    "欧阳明珠",
    "13811112222",
    "11010519491231002X",
    "幸福路八号院",
    "本区老旧小区改造资金明细",
    "陈晓东",
    "13933334444",
    "夜间施工噪声扰民",
    "工地每晚十一点后仍在施工",
    "答复正文机密词",
)


def _portal_request(settings: Any, region: Any) -> tuple[InfoRequest, str]:
    """An online application as a portal host takes it (its range, the portable hash)."""
    settings.GONGKAI_ROLE = "portal"
    try:
        info, code = foi_intake.submit_online(
            organization=region.office,
            data=application(
                applicant_name="欧阳明珠",
                phone="13811112222",
                id_number="11010519491231002X",
                address="测试市幸福路八号院",
                description="本区老旧小区改造资金明细",
            ),
        )
    finally:
        settings.GONGKAI_ROLE = "full"
    return info, code


def _portal_message(settings: Any, region: Any) -> tuple[Message, str]:
    settings.GONGKAI_ROLE = "portal"
    try:
        message, code = message_intake.submit_message(
            organization=region.dept,
            kind=MessageKind.objects.get(code="consult"),
            data={
                "subject": "夜间施工噪声扰民",
                "text": "工地每晚十一点后仍在施工，请问是否有夜间施工许可？",
                "writer_name": "陈晓东",
                "writer_phone": "13933334444",
                "writer_email": "",
                "consent_publish": True,
            },
        )
    finally:
        settings.GONGKAI_ROLE = "full"
    assert code is not None
    return message, code


@pytest.fixture
def cases(region: Any, clock: Any, settings: Any) -> dict[str, Any]:
    """On MONDAY: a request and a message filed on a portal host, and one of each filed on the staff
    side (not projected)."""
    clock.set(MONDAY)
    info, code = _portal_request(settings, region)
    message, message_code = _portal_message(settings, region)
    staff_request, _ = foi_intake.submit_online(organization=region.office, data=application())
    staff_message, _ = message_intake.submit_message(
        organization=region.dept,
        kind=MessageKind.objects.get(code="consult"),
        data={
            "subject": "工作端的留言",
            "text": "这是在工作端网站提交的留言内容。",
            "consent_publish": False,
        },
    )
    head = grant(
        UserFactory.create(username="office_head_s", full_name="公开办主任"),
        region.office,
        RoleName.OFFICE_HEAD,
    )
    handler = grant(
        UserFactory.create(username="office_handler_s", full_name="承办人丙"),
        region.office,
        RoleName.REQUEST_HANDLER,
    )
    return {
        "request": info,
        "code": code,
        "message": message,
        "message_code": message_code,
        "staff_request": staff_request,
        "staff_message": staff_message,
        "head": head,
        "handler": handler,
    }


def _records() -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["kind"], r["number"]): r for r in status_records()}


def _apply_here(records: Any = None) -> None:
    """What ``gongkai portal import`` leaves on the portal host's status table."""
    CaseStatus.objects.all().delete()
    for record in records if records is not None else status_records():
        CaseStatus.objects.create(**record)


# --- the projection (staff side) ----------------------------------------------------------------------


def test_only_cases_from_a_portal_host_are_projected_and_only_their_status(cases):
    info, message = cases["request"], cases["message"]
    assert info.registration_number.endswith("-9100001") and info.lookup_code_hash.startswith("s1$")
    records = _records()
    assert set(records) == {("request", info.registration_number), ("message", message.tracking_number)}
    for record in records.values():
        assert set(record) == STATUS_COLUMNS
    req = records[("request", info.registration_number)]
    assert req["id"] == status_key(CaseKind.REQUEST, info.pk) == 2 * info.pk
    assert req["code_hash"] == info.lookup_code_hash and req["state"] == "registered"
    # Received online on the Monday; 20 working days (第三十三条第一款): 3–6, 9–13, 16–20, 23–27, 30 March.
    assert req["received_on"] == MONDAY and req["due_date"] == dt.date(2026, 3, 30) == info.due_date
    assert (req["answered_on"], req["closed_on"], req["extension_workdays"]) == (None, None, 0)
    msg = records[("message", message.tracking_number)]
    assert msg["id"] == 2 * message.pk + 1 and msg["code_hash"] == message.code_hash
    assert (msg["state"], msg["due_date"], msg["published_message"]) == ("received", message.due_date, None)
    text = dumps(list(records.values()))
    for secret in SECRETS:
        assert secret not in text
    # The staff side stores none of it: the rows are computed at each export.
    assert not CaseStatus.objects.exists()


def test_state_changes_travel_as_changed_rows_and_a_deleted_case_as_a_deletion(
    cases, clock, region, tmp_path
):
    """An extension (第三十三条第二款), a reply, a published answer: each a changed row of the next
    batch, with the deadline the staff side computed; a deleted request leaves the portal."""
    gate, state = tmp_path / "gate", tmp_path / "state"
    info, message = cases["request"], cases["message"]
    first = export_public(gate, state_dir=state)
    assert first.kind == "snapshot"

    _extend(cases, clock)
    answered = message_handling.answer(
        Message.objects.get(pk=message.pk), actor=region.head, text="您好：该工地已办理夜间施工许可。"
    )
    message_handling.publish(answered, actor=region.head, copy=propose_copy(answered))
    second = export_public(gate, state_dir=state)
    assert second.kind == "changes"
    rows = _status_lines(second)
    info = InfoRequest.objects.get(pk=info.pk)
    # 15 more working days after 30 March: 31 March … 21 April (as the staff side computed it).
    assert info.due_date == dt.date(2026, 4, 21)
    assert rows[2 * info.pk]["extension_workdays"] == 15
    assert rows[2 * info.pk]["due_date"] == "2026-04-21"
    published = rows[2 * message.pk + 1]
    assert published["state"] == "published" and published["published_message"] == message.pk
    assert published["answered_on"] == "2026-03-25"
    assert set(rows) == {2 * info.pk, 2 * message.pk + 1}  # the staff side's own cases are not there

    # Nothing changed: no batch at all.
    assert export_public(gate, state_dir=state).kind == "none"

    InfoRequest.objects.filter(pk=info.pk).delete()
    third = export_public(gate, state_dir=state)
    assert _status_lines(third, op="d") == {2 * info.pk: {}}


def _status_lines(result: ExportResult, op: str = "u") -> dict[int, dict[str, Any]]:
    """The status table's lines of one batch: upserts (records by key) or deletions (keys)."""
    found: dict[int, dict[str, Any]] = {}
    for line in read_manifest(result.manifest, direction="public").lines():
        if line.get("t") == "portalsync.casestatus" and line["op"] == op:
            found[int(line["f"]["id"] if op == "u" else line["pk"])] = line.get("f", {})
    return found


def test_a_closed_case_keeps_its_row_with_the_day_it_ended(cases, clock):
    """撤回 (withdrawal): the request ends (已终止) on the day entered; the portal still answers."""
    clock.set(dt.date(2026, 3, 4))
    foi_handling.withdraw(
        InfoRequest.objects.get(pk=cases["request"].pk),
        actor=cases["handler"],
        on=dt.date(2026, 3, 4),
        reason="申请人来电撤回",
    )
    row = _records()[("request", cases["request"].registration_number)]
    assert (row["state"], row["closed_on"]) == ("closed", dt.date(2026, 3, 4))
    assert "申请人来电撤回" not in dumps(row)


def _extend(cases: dict[str, Any], clock: Any) -> None:
    """The request's answer period extended by 15 working days on 2026-03-25 (第三十三条第二款)."""
    clock.set(dt.date(2026, 3, 25))
    foi_handling.extend(
        InfoRequest.objects.get(pk=cases["request"].pk),
        actor=cases["head"],
        on=dt.date(2026, 3, 25),
        days=15,
        reason="需要调取档案",
    )


# --- the look-ups on the portal host ----------------------------------------------------------------


@pytest.fixture
def portal_host(settings: Any) -> Client:
    settings.ROOT_URLCONF = PORTAL_URLS
    settings.GONGKAI_ROLE = "portal"
    return Client()


def test_the_request_look_up_answers_the_right_code_with_status_and_dates_only(cases, clock, portal_host):
    info, code = cases["request"], cases["code"]
    _extend(cases, clock)
    _apply_here()
    InfoRequest.objects.all().delete()  # collected and acknowledged: the portal host holds no request
    Message.objects.all().delete()
    url = reverse("portal:request_track")
    assert url == "/requests/track/"
    page = portal_host.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    # Typed as people type it: lower case, spaces around.
    typed = " " + info.registration_number.lower() + " "
    found = portal_host.post(url, {"registration_number": typed, "code": code.lower()})
    html = found.content.decode()
    assert found.status_code == 200 and found["Cache-Control"] == "no-store", html[:500]
    assert "待分办" in html  # as the staff side's look-up words it (RequestState)
    assert "2026年4月21日" in html and "已延长15个工作日（《条例》第三十三条第二款）" in html
    assert "答复文书按您申请时选择的获取方式送达，不在本网站显示" in html
    for secret in SECRETS:
        assert secret not in html


def test_the_application_form_on_a_portal_host_leads_to_its_look_up(cases, portal_host, client, settings):
    # A citizen who comes back later starts from the form: its link must lead somewhere on this host.
    page = portal_host.get(reverse("portal:request_apply")).content.decode()
    assert 'href="/requests/track/"' in page
    settings.ROOT_URLCONF, settings.GONGKAI_ROLE = "gongkai.urls", "full"
    staff_side = client.get(reverse("portal:request_apply")).content.decode()
    assert f'href="{reverse("portal:request_lookup")}"' in staff_side and "/requests/track/" not in staff_side


def test_a_wrong_code_and_an_unknown_number_get_the_same_message(cases, portal_host):
    _apply_here()
    url = reverse("portal:request_track")
    info = cases["request"]
    wrong = portal_host.post(url, {"registration_number": info.registration_number, "code": "2345678923"})
    unknown = portal_host.post(url, {"registration_number": "YSQ-000001-2026-9199999", "code": cases["code"]})
    # The staff side's own request is not served here either, code right or not.
    staff = portal_host.post(
        url, {"registration_number": cases["staff_request"].registration_number, "code": "x"}
    )
    empty = portal_host.post(url, {"registration_number": "", "code": ""})
    for response in (wrong, unknown, staff):
        assert response.status_code == 400 and WRONG in response.content.decode()
    assert empty.status_code == 400 and "请填写登记编号" in empty.content.decode()


def test_wrong_look_ups_are_capped_with_the_staff_sides_limit(cases, portal_host, settings):
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_LOOKUP_PER_HOUR": 2}
    _apply_here()
    url = reverse("portal:request_track")
    number = cases["request"].registration_number
    for _ in range(2):
        assert portal_host.post(url, {"registration_number": number, "code": "2345678923"}).status_code == 400
    capped = portal_host.post(url, {"registration_number": number, "code": cases["code"]})
    assert capped.status_code == 429 and capped["Retry-After"]
    assert "每小时最多可输错登记编号或查询码2次" in capped.content.decode()


def test_an_application_not_yet_collected_is_found_on_the_host_itself(cases, portal_host):
    """Between submission and collection the application is still on the portal host."""
    response = portal_host.post(
        reverse("portal:request_track"),
        {"registration_number": cases["request"].registration_number, "code": cases["code"]},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "已提交，正在转交受理机关" in html and "2026年3月30日" in html
    for secret in SECRETS:
        assert secret not in html


def test_a_collected_message_is_found_through_its_status_row(cases, clock, region, portal_host):
    message, code = cases["message"], cases["message_code"]
    url = reverse("portal:message_track")
    clock.set(dt.date(2026, 3, 4))
    answered = message_handling.answer(
        Message.objects.get(pk=message.pk), actor=region.head, text="答复正文机密词，请知悉。"
    )
    records = list(status_records())
    Message.objects.filter(pk=message.pk).delete()  # acknowledged: gone from the portal host
    _apply_here(records)
    found = portal_host.post(url, {"tracking_number": message.tracking_number.lower(), "code": code})
    html = found.content.decode()
    assert found.status_code == 200 and "已答复" in html and "2026-03-04" in html
    assert "未公开的答复内容不在本网站显示" in html
    for secret in SECRETS:
        assert secret not in html
    wrong = portal_host.post(url, {"tracking_number": message.tracking_number, "code": "2345678923"})
    assert wrong.status_code == 400 and WRONG_MESSAGE in wrong.content.decode()

    # Published: the row links to the public copy (which travels as a public message).
    CaseStatus.objects.filter(number=answered.tracking_number).update(
        state="published", published_message=answered.pk
    )
    found = portal_host.post(url, {"tracking_number": message.tracking_number, "code": code})
    assert f'href="{reverse("portal:message", args=[answered.pk])}"' in found.content.decode()


def test_the_staff_side_ignores_status_rows(cases, client):
    """A staff installation serves no ``request_track`` and its message look-up reads its own rows."""
    _apply_here()
    Message.objects.filter(pk=cases["message"].pk).delete()
    response = client.post(
        reverse("portal:message_track"),
        {"tracking_number": cases["message"].tracking_number, "code": cases["message_code"]},
    )
    assert response.status_code == 400
    assert client.get("/requests/track/").status_code == 404


# --- leak sweep of the routes only a portal host serves ----------------------------------------------


def portal_host_probes(cases: dict[str, Any]) -> dict[str, list[Probe]]:
    """Probes per route the portal role adds (``urls.PORTAL_HOST_ROUTES``): the look-up page, empty and
    with a number given (the form's POST is swept in the test below)."""
    return {
        "request_track": [
            Probe([]),
            Probe([], {"number": cases["request"].registration_number}),
        ]
    }


def test_nothing_of_the_person_or_the_content_on_the_portal_hosts_own_routes(cases, clock, portal_host):
    from gongkai.portalsync.urls import PORTAL_HOST_ROUTES

    clock.set(dt.date(2026, 3, 20))
    foi_handling.issue_reply(
        InfoRequest.objects.get(pk=cases["request"].pk),
        actor=cases["handler"],
        on=dt.date(2026, 3, 20),
        outcome="1",
        reply_type="provided",
        body="答复正文机密词：经审查，您申请的信息予以公开。",
    )
    _apply_here()
    InfoRequest.objects.all().delete()  # collected and acknowledged: only the status rows remain
    Message.objects.filter(pk=cases["message"].pk).delete()
    probes = portal_host_probes(cases)
    assert set(probes) == {p.name for p in PORTAL_HOST_ROUTES}
    pages = fetch_all(portal_host, probes)
    for number, code, name in (
        (cases["request"].registration_number, cases["code"], "request_track"),
        (cases["message"].tracking_number, cases["message_code"], "message_track"),
    ):
        field = "registration_number" if name == "request_track" else "tracking_number"
        response = portal_host.post(reverse(f"portal:{name}"), {field: number, "code": code})
        assert response.status_code == 200
        pages.append((name, response.content.decode()))
    assert "已答复" in pages[-2][1] and "2026年3月20日" in pages[-2][1]
    for where, html in pages:
        for secret in SECRETS:
            assert secret not in html, f"{secret} on {where}"


# --- English -----------------------------------------------------------------------------------------


def test_the_portal_hosts_look_ups_are_english(cases, clock, region, portal_host):
    """The look-up page (empty, found, wrong pair), the message look-up of a collected message and the
    page after applying on a portal host, with the language ``en``: no Chinese left."""
    from gongkai.portal.tests.test_english import EN, apply_in_english, ascii_region, chinese_left, get_en

    ascii_region(region)
    _extend(cases, clock)
    _apply_here()
    InfoRequest.objects.all().delete()
    Message.objects.filter(pk=cases["message"].pk).delete()
    url = reverse("portal:request_track")
    assert not chinese_left(get_en(portal_host, url))
    number = cases["request"].registration_number
    pages = {}
    for code, status in ((cases["code"], 200), ("2345678923", 400)):
        page = portal_host.post(url, {"registration_number": number, "code": code}, **EN)
        assert page.status_code == status
        pages[status] = page.content.decode()
        assert not chinese_left(pages[status]), chinese_left(pages[status])
    assert "Extended by 15 working days (Regulations, Article 33(2))" in pages[200]
    found = portal_host.post(
        reverse("portal:message_track"),
        {"tracking_number": cases["message"].tracking_number, "code": cases["message_code"]},
        **EN,
    )
    assert found.status_code == 200 and not chinese_left(found.content.decode())
    apply_in_english(portal_host, region)
    submitted = get_en(portal_host, reverse("portal:request_submitted"))
    assert not chinese_left(submitted) and 'href="/requests/track/"' in submitted
