"""Urgent reports (docs/SPEC.md §8): "urgent items are time-stamped at every step so late, missed or
concealed reports (迟报、漏报、瞒报) can be proven"; "Emergency deadlines are local, e.g. 30 minutes by
phone and 60 written for major events, or ≤ 2 hours. Reports follow 初报 → 续报 → 终报, with a daily
report for long events"."""

from __future__ import annotations

import hashlib
import itertools
import json
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from gongkai.audit.models import AuditEvent
from gongkai.core.actors import SYSTEM
from gongkai.govinfo import chain
from gongkai.govinfo.console import govinfo
from gongkai.govinfo.models import EventState, LogEntry, Penalty, UrgentDeadline
from gongkai.govinfo.models.urgent import UrgentFlag
from gongkai.govinfo.services import urgent
from gongkai.govinfo.tests.urgent_helpers import at, people
from gongkai.notifications.models import Notification

SENT: list[tuple[str, str]] = []


class RecordingGateway:
    """A test SMS gateway: keeps what it was asked to send."""

    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


@pytest.fixture
def texts(settings: Any) -> list[tuple[str, str]]:
    settings.GONGKAI = {
        **settings.GONGKAI,
        "SMS": {**settings.GONGKAI["SMS"], "GATEWAY": f"{__name__}.RecordingGateway"},
    }
    SENT.clear()
    return SENT


@pytest.fixture
def p(region: Any) -> Any:
    return people(region)


def _event(p: Any, clock: Any, severity: str = "major", learned: Any = None, **kw: Any) -> Any:
    learned = learned or at(1, 8, 0)
    clock.set(learned.replace(minute=learned.minute + 5) if learned.minute < 55 else learned)
    return urgent.create_event(
        actor=p.officer,
        organization=p.region.dept,
        title="某小学食物中毒事件",
        severity=severity,
        place="城关镇",
        occurred_at=learned.replace(minute=0) if learned.minute else learned,
        learned_at=learned,
        **kw,
    )


def _written(p: Any, event: Any, kind: str = "first", text: str = "初步情况") -> Any:
    return urgent.create_report(actor=p.officer, event=event, kind=kind, channel="written", text=text)


# -- deadlines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "channel", "minutes"),
    [
        ("major", "phone", 30),
        ("major", "written", 60),
        ("grave", "written", 60),
        ("large", "written", 120),
        ("ordinary", "phone", 60),
        ("ordinary", "written", 120),
    ],
)
def test_first_report_due_by_severity_and_channel(p, clock, severity, channel, minutes):
    event = _event(p, clock, severity=severity)
    report = urgent.create_report(actor=p.officer, event=event, kind="first", channel=channel, text="初报")
    assert (report.due_at - at(1, 8, 0)).total_seconds() == minutes * 60


def test_deadlines_are_configuration(p, clock):
    UrgentDeadline.objects.filter(severity="major", channel="written").update(minutes=45)
    event = _event(p, clock)
    assert _written(p, event).due_at == at(1, 8, 45)


def test_sent_on_time_and_late_by_one_minute(p, clock):
    event = _event(p, clock)  # major, learned 08:00: phone due 08:30, written due 09:00
    phone = urgent.create_report(actor=p.officer, event=event, kind="first", channel="phone", text="电话报告")
    clock.set(at(1, 8, 30))
    urgent.send_report(actor=p.officer, report=phone)  # exactly at the due time: on time
    written = _written(p, event)
    urgent.sign_report(actor=p.signer, report=written)
    clock.set(at(1, 9, 1))
    urgent.send_report(actor=p.signer, report=written)
    phone.refresh_from_db()
    written.refresh_from_db()
    assert phone.is_late is False
    assert written.is_late is True
    sent = LogEntry.objects.get(report=written, action="report.sent")
    assert sent.payload["late"] is True and sent.payload["late_minutes"] == 1


