"""Cases filed on a staff side that feeds portal hosts (``GONGKAI_PORTAL_FEED``, ``core.codes.
portable_codes``): a request registered at the window or by letter, a message written on the staff
installation's own portal. With the setting on, their codes are portable hashes under the staff
side's own numbers, so the status projection carries them and the citizen's number and code answer
on a portal host — in a province split the only portal the citizen reaches. Without it, nothing
changes (a keyed hash, not projected), and a code given before it was turned on stays keyed.

The staff side's numbers stay below a portal host's range (``core.codes.PORTAL_SERIAL_BASE``), and
a portal file may still claim none of them, even with a portable hash: the portal host learns the
staff cases' portable hashes from the status rows, and must not take a staff case over with them.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core.codes import PORTAL_SERIAL_BASE, is_portable
from gongkai.foi.legal import Channel
from gongkai.foi.models import InfoRequest
from gongkai.foi.services import intake as foi_intake
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.services import handling as message_handling
from gongkai.interaction.services import intake as message_intake
from gongkai.orgs.models import RoleName
from gongkai.portalsync.channel import ChannelError, Writer, read_manifest
from gongkai.portalsync.forward import export_public
from gongkai.portalsync.intake import export_intake, import_intake
from gongkai.portalsync.models import CaseStatus
from gongkai.portalsync.statuses import status_records
from gongkai.portalsync.tests.test_case_status import PORTAL_URLS, WRONG, WRONG_MESSAGE
from gongkai.portalsync.tests.test_portal_host import _portal, empty_database, portal_host_dir  # noqa: F401
from gongkai.testing import UserFactory, application, grant

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)
#: The applicant's and the writer's data: never on a portal host.
SECRETS = ("欧阳明珠", "13811112222", "本区老旧小区改造资金明细", "陈晓东", "13933334444", "夜间施工噪声扰民")


@pytest.fixture
def handler(region: Any, clock: Any) -> Any:
    clock.set(MONDAY)
    return grant(
        UserFactory.create(username="office_handler_f", full_name="承办人丁"),
        region.office,
        RoleName.REQUEST_HANDLER,
    )


def _register(region: Any, handler: Any) -> tuple[InfoRequest, str]:
    """An application sent by letter, signed for on MONDAY (第三十一条第（二）项), registered by staff."""
    return foi_intake.register(
        region.office,
        actor=handler,
        data=application(
            applicant_name="欧阳明珠", phone="13811112222", description="本区老旧小区改造资金明细"
        ),
        channel=Channel.LETTER,
        submitted_on=dt.date(2026, 2, 27),
        signed_for_on=MONDAY,
    )


def _write(region: Any) -> tuple[Message, str]:
    """A message written on the staff installation's own portal."""
    message, code = message_intake.submit_message(
        organization=region.dept,
        kind=MessageKind.objects.get(code="consult"),
        data={
            "subject": "夜间施工噪声扰民",
            "text": "工地每晚十一点后仍在施工，请问是否有夜间施工许可？",
            "writer_name": "陈晓东",
            "writer_phone": "13933334444",
            "consent_publish": False,
        },
    )
    assert code
    return message, code