def test_every_step_is_stamped_by_the_server(p, clock):
    event = _event(p, clock)
    assert event.created_at == at(1, 8, 5) and event.office == p.region.office
    report = _written(p, event)
    clock.set(at(1, 8, 20))
    urgent.sign_report(actor=p.signer, report=report)
    clock.set(at(1, 8, 25))
    urgent.send_report(actor=p.officer, report=report)
    clock.set(at(1, 8, 40))
    urgent.receive_report(actor=p.desk, report=report)
    clock.set(at(1, 9, 10))
    urgent.read_report(actor=p.leader, report=report)
    report.refresh_from_db()
    assert (report.created_at, report.signed_at, report.sent_at, report.received_at, report.read_at) == (
        at(1, 8, 5),
        at(1, 8, 20),
        at(1, 8, 25),
        at(1, 8, 40),
        at(1, 9, 10),
    )
    assert (report.signed_by, report.sent_by, report.received_by, report.read_by) == (
        p.signer,
        p.officer,
        p.desk,
        p.leader,
    )
    actions = list(LogEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "event.created",
        "report.created",
        "report.signed",
        "report.sent",
        "report.texted",
        "report.received",
        "report.read",
    ]
    assert AuditEvent.objects.filter(action="govinfo.urgent_report_sent").count() == 1


def test_the_chain_of_reports_and_the_final_report_closes(p, clock):
    event = _event(p, clock)
    first = _written(p, event)
    with pytest.raises(ValidationError, match="已有书面报告初报"):
        _written(p, event)
    urgent.sign_report(actor=p.signer, report=first)
    urgent.send_report(actor=p.officer, report=first)
    follow = _written(p, event, kind="follow", text="续报：已送医")
    assert follow.due_at is None
    final = _written(p, event, kind="final", text="终报：全部出院")
    urgent.sign_report(actor=p.signer, report=final)
    clock.set(at(1, 20, 0))
    urgent.send_report(actor=p.officer, report=final)
    event.refresh_from_db()
    assert event.state == EventState.CLOSED and event.closed_at == at(1, 20, 0)
    with pytest.raises(ValidationError, match="已终报"):
        _written(p, event, kind="follow")


def test_refusals_of_bad_steps(p, clock):
    event = _event(p, clock)
    with pytest.raises(ValidationError, match="请先报送初报"):
        _written(p, event, kind="follow")
    report = _written(p, event)
    with pytest.raises(ValidationError, match="须经签发人签发"):
        urgent.send_report(actor=p.officer, report=report)
    with pytest.raises(ValidationError, match="尚未报出"):
        urgent.receive_report(actor=p.desk, report=report)
    urgent.sign_report(actor=p.signer, report=report)
    with pytest.raises(ValidationError, match="已签发"):
        urgent.sign_report(actor=p.signer, report=report)
    with pytest.raises(ValidationError) as exc:
        urgent.create_report(actor=p.officer, event=event, kind="nonsense", text="x")
    assert exc.value.message_dict == {"kind": ["报告类别无效。"]}


def test_learned_at_is_checked_and_a_late_registration_is_shown(p, clock):
    clock.set(at(1, 12, 0))
    base = dict(actor=p.officer, organization=p.region.dept, title="事件", severity="major")
    with pytest.raises(ValidationError) as exc:
        urgent.create_event(**base, occurred_at=at(1, 8), learned_at=at(1, 13))
    assert exc.value.message_dict == {"learned_at": ["获知时间不能晚于当前时间。"]}
    with pytest.raises(ValidationError) as exc:
        urgent.create_event(**base, occurred_at=at(1, 9), learned_at=at(1, 8))
    assert exc.value.message_dict == {"learned_at": ["获知时间不能早于发生时间。"]}
    event = urgent.create_event(**base, occurred_at=at(1, 8), learned_at=at(1, 8, 30))
    assert event.created_at == at(1, 12, 0)
    assert urgent.registered_late(event) is True
    assert urgent.registration_delay(event).total_seconds() == 3.5 * 3600


def test_permissions(p, clock):
    clock.set(at(1, 9))
    region = p.region
    with pytest.raises(PermissionDenied):
        urgent.create_event(
            actor=region.outsider,
            organization=region.dept,
            title="x",
            severity="major",
            occurred_at=at(1, 8),
            learned_at=at(1, 8),
        )
    with pytest.raises(PermissionDenied):  # 信息员 of another unit
        urgent.create_event(
            actor=p.county_officer,
            organization=region.dept,
            title="x",
            severity="major",
            occurred_at=at(1, 8),
            learned_at=at(1, 8),
        )
    event = _event(p, clock)
    report = _written(p, event)
    with pytest.raises(PermissionDenied):
        urgent.sign_report(actor=p.officer, report=report)  # the writer is not a 签发人
    with pytest.raises(PermissionDenied):
        urgent.create_report(actor=p.signer, event=event, kind="first", text="x")
    urgent.sign_report(actor=p.signer, report=report)
    urgent.send_report(actor=p.officer, report=report)
    with pytest.raises(PermissionDenied):
        urgent.receive_report(actor=p.county_desk, report=report)  # not the office reported to
    with pytest.raises(PermissionDenied):
        urgent.receive_report(actor=p.leader, report=report)
    with pytest.raises(PermissionDenied):
        urgent.read_report(actor=p.officer, report=report)
    with pytest.raises(PermissionDenied):
        urgent.record_penalty(actor=p.officer, event=event, kind="concealed", reason="x")
    with pytest.raises(TypeError):
        urgent.sign_report(actor=None, report=report)
    assert set(urgent.visible_events(p.county_desk)) == set()
    assert set(urgent.visible_events(p.leader)) == {event}
    assert set(urgent.visible_events(p.desk)) == {event}


# -- daily reports -----------------------------------------------------------------------------------


def test_daily_report_due_times():
    # Learned 10:00 on 1 March: 24 hours later is 10:00 on 2 March, so the first daily report is due at
    # 17:00 on 2 March, then every day at 17:00.
    assert urgent.daily_due_times(at(1, 10), at(3, 18)) == [at(2, 17), at(3, 17)]
    assert urgent.daily_due_times(at(1, 10), at(2, 16, 59)) == []
    # Learned 18:00: 17:00 on 2 March is less than a day later; the first is 17:00 on 3 March.
    assert urgent.daily_due_times(at(1, 18), at(3, 17)) == [at(3, 17)]


def test_daily_reports_answer_the_earliest_open_due_time(p, clock):
    event = _event(p, clock, learned=at(1, 10))
    first = _written(p, event)
    urgent.sign_report(actor=p.signer, report=first)
    urgent.send_report(actor=p.officer, report=first)
    clock.set(at(3, 9))
    daily = _written(p, event, kind="daily", text="日报一")
    assert daily.due_at == at(2, 17)
    second = _written(p, event, kind="daily", text="日报二")
    assert second.due_at == at(3, 17)
    slots = [(s.kind, s.due_at) for s in urgent.expected_slots(event, at(3, 18))]
    assert ("daily", at(2, 17)) in slots and ("daily", at(3, 17)) in slots


# -- the round -------------------------------------------------------------------------------------