def _serial(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


def _projected() -> set[tuple[str, str]]:
    return {(r["kind"], r["number"]) for r in status_records()}


@pytest.fixture
def feeding(region: Any, handler: Any, settings: Any) -> dict[str, Any]:
    """On MONDAY, on a staff side with ``GONGKAI_PORTAL_FEED`` on: a request registered by staff and
    a message written on the staff side's portal."""
    settings.GONGKAI_PORTAL_FEED = True
    info, code = _register(region, handler)
    message, message_code = _write(region)
    return {"request": info, "code": code, "message": message, "message_code": message_code}


# --- the staff side -----------------------------------------------------------------------------------


def test_with_the_feed_on_staff_filed_cases_are_projected_under_the_staff_sides_numbers(feeding):
    info, message = feeding["request"], feeding["message"]
    # The staff side's own yearly series, below every portal host's range; the code a portable hash.
    assert _serial(info.registration_number) == 1 and _serial(message.tracking_number) == 1
    assert is_portable(info.lookup_code_hash) and is_portable(message.code_hash)
    assert feeding["code"] not in info.lookup_code_hash
    records = {(r["kind"], r["number"]): r for r in status_records()}
    assert set(records) == {("request", info.registration_number), ("message", message.tracking_number)}
    req = records[("request", info.registration_number)]
    # Received when signed for (第三十一条第（二）项); 20 working days (第三十三条第一款): 30 March.
    assert (req["state"], req["received_on"], req["due_date"]) == ("registered", MONDAY, dt.date(2026, 3, 30))
    assert req["code_hash"] == info.lookup_code_hash
    msg = records[("message", message.tracking_number)]
    assert (msg["state"], msg["received_on"], msg["code_hash"]) == ("received", MONDAY, message.code_hash)
    # The staff side's own look-ups take the portable hash as they take a keyed one.
    assert foi_intake.find_by_code(info.registration_number.lower(), feeding["code"]) == info
    assert foi_intake.find_by_code(info.registration_number, "2345678923") is None
    assert message_intake.find_by_code(message.tracking_number, feeding["message_code"]) == message
    assert message_intake.find_by_code(message.tracking_number, "2345678923") is None


def test_without_the_feed_nothing_changes_and_earlier_codes_stay_keyed(region, handler, settings):
    """Off (the default): keyed hashes, nothing projected. Turned on later: the cases filed before keep
    their keyed codes and are not projected — the staff side never kept those codes in clear — until
    a code is reissued (重新生成查询码), which is then portable; new cases are projected at once."""
    assert settings.GONGKAI_PORTAL_FEED is False
    before, before_code = _register(region, handler)
    message, _code = _write(region)
    for stored in (before.lookup_code_hash, message.code_hash):
        assert not is_portable(stored) and re.fullmatch(r"[0-9a-f]{64}", stored)
    assert not _projected()

    settings.GONGKAI_PORTAL_FEED = True
    assert not _projected()
    assert foi_intake.find_by_code(before.registration_number, before_code) == before  # still works here
    after, _after_code = _register(region, handler)
    assert _projected() == {("request", after.registration_number)}
    new_code = foi_intake.reissue_lookup_code(before, actor=handler)
    assert _projected() == {("request", after.registration_number), ("request", before.registration_number)}
    assert foi_intake.find_by_code(before.registration_number, new_code) is not None
    assert foi_intake.find_by_code(before.registration_number, before_code) is None


# --- the look-ups on a portal host (its status table filled as an import fills it) --------------------


@pytest.fixture
def portal_host(settings: Any) -> Client:
    settings.ROOT_URLCONF = PORTAL_URLS
    settings.GONGKAI_ROLE = "portal"
    return Client()


def test_a_portal_host_answers_the_staff_filed_cases_with_their_state_and_dates(
    feeding, region, clock, portal_host
):
    info, message = feeding["request"], feeding["message"]
    clock.set(dt.date(2026, 3, 4))
    message_handling.answer(
        Message.objects.get(pk=message.pk), actor=region.head, text="您好：该工地已办理夜间施工许可。"
    )
    records = list(status_records())
    # The portal host holds none of the staff side's cases, only their status rows.
    InfoRequest.objects.all().delete()
    Message.objects.all().delete()
    CaseStatus.objects.bulk_create(CaseStatus(**r) for r in records)

    url = reverse("portal:request_track")
    typed = " " + info.registration_number.lower() + " "
    found = portal_host.post(url, {"registration_number": typed, "code": feeding["code"].lower()})
    html = found.content.decode()
    assert found.status_code == 200, html[:500]
    assert "待分办" in html and "2026年3月2日" in html and "2026年3月30日" in html
    assert "正在转交受理机关" not in html  # not an application waiting on this host
    assert "答复文书按您申请时选择的获取方式送达" in html
    wrong = portal_host.post(url, {"registration_number": info.registration_number, "code": "2345678923"})
    assert wrong.status_code == 400 and WRONG in wrong.content.decode()

    track = reverse("portal:message_track")
    found = portal_host.post(
        track, {"tracking_number": message.tracking_number, "code": feeding["message_code"]}
    )
    page = found.content.decode()
    assert found.status_code == 200 and "已答复" in page and "2026-03-02" in page and "2026-03-04" in page
    assert "夜间施工许可" not in page  # the answer is not published: not on the internet side
    wrong = portal_host.post(track, {"tracking_number": message.tracking_number, "code": "2345678923"})
    assert wrong.status_code == 400 and WRONG_MESSAGE in wrong.content.decode()
    for text in (html, page):
        for secret in SECRETS:
            assert secret not in text


# --- through the channel: an export imported by a portal host in its own processes ---------------------


def test_the_citizens_number_and_code_answer_on_a_portal_host_after_export_and_import(
    feeding,
    tmp_path,
    empty_database,  # noqa: F811
):
    portal_dir, env = portal_host_dir(tmp_path, empty_database)
    gate = tmp_path / "gate"
    export_public(gate, state_dir=tmp_path / "state")
    _portal(env, "import", str(gate))

    info, message = feeding["request"], feeding["message"]
    with sqlite3.connect(portal_dir / "gongkai.sqlite3") as conn:
        rows = set(conn.execute("SELECT kind, number, state FROM portalsync_casestatus"))
    assert rows == {
        ("request", info.registration_number, "registered"),
        ("message", message.tracking_number, "received"),
    }
    req = ("/requests/track/", "registration_number", info.registration_number)
    msg = ("/messages/track/", "tracking_number", message.tracking_number)
    look = "\n".join(
        [
            "import datetime, time_machine",
            "at = datetime.datetime(2026, 3, 2, 3, tzinfo=datetime.timezone.utc)",
            "time_machine.travel(at, tick=False).start()",
            "import django; django.setup()",
            "from django.test import Client",
            "c = Client(HTTP_HOST='127.0.0.1')",
            "def post(url, field, number, code):",
            "    r = c.post(url, {field: number, 'code': code})",
            "    return r.status_code, r.content.decode()",
            f"ok, page = post(*{req!r}, {feeding['code']!r})",
            f"bad, _ = post(*{req!r}, '2345678923')",
            f"mok, mpage = post(*{msg!r}, {feeding['message_code']!r})",
            f"mbad, _ = post(*{msg!r}, '2345678923')",
            "print(ok, bad, '待分办' in page and '2026年3月30日' in page, mok, mbad, '2026-03-02' in mpage,",
            f"      any(s in page + mpage for s in {SECRETS!r}))",
        ]
    )
    assert _portal(env, script=look).split() == ["200", "400", "True", "200", "400", "True", "False"]
    db_bytes = b"".join(p.read_bytes() for p in portal_dir.glob("gongkai.sqlite3*"))
    for secret in SECRETS:
        assert secret.encode() not in db_bytes


# --- a portal file may claim no staff number ------------------------------------------------------------


def _genuine_portal_file(region: Any, settings: Any, gate: Path) -> dict[str, dict[str, Any]]:
    """What a portal host sends of a message and an application written there, by kind."""
    settings.GONGKAI_ROLE = "portal"
    try:
        message_intake.submit_message(
            organization=region.dept,
            kind=MessageKind.objects.get(code="consult"),
            data={"subject": "门户上的留言", "text": "这是在门户主机上提交的留言内容。"},
        )
        foi_intake.submit_online(organization=region.office, data=application())
        exported = export_intake(gate)
    finally:
        settings.GONGKAI_ROLE = "full"
    assert exported is not None
    lines = read_manifest(exported.manifest, direction="intake").lines()
    return {line["t"]: line["f"] for line in lines}


def _forged(gate: Path, sequence: int, label: str, record: dict[str, Any], key: str) -> Path:
    """A well-formed intake batch holding one row, as a portal host that was taken over could write."""
    writer = Writer(gate, "intake", sequence)
    writer.write({"t": label, "key": record[key], "f": record})
    writer.close({"direction": "intake", "kind": "intake", "created_at": "2026-03-02T10:00:00+08:00"})
    return writer.manifest


def test_a_portal_file_claiming_a_staff_number_is_refused_even_with_a_portable_hash(
    feeding, region, settings, tmp_path
):
    """The portal host learnt the staff cases' portable hashes from their status rows: with them, or
    with a number the staff side has not given yet, it still takes over no staff number."""
    info, message = feeding["request"], feeding["message"]
    genuine = _genuine_portal_file(region, settings, tmp_path / "genuine")
    assert _serial(genuine["interaction.message"]["tracking_number"]) >= PORTAL_SERIAL_BASE
    # Per kind: the portal's genuine row, its number field and its code hash field.
    kinds = {
        "foi.inforequest": (genuine["foi.inforequest"], "registration_number", "lookup_code_hash"),
        "interaction.message": (genuine["interaction.message"], "tracking_number", "code_hash"),
    }
    portal_request_hash = genuine["foi.inforequest"]["lookup_code_hash"]
    portal_message_hash = genuine["interaction.message"]["code_hash"]
    claims = [
        # The staff cases themselves, with the portable hashes their status rows showed the portal…
        ("foi.inforequest", info.registration_number, info.lookup_code_hash),
        ("interaction.message", message.tracking_number, message.code_hash),
        # …and the numbers the staff side gives next, with a hash of the portal's making.
        ("foi.inforequest", re.sub(r"-\d+$", "-00002", info.registration_number), portal_request_hash),
        ("interaction.message", "LY-2026-000002", portal_message_hash),
    ]
    counts = (InfoRequest.objects.count(), Message.objects.count())
    for sequence, (label, number, stored) in enumerate(claims, start=1):
        base, key, hash_field = kinds[label]
        record = {**base, key: number, hash_field: stored}
        if "idempotency_key" in record:
            record["idempotency_key"] = f"forged-key-{sequence:08d}"  # not the genuine message's
        with pytest.raises(ChannelError, match="格式不正确"):
            import_intake(_forged(tmp_path / "forged", sequence, label, record, key), tmp_path / "acks")
    assert (InfoRequest.objects.count(), Message.objects.count()) == counts
    assert InfoRequest.objects.get(pk=info.pk).lookup_code_hash == info.lookup_code_hash
    assert Message.objects.get(pk=message.pk).code_hash == message.code_hash
    assert not list((tmp_path / "acks").glob("ack-*"))  # nothing acknowledged: the portal keeps nothing back