def test_the_round_flags_missing_reports_once_and_notifies(p, clock):
    event = _event(p, clock)  # major, learned 08:00
    clock.set(at(1, 8, 30))
    assert urgent.flag_overdue() == {"flagged": 0, "events": 0}  # due at 08:30, not past yet
    clock.set(at(1, 8, 31))
    assert urgent.flag_overdue() == {"flagged": 1, "events": 1}
    assert urgent.flag_overdue() == {"flagged": 0, "events": 0}
    flag = UrgentFlag.objects.get()
    assert (flag.kind, flag.channel, flag.due_at, flag.flagged_at) == (
        "first",
        "phone",
        at(1, 8, 30),
        at(1, 8, 31),
    )
    notified = set(
        Notification.objects.filter(kind=urgent.MISSING_KIND).values_list("recipient__username", flat=True)
    )
    assert notified == {"xxy", "signer", "head", "desk"}  # the unit's 信息员 and 签发人, the office's desk
    clock.set(at(1, 9, 1))
    assert urgent.flag_overdue() == {"flagged": 1, "events": 1}  # the written report now
    assert LogEntry.objects.filter(action="flag.missing", actor="系统").count() == 2
    # Sent late, the phone notice answers its flag; the flag stays as proof.
    phone = urgent.create_report(actor=p.officer, event=event, kind="first", channel="phone", text="电话")
    urgent.send_report(actor=p.officer, report=phone)
    flag.refresh_from_db()
    phone.refresh_from_db()
    assert flag.report == phone and phone.is_late is True


def test_the_round_flags_a_missing_daily_report(p, clock):
    event = _event(p, clock, learned=at(1, 10))
    for channel in ("phone", "written"):
        report = urgent.create_report(
            actor=p.officer, event=event, kind="first", channel=channel, text="初报"
        )
        if channel == "written":
            urgent.sign_report(actor=p.signer, report=report)
        urgent.send_report(actor=p.officer, report=report)
    clock.set(at(2, 17, 1))
    assert urgent.flag_overdue() == {"flagged": 1, "events": 1}
    assert UrgentFlag.objects.get().due_at == at(2, 17)


# -- SMS ---------------------------------------------------------------------------------------------


def test_a_first_report_is_texted_to_the_desk_and_the_leaders(p, clock, texts):
    event = _event(p, clock)
    phone = urgent.create_report(actor=p.officer, event=event, kind="first", channel="phone", text="电话报告")
    urgent.send_report(actor=p.officer, report=phone)
    assert sorted(number for number, _ in texts) == ["13800000002", "13800000003"]
    assert all("某小学食物中毒事件" in text and "电话报告初报" in text for _, text in texts)
    entry = LogEntry.objects.get(action="report.texted")
    assert entry.actor == "系统"
    assert entry.payload == {
        "gateway": f"{__name__}.RecordingGateway",
        "results": [
            {"user": "desk", "phone": "138****0002", "result": "sent"},
            {"user": "leader", "phone": "138****0003", "result": "sent"},
        ],
    }
    # A follow-up report is not texted.
    texts.clear()
    follow = urgent.create_report(actor=p.officer, event=event, kind="follow", channel="phone", text="续报")
    urgent.send_report(actor=p.officer, report=follow)
    assert texts == []


# -- penalties ---------------------------------------------------------------------------------------


def test_a_late_report_becomes_a_penalty_with_the_rule_sets_points(p, clock):
    event = _event(p, clock)
    written = _written(p, event)
    urgent.sign_report(actor=p.signer, report=written)
    clock.set(at(1, 9, 1))
    urgent.send_report(actor=p.officer, report=written)
    penalty = urgent.record_penalty(actor=p.desk, event=event, kind="late", report=written)
    assert (penalty.organization, penalty.kind, penalty.points, penalty.event) == (
        p.region.dept,
        "late",
        Decimal("-100"),
        event,
    )
    assert "应于 2026-03-01 09:00 前报送，实际 2026-03-01 09:01 报出（迟报）" in penalty.reason
    with pytest.raises(ValidationError, match="已扣分"):
        urgent.record_penalty(actor=p.desk, event=event, kind="late", report=written)
    assert LogEntry.objects.filter(action="penalty.recorded", report=written).count() == 1
    assert AuditEvent.objects.filter(action="govinfo.urgent_penalty").count() == 1


def test_only_a_late_report_and_a_flag_are_penalized(p, clock):
    event = _event(p, clock)
    phone = urgent.create_report(actor=p.officer, event=event, kind="first", channel="phone", text="电话")
    urgent.send_report(actor=p.officer, report=phone)
    with pytest.raises(ValidationError, match="只有迟报的报告"):
        urgent.record_penalty(actor=p.desk, event=event, kind="late", report=phone)
    clock.set(at(1, 9, 30))
    urgent.flag_overdue()
    flag = UrgentFlag.objects.get()
    penalty = urgent.record_penalty(actor=p.desk, event=event, kind="missed", flag=flag)
    assert penalty.points == Decimal("-200")
    with pytest.raises(ValidationError) as exc:
        urgent.record_penalty(actor=p.desk, event=event, kind="concealed")
    assert exc.value.message_dict == {"reason": ["按瞒报扣分须写明事由。"]}
    assert Penalty.objects.count() == 1


# -- the log -----------------------------------------------------------------------------------------


def _some_log(p: Any, clock: Any) -> Any:
    event = _event(p, clock)
    report = _written(p, event)
    urgent.sign_report(actor=p.signer, report=report)
    urgent.send_report(actor=p.officer, report=report)
    return event


def test_the_log_is_a_hash_chain(p, clock):
    _some_log(p, clock)
    entries = list(LogEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == "0" * 64
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash
    first = entries[0]
    document = {
        "action": "event.created",
        "actor": "信息员甲（xxy）",
        "at": "2026-03-01T00:05:00.000000+00:00",
        "event": first.event_id,
        "payload": first.payload,
        "prev_hash": "0" * 64,
        "report": None,
        "seq": 1,
    }
    raw = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert first.entry_hash == hashlib.sha256(raw).hexdigest()
    assert urgent.verify_log() == chain.Verdict(True, 5, last_hash=entries[-1].entry_hash)


def test_verify_command_passes_on_an_intact_log(p, clock):
    _some_log(p, clock)
    result = CliRunner().invoke(govinfo, ["verify"])
    assert result.exit_code == 0, result.output
    assert "日志完整：共 5 条" in result.output


def test_verify_command_detects_an_edited_urgent_report_entry(p, clock):
    """The issue's done-when: the verify command detects an edited urgent-report entry."""
    _some_log(p, clock)
    LogEntry.objects.filter(seq=4, action="report.sent").update(payload={"late": False, "late_minutes": 0})
    result = CliRunner().invoke(govinfo, ["verify"])
    assert result.exit_code == 1
    assert "第 4 条的内容与其哈希不符：该条被改动" in result.output


def test_verify_command_detects_a_deleted_entry(p, clock):
    _some_log(p, clock)
    LogEntry.objects.filter(seq=3).delete()
    result = CliRunner().invoke(govinfo, ["verify"])
    assert result.exit_code == 1
    assert "第 4 条之前缺少第 3 条：日志条目被删除" in result.output


def test_the_event_page_verdict_covers_the_events_entries(p, clock):
    event = _some_log(p, clock)
    entries, verdict = urgent.event_log(event)
    assert verdict.ok and len(entries) == 5
    LogEntry.objects.filter(seq=2).update(actor="他人")
    _, verdict = urgent.event_log(event)
    assert (verdict.ok, verdict.seq, verdict.reason) == (False, 2, chain.EDITED)


def test_append_log_with_an_explicit_time_for_the_demo(p, clock):
    clock.set(at(5, 12))
    entry = urgent.append_log(action="event.created", actor=SYSTEM, payload={"note": "导入"}, at=at(1, 8))
    assert (entry.seq, entry.at, entry.actor, entry.prev_hash) == (1, at(1, 8), "系统", "0" * 64)
    second = urgent.append_log(action="note", actor="导入程序", at=at(1, 9))
    assert second.prev_hash == entry.entry_hash and urgent.verify_log().ok


def test_a_colliding_append_retries_once_then_fails_loudly(p, clock, monkeypatch):
    clock.set(at(1, 8))
    urgent.append_log(action="note", actor="测试")
    real_create = LogEntry.objects.create
    calls: list[int] = []

    def collide(**fields: Any) -> Any:
        calls.append(fields["seq"])
        if len(calls) == 1:
            raise IntegrityError("duplicate seq")  # another writer took this seq first
        return real_create(**fields)

    monkeypatch.setattr(LogEntry.objects, "create", collide)
    entry = urgent.append_log(action="note", actor="测试")
    assert calls == [2, 2] and entry.seq == 2

    def always(**fields: Any) -> Any:
        raise IntegrityError("duplicate seq")

    monkeypatch.setattr(LogEntry.objects, "create", always)
    with pytest.raises(IntegrityError):
        urgent.append_log(action="note", actor="测试")


def test_the_round_job_and_audit_labels_are_registered(p, clock):
    from gongkai.core.registry import audit_label, round_jobs

    _event(p, clock)
    clock.set(at(1, 9, 30))
    [job] = [j for j in round_jobs() if j.key == "govinfo.urgent"]
    assert dict(job.run(clock.today)) == {"flagged": 2, "events": 1}
    assert dict(job.run(clock.today)) == {"flagged": 0, "events": 0}
    assert audit_label("govinfo.urgent_report_sent") == "报出紧急信息报告"


def test_a_demo_event_built_with_explicit_times(p, clock):
    """What the demo does: one event with 初报 (phone and written), 续报 and 终报, the written 初报
    late, every step at an explicit moment (``at=``), the log intact."""
    clock.set(at(20, 12))
    o, s, d = p.officer, p.signer, p.desk
    event = urgent.create_event(
        actor=o,
        organization=p.region.dept,
        title="暴雨致道路积水",
        severity="large",
        occurred_at=at(2, 6, 40),
        learned_at=at(2, 7),
        at=at(2, 7, 10),
    )
    phone = urgent.create_report(
        actor=o, event=event, kind="first", channel="phone", text="电话", at=at(2, 7, 20)
    )
    urgent.send_report(actor=o, report=phone, at=at(2, 7, 25))
    first = urgent.create_report(actor=o, event=event, kind="first", text="书面初报", at=at(2, 8, 30))
    urgent.sign_report(actor=s, report=first, at=at(2, 9, 0))
    urgent.send_report(actor=o, report=first, at=at(2, 9, 15))  # due 09:00 (large: 120 minutes): late
    urgent.receive_report(actor=d, report=first, at=at(2, 9, 20))
    follow = urgent.create_report(actor=o, event=event, kind="follow", text="续报", at=at(2, 11))
    urgent.sign_report(actor=s, report=follow, at=at(2, 11, 5))
    urgent.send_report(actor=o, report=follow, at=at(2, 11, 10))
    final = urgent.create_report(actor=o, event=event, kind="final", text="终报", at=at(2, 16))
    urgent.sign_report(actor=s, report=final, at=at(2, 16, 5))
    urgent.send_report(actor=o, report=final, at=at(2, 16, 10))
    urgent.record_penalty(actor=d, event=event, kind="late", report=first, at=at(3, 9))
    first.refresh_from_db()
    event.refresh_from_db()
    assert first.is_late and not phone.is_late and event.state == EventState.CLOSED
    assert event.closed_at == at(2, 16, 10)
    assert urgent.flag_overdue() == {"flagged": 0, "events": 0}
    assert urgent.verify_log().ok
    assert LogEntry.objects.get(action="report.sent", report=first).at == at(2, 9, 15)


def test_a_log_entry_refuses_to_be_changed_or_deleted_through_the_model(p, clock):
    clock.set(at(1, 8))
    entry = urgent.append_log(action="note", actor="测试")
    entry.actor = "他人"
    with pytest.raises(PermissionError, match="只能追加"):
        entry.save()
    with pytest.raises(PermissionError, match="只能追加"):
        entry.delete()
    assert LogEntry.objects.get().actor == "测试"
