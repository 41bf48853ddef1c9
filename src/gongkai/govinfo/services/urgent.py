"""Urgent reports (紧急信息, docs/SPEC.md §8): an event reported 初报 → 续报 → 终报, with a daily report
(日报) for long events, each report time-stamped by the server at every step (created, signed, sent,
received, read) "so late, missed or concealed reports (迟报、漏报、瞒报) can be proven".

The steps and who takes them (``govinfo.policy`` roles):

- the unit's 信息员 registers the event and writes its reports;
- one 签发人 of the unit signs a written report (one signature suffices: an urgent report cannot wait
  for the two-step chain of an ordinary submission); a phone notice (channel ``phone``) is recorded
  by the 信息员 without a signature, as the call is made at once;
- the 信息员 or 签发人 sends it to the office the unit reports to (``orgs.hierarchy.reports_to``);
- that office's 信息科编辑 receives it (签收); a leader of the office's government, or the desk, reads
  it (阅知).

Deadlines (configuration, ``UrgentDeadline``; docs/SPEC.md §8 "Emergency deadlines are local, e.g. 30
minutes by phone and 60 written for major events, or ≤ 2 hours"): a 初报 of each configured channel
is due ``minutes`` after ``learned_at``; a phone notice and a written report are both expected when
both channels are configured for the severity. While an event is open and more than a day old, a
日报 is due every day by :func:`daily_at` (17:00 by default): the first on the first day whose 17:00
is at least 24 hours after ``learned_at``. A report sent after its due time is 迟报; an expected
report not sent by its due time is flagged 漏报 by the round (:func:`flag_overdue`, once per expected
report) until it is sent. The office may turn a proven late or missing report into a ``Penalty``
with the rule set's default points (:func:`record_penalty`).

Every step appends an entry to the tamper-evident log (:func:`append_log`, ``govinfo.chain``).
Services take an optional ``at=`` (the moment of the step) for the demo and imports; screens never
pass it, so every time a person causes is the server's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core.actors import SYSTEM, SYSTEM_NAME, is_system, require_actor
from gongkai.core.conf import conf
from gongkai.govinfo import chain, policy
from gongkai.govinfo.models import (
    Channel,
    EventState,
    LogEntry,
    Penalty,
    PenaltyKind,
    PointsRuleSet,
    ReportKind,
    Severity,
    UrgentDeadline,
    UrgentEvent,
    UrgentReport,
)
from gongkai.govinfo.models.urgent import FlagKind, UrgentFlag
from gongkai.govinfo.points_defaults import SHIPPED_RULES
from gongkai.notifications import sms
from gongkai.notifications.services import notify
from gongkai.orgs import hierarchy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Kind, Organization, RoleName
from gongkai.orgs.selectors import staff_of

#: The hour a daily report (日报) is due. docs/SPEC.md §8 asks for "a daily report for long events"
#: without an hour; 17:00 (每日17时前) is the platform's choice, the hour most local rules use for a
#: 每日一报, and an installation sets its own as ``GONGKAI["GOVINFO_URGENT_DAILY_AT"] = "HH:MM"``.
DAILY_AT = dt.time(17, 0)

#: How soon before its due time an expected report shows as "due soon" in 我的工作.
DUE_SOON = dt.timedelta(minutes=60)

#: A learned_at this long before the event was registered is shown as evidence of 迟报.
LATE_REGISTRATION = dt.timedelta(minutes=30)

#: How the event page names the log's actions.
ACTION_LABELS = {
    "event.created": "登记事件",
    "event.closed": "终报，事件结束",
    "report.created": "起草报告",
    "report.signed": "签发",
    "report.sent": "报出",
    "report.texted": "短信通知",
    "report.received": "签收",
    "report.read": "阅知",
    "flag.missing": "逾期未报（漏报）",
    "penalty.recorded": "扣分",
}

NOTIFY_KIND = "govinfo.urgent"
MISSING_KIND = "govinfo.urgent_missing"


def daily_at() -> dt.time:
    raw = conf().get("GOVINFO_URGENT_DAILY_AT")
    if not raw:
        return DAILY_AT
    try:
        return dt.time.fromisoformat(str(raw))
    except ValueError:
        return DAILY_AT


def event_url(event: UrgentEvent) -> str:
    return reverse("backoffice:govinfo_urgent_event", args=[event.pk])


def _now(at: dt.datetime | None) -> dt.datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError("at= must carry its timezone")
    return at


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


# -- who ---------------------------------------------------------------------------------------------


def actor_label(actor: Any) -> str:
    """How the log names an actor: the person's name and user name, or 系统."""
    if is_system(actor):
        return SYSTEM_NAME
    name = getattr(actor, "full_name", "") or ""
    return f"{name}（{actor.username}）" if name else str(actor.username)


def can_open(user: Any) -> bool:
    """Who sees 紧急信息: 信息员 and 签发人 of units, desk editors and leaders."""
    roles = org_policy.role_names(user)
    return bool(getattr(user, "is_superuser", False)) or bool(
        roles & {RoleName.INFO_OFFICER, RoleName.SIGNER, RoleName.INFO_EDITOR, RoleName.LEADER}
    )


def _leader_offices(user: Any) -> QuerySet[Organization]:
    if not policy.is_leader(user):
        return Organization.objects.none()
    return policy.reading_offices(user)


def visible_events(user: Any) -> QuerySet[UrgentEvent]:
    """Events ``user`` may read: their units' (信息员, 签发人), those reported to an office whose desk
    they run, and those reported to the office of a government they lead."""
    if getattr(user, "is_superuser", False):
        return UrgentEvent.objects.all()
    units = org_policy.org_ids_with_role(user, RoleName.INFO_OFFICER, RoleName.SIGNER)
    q = Q(organization_id__in=units) | Q(office__in=policy.desk_offices(user))
    q |= Q(office__in=_leader_offices(user))
    return UrgentEvent.objects.filter(q)


def writing_units(user: Any) -> QuerySet[Organization]:
    """Units whose urgent events ``user`` registers (信息员) and that report to an office."""
    return policy.writing_units(user)


def can_report(user: Any, event: UrgentEvent) -> bool:
    return org_policy.has_role(user, event.organization_id, RoleName.INFO_OFFICER)


def can_sign(user: Any, event: UrgentEvent) -> bool:
    return org_policy.has_role(user, event.organization_id, RoleName.SIGNER)


def can_send(user: Any, event: UrgentEvent) -> bool:
    return org_policy.has_role(user, event.organization_id, RoleName.INFO_OFFICER, RoleName.SIGNER)


def can_receive(user: Any, event: UrgentEvent) -> bool:
    return event.office_id is not None and policy.can_use_desk(user, event.office_id)


def can_read(user: Any, event: UrgentEvent) -> bool:
    if can_receive(user, event):
        return True
    return event.office_id is not None and _leader_offices(user).filter(pk=event.office_id).exists()


def can_penalize(user: Any, event: UrgentEvent) -> bool:
    return can_receive(user, event)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# -- the log -----------------------------------------------------------------------------------------


def _plain(payload: Mapping[str, Any] | None) -> dict[str, Any]:
    """The payload as the database gives it back (JSON types only), so what is hashed is what is read."""
    return json.loads(json.dumps(dict(payload or {}), cls=DjangoJSONEncoder, ensure_ascii=False))  # type: ignore[no-any-return]


def append_log(
    *,
    action: str,
    actor: Any,
    event: UrgentEvent | None = None,
    report: UrgentReport | None = None,
    payload: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> LogEntry:
    """Append one entry to the log: seq is the last seq + 1 and prev_hash the last entry's hash,
    both read under a lock on the last row (``select_for_update`` on PostgreSQL; SQLite has one
    writer at a time). Two writers that still read the same last entry collide on the unique seq:
    the loser retries once, then fails loudly."""
    moment = _now(at)
    if event is None and report is not None:
        event = report.event
    label = actor if isinstance(actor, str) else actor_label(actor)
    data = _plain(payload)
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                last = LogEntry.objects.select_for_update().order_by("-seq").only("seq", "entry_hash").first()
                seq = last.seq + 1 if last is not None else 1
                prev = last.entry_hash if last is not None else chain.GENESIS
                fields = {
                    "seq": seq,
                    "event_id": event.pk if event is not None else None,
                    "report_id": report.pk if report is not None else None,
                    "action": action,
                    "at": moment,
                    "actor": label,
                    "payload": data,
                    "prev_hash": prev,
                }
                return LogEntry.objects.create(
                    seq=seq,
                    event=event,
                    report=report,
                    action=action,
                    at=moment,
                    actor=label,
                    payload=data,
                    prev_hash=prev,
                    entry_hash=chain.entry_hash(**fields),
                )
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _entry(row: LogEntry) -> chain.Entry:
    return chain.Entry(
        seq=row.seq,
        event_id=row.event_id,
        report_id=row.report_id,
        action=row.action,
        at=row.at,
        actor=row.actor,
        payload=row.payload,
        prev_hash=row.prev_hash,
        entry_hash=row.entry_hash,
    )


def _walk(qs: QuerySet[LogEntry]) -> Iterator[chain.Entry]:
    for row in qs.order_by("seq").iterator(chunk_size=2000):
        yield _entry(row)


def verify_log() -> chain.Verdict:
    """Walk the whole log (streaming) and return the verdict of ``govinfo.chain.verify``."""
    return chain.verify(_walk(LogEntry.objects.all()))


def event_log(event: UrgentEvent) -> tuple[list[LogEntry], chain.Verdict]:
    """The event's entries, and the verdict of the chain from the entry before its first to its last
    (entries of other events in between included: a deleted entry anywhere there is a gap)."""
    rows = list(LogEntry.objects.filter(event=event).order_by("seq"))
    if not rows:
        return rows, chain.Verdict(True, 0)
    start = max(1, rows[0].seq - 1)
    qs = LogEntry.objects.filter(seq__gte=start, seq__lte=rows[-1].seq)
    return rows, chain.verify(_walk(qs), first_seq=start, prev_hash=chain.GENESIS if start == 1 else None)


# -- deadlines ---------------------------------------------------------------------------------------


def deadline_minutes(severity: str) -> dict[str, int]:
    """The configured deadlines of ``severity`` by channel (``UrgentDeadline``)."""
    return dict(UrgentDeadline.objects.filter(severity=severity).values_list("channel", "minutes"))


def daily_due_times(learned_at: dt.datetime, until: dt.datetime) -> list[dt.datetime]:
    """The due times of the daily reports up to ``until``: each day at :func:`daily_at` (local time),
    from the first one at least 24 hours after ``learned_at``."""
    hour = daily_at()
    first_possible = local(learned_at + dt.timedelta(days=1))
    day = first_possible.date()
    tz = timezone.get_current_timezone()
    due = dt.datetime.combine(day, hour, tzinfo=tz)
    if due < first_possible:
        due = dt.datetime.combine(day + dt.timedelta(days=1), hour, tzinfo=tz)
    out = []
    while due <= until:
        out.append(due)
        due = dt.datetime.combine(local(due).date() + dt.timedelta(days=1), hour, tzinfo=tz)
    return out


@dataclass(frozen=True)
class Slot:
    """One expected report: kind (初报 / 日报), channel, due time, and the report that answers it."""

    kind: str
    channel: str
    due_at: dt.datetime
    report: UrgentReport | None = None

    @property
    def label(self) -> str:
        kind = dict(FlagKind.choices)[self.kind]
        return f"{Channel(self.channel).label}{kind}" if self.kind == FlagKind.FIRST else f"{kind}"

    @property
    def sent(self) -> bool:
        return self.report is not None and self.report.sent_at is not None

    def late_at(self, now: dt.datetime) -> bool:
        """Overdue at ``now``: not sent by then and the due time is past, or sent after it."""
        if self.report is not None and self.report.sent_at is not None:
            return self.report.sent_at > self.due_at
        return now > self.due_at


def deadline_table() -> dict[str, dict[str, int]]:
    """Every configured deadline, by severity and channel (for pages listing many events)."""
    table: dict[str, dict[str, int]] = {}
    for severity, channel, minutes in UrgentDeadline.objects.values_list("severity", "channel", "minutes"):
        table.setdefault(severity, {})[channel] = minutes
    return table


def expected_slots(
    event: UrgentEvent, until: dt.datetime, *, deadlines: Mapping[str, Mapping[str, int]] | None = None
) -> list[Slot]:
    """The reports expected of ``event``: a 初报 per configured channel, and the daily reports due
    up to ``until`` (or up to the 终报, once the event is closed), each with its report if any.
    ``deadlines`` is :func:`deadline_table` when the caller has it."""
    reports = list(event.reports.all())
    minutes = deadlines.get(event.severity, {}) if deadlines is not None else deadline_minutes(event.severity)
    slots: list[Slot] = []
    for channel in (Channel.PHONE, Channel.WRITTEN):
        if channel in minutes:
            answer = next((r for r in reports if r.kind == ReportKind.FIRST and r.channel == channel), None)
            due = event.learned_at + dt.timedelta(minutes=minutes[channel])
            slots.append(Slot(FlagKind.FIRST, channel, due, answer))
    horizon = min(until, event.closed_at) if event.closed_at is not None else until
    for due in daily_due_times(event.learned_at, horizon):
        answer = next((r for r in reports if r.kind == ReportKind.DAILY and r.due_at == due), None)
        slots.append(Slot(FlagKind.DAILY, Channel.WRITTEN, due, answer))
    return slots


def _next_daily_due(event: UrgentEvent, now: dt.datetime) -> dt.datetime:
    """The due time a new daily report answers: the earliest daily due time no daily report of the
    event answers yet (an overdue one first)."""
    taken = set(event.reports.filter(kind=ReportKind.DAILY).values_list("due_at", flat=True))
    far = event.learned_at + dt.timedelta(days=2 + len(taken))
    for due in daily_due_times(event.learned_at, max(far, now + dt.timedelta(days=2))):
        if due not in taken:
            return due
    raise AssertionError("a daily due time is always found")


def registration_delay(event: UrgentEvent) -> dt.timedelta:
    """How long after it was learned of the event was registered on the platform."""
    return event.created_at - event.learned_at


def registered_late(event: UrgentEvent) -> bool:
    return registration_delay(event) > LATE_REGISTRATION


# -- events and reports ------------------------------------------------------------------------------


def _audit(actor: Any, action: str, target: Any, organization: Any, **data: Any) -> None:
    record(actor=actor, action=action, target=target, organization=organization, data=_plain(data))


def create_event(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    severity: str,
    occurred_at: dt.datetime,
    learned_at: dt.datetime,
    place: str = "",
    at: dt.datetime | None = None,
) -> UrgentEvent:
    """Register an event (信息员 of ``organization``). ``learned_at`` is typed by the reporter; the
    platform records when it was registered itself, and a learned_at long before that is shown as
    evidence of 迟报."""
    require_actor(actor)
    now = _now(at)
    _require(
        org_policy.has_role(actor, organization, RoleName.INFO_OFFICER), "只有本单位信息员可以登记突发事件。"
    )
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写事件名称。"
    if severity not in Severity.values:
        errors["severity"] = "事件等级无效。"
    if occurred_at > now:
        errors["occurred_at"] = "发生时间不能晚于当前时间。"
    if learned_at > now:
        errors["learned_at"] = "获知时间不能晚于当前时间。"
    elif learned_at < occurred_at:
        errors["learned_at"] = "获知时间不能早于发生时间。"
    office = hierarchy.reports_to(organization)
    if office is None or office.pk == organization.pk:
        errors["__all__"] = "本单位没有可报送的上级办公室，无法报送紧急信息。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = UrgentEvent.objects.create(
            organization=organization,
            office=office,
            title=title,
            severity=severity,
            place=(place or "").strip(),
            occurred_at=occurred_at,
            learned_at=learned_at,
            created_by=actor,
            created_at=now,
        )
        append_log(
            action="event.created",
            actor=actor,
            event=event,
            at=now,
            payload={
                "organization": organization.name,
                "office": office.name if office else "",
                "title": title,
                "severity": severity,
                "place": event.place,
                "occurred_at": occurred_at,
                "learned_at": learned_at,
            },
        )
        _audit(actor, "govinfo.urgent_event_created", event, organization, severity=severity)
    return event


def create_report(
    *,
    actor: Any,
    event: UrgentEvent,
    kind: str,
    text: str,
    channel: str = Channel.WRITTEN,
    at: dt.datetime | None = None,
) -> UrgentReport:
    """Write a report of ``event`` (信息员 of its unit). A 初报 per channel (the phone notice and the
    written report); 续报 as things develop; a 日报 answers the earliest daily due time not yet
    answered; the 终报 closes the event once sent. Daily and final reports are written."""
    require_actor(actor)
    now = _now(at)
    _require(can_report(actor, event), "只有本单位信息员可以撰写紧急信息报告。")
    text = (text or "").strip()
    if kind not in ReportKind.values:
        raise ValidationError({"kind": "报告类别无效。"})
    if channel not in Channel.values:
        raise ValidationError({"channel": "报告方式无效。"})
    if not text:
        raise ValidationError({"text": "请填写报告内容。"})
    if event.state == EventState.CLOSED:
        raise ValidationError("该事件已终报，不能再报送。")
    if kind in (ReportKind.DAILY, ReportKind.FINAL):
        channel = Channel.WRITTEN
    existing = event.reports.all()
    due: dt.datetime | None = None
    if kind == ReportKind.FIRST:
        if existing.filter(kind=ReportKind.FIRST, channel=channel).exists():
            raise ValidationError({"kind": f"本事件已有{Channel(channel).label}初报，后续情况请作续报。"})
        minutes = deadline_minutes(event.severity).get(channel)
        due = event.learned_at + dt.timedelta(minutes=minutes) if minutes is not None else None
    elif not existing.filter(kind=ReportKind.FIRST).exists():
        raise ValidationError({"kind": "请先报送初报。"})
    elif kind == ReportKind.FINAL and existing.filter(kind=ReportKind.FINAL).exists():
        raise ValidationError({"kind": "本事件已有终报。"})
    elif kind == ReportKind.DAILY:
        due = _next_daily_due(event, now)
    with transaction.atomic():
        report = UrgentReport.objects.create(
            event=event, kind=kind, channel=channel, text=text, due_at=due, created_by=actor, created_at=now
        )
        append_log(
            action="report.created",
            actor=actor,
            report=report,
            at=now,
            payload={"kind": kind, "channel": channel, "due_at": due, "text": text},
        )
        _audit(actor, "govinfo.urgent_report_created", report, event.organization, kind=kind)
    return report


def _lock(report: UrgentReport) -> UrgentReport:
    return UrgentReport.objects.select_for_update().select_related("event").get(pk=report.pk)


def sign_report(*, actor: Any, report: UrgentReport, at: dt.datetime | None = None) -> UrgentReport:
    """签发: one 签发人 of the unit signs a report before it is sent."""
    require_actor(actor)
    now = _now(at)
    _require(can_sign(actor, report.event), "只有本单位签发人可以签发紧急信息。")
    with transaction.atomic():
        report = _lock(report)
        if report.signed_at is not None:
            raise ValidationError("该报告已签发。")
        if report.sent_at is not None:
            raise ValidationError("该报告已报出。")
        report.signed_at, report.signed_by = now, actor
        report.save(update_fields=["signed_at", "signed_by"])
        append_log(action="report.signed", actor=actor, report=report, at=now)
        _audit(actor, "govinfo.urgent_report_signed", report, report.event.organization)
    return report


def desk_editors(office: Organization) -> list[Any]:
    return list(staff_of([office], RoleName.INFO_EDITOR))


def leaders_for(office: Organization) -> list[Any]:
    """The leaders who read what reaches ``office``: its own and its government's."""
    bodies = [office]
    if office.parent_id is not None and office.parent is not None and office.parent.kind == Kind.GOVERNMENT:
        bodies.append(office.parent)
    return list(staff_of(bodies, RoleName.LEADER))


def _gateway_name() -> str:
    return str(conf().get("SMS", {}).get("GATEWAY") or "gongkai.notifications.sms.LoggingGateway")


def _text_first_report(report: UrgentReport, *, at: dt.datetime) -> list[dict[str, str]]:
    """SMS the office's desk editors and its government's leaders about a first report; returns
    what happened per person (for the log)."""
    event = report.event
    office = event.office
    if office is None:
        return []
    text = (
        f"【紧急信息】{event.organization.name}报告{event.get_severity_display()}突发事件："
        f"{event.title}。{report.get_channel_display()}初报已报出，请及时接收处理。"
    )
    results: list[dict[str, str]] = []
    seen: set[int] = set()
    for person in [*desk_editors(office), *leaders_for(office)]:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        number = sms.mobile_number(getattr(person, "phone", ""))
        outcome = "no_mobile"
        if number is not None:
            outcome = "sent" if sms.send_text(number, text) else "failed"
        results.append(
            {"user": person.username, "phone": sms.mask(number) if number else "", "result": outcome}
        )
    return results


def send_report(*, actor: Any, report: UrgentReport, at: dt.datetime | None = None) -> UrgentReport:
    """报出: the unit sends the report to its office. A written report must be signed first. The
    first report of a channel is texted to the office's desk editors and its government's leaders;
    the 终报 closes the event. Sent after its due time, the report is 迟报."""
    require_actor(actor)
    now = _now(at)
    _require(can_send(actor, report.event), "只有本单位信息员或签发人可以报出紧急信息。")
    with transaction.atomic():
        report = _lock(report)
        event = report.event
        if report.sent_at is not None:
            raise ValidationError("该报告已报出。")
        if report.channel == Channel.WRITTEN and report.signed_at is None:
            raise ValidationError("书面报告须经签发人签发后才能报出。")
        report.sent_at, report.sent_by = now, actor
        report.save(update_fields=["sent_at", "sent_by"])
        late_minutes = (
            int((now - report.due_at).total_seconds() // 60) if report.due_at and now > report.due_at else 0
        )
        append_log(
            action="report.sent",
            actor=actor,
            report=report,
            at=now,
            payload={
                "kind": report.kind,
                "channel": report.channel,
                "to": event.office.name if event.office else "",
                "due_at": report.due_at,
                "late": report.is_late,
                "late_minutes": late_minutes,
            },
        )
        _answer_flags(report)
        if report.kind == ReportKind.FINAL:
            event.state, event.closed_at = EventState.CLOSED, now
            event.save(update_fields=["state", "closed_at"])
            append_log(action="event.closed", actor=actor, event=event, report=report, at=now)
        _audit(
            actor,
            "govinfo.urgent_report_sent",
            report,
            event.organization,
            late=report.is_late,
            kind=report.kind,
        )
        if event.office is not None:
            notify(
                desk_editors(event.office),
                kind=NOTIFY_KIND,
                title=f"紧急信息{report.get_kind_display()}：{event.title}（{event.organization.name}）",
                url=event_url(event),
                key=f"urgent:{report.pk}:sent",
            )
        if report.kind == ReportKind.FIRST:
            results = _text_first_report(report, at=now)
            append_log(
                action="report.texted",
                actor=SYSTEM,
                report=report,
                at=now,
                payload={"gateway": _gateway_name(), "results": results},
            )
    return report


def _answer_flags(report: UrgentReport) -> None:
    """A late report answers the 漏报 flag raised for it (the flag stays: it proves the gap)."""
    flags = UrgentFlag.objects.filter(event=report.event, report__isnull=True)
    if report.kind == ReportKind.FIRST:
        flags.filter(kind=FlagKind.FIRST, channel=report.channel).update(report=report)
    elif report.kind == ReportKind.DAILY and report.due_at is not None:
        flags.filter(kind=FlagKind.DAILY, due_at=report.due_at).update(report=report)


def _stamp_sent(
    actor: Any,
    report: UrgentReport,
    now: dt.datetime,
    stamp: Literal["received", "read"],
    already: str,
    log_action: str,
    audit_action: str,
) -> UrgentReport:
    """Stamp a sent report ``<stamp>_at``/``<stamp>_by`` once (签收 or 阅知), logged and audited."""
    at_field, by_field = f"{stamp}_at", f"{stamp}_by"
    with transaction.atomic():
        report = _lock(report)
        if report.sent_at is None:
            raise ValidationError("该报告尚未报出。")
        if getattr(report, at_field) is not None:
            raise ValidationError(already)
        setattr(report, at_field, now)
        setattr(report, by_field, actor)
        report.save(update_fields=[at_field, by_field])
        append_log(action=log_action, actor=actor, report=report, at=now)
        _audit(actor, audit_action, report, report.event.office)
    return report


def receive_report(*, actor: Any, report: UrgentReport, at: dt.datetime | None = None) -> UrgentReport:
    """签收: the office's desk editor receives a sent report."""
    require_actor(actor)
    now = _now(at)
    _require(can_receive(actor, report.event), "只有上级办公室的信息科编辑可以签收紧急信息。")
    return _stamp_sent(
        actor, report, now, "received", "该报告已签收。", "report.received", "govinfo.urgent_report_received"
    )


def read_report(*, actor: Any, report: UrgentReport, at: dt.datetime | None = None) -> UrgentReport:
    """阅知: a leader of the office's government, or the desk, has read a sent report (the first
    reading is stamped)."""
    require_actor(actor)
    now = _now(at)
    _require(can_read(actor, report.event), "只有上级办公室的领导或信息科编辑可以阅知紧急信息。")
    return _stamp_sent(
        actor, report, now, "read", "该报告已阅知。", "report.read", "govinfo.urgent_report_read"
    )


# -- the round: missing reports ----------------------------------------------------------------------


def events_to_watch(now: dt.datetime) -> QuerySet[UrgentEvent]:
    """Open events, and events closed in the last two days (a 初报 never sent before the 终报)."""
    return UrgentEvent.objects.filter(
        Q(state=EventState.OPEN) | Q(closed_at__gte=now - dt.timedelta(days=2))
    ).select_related("organization", "office")


def flag_overdue(now: dt.datetime | None = None) -> dict[str, int]:
    """Flag every expected report not sent by its due time (漏报), once: the log records the flag,
    and the unit's 信息员 and 签发人 and the office's desk editors are notified."""
    moment = _now(now)
    flagged = 0
    events: set[int] = set()
    table = deadline_table()
    for event in events_to_watch(moment):
        for slot in expected_slots(event, moment, deadlines=table):
            if slot.sent or moment <= slot.due_at:
                continue
            with transaction.atomic():
                flag, created = UrgentFlag.objects.get_or_create(
                    event=event,
                    kind=slot.kind,
                    channel=slot.channel,
                    due_at=slot.due_at,
                    defaults={"flagged_at": moment},
                )
                if not created:
                    continue
                append_log(
                    action="flag.missing",
                    actor=SYSTEM,
                    event=event,
                    at=moment,
                    payload={"kind": slot.kind, "channel": slot.channel, "due_at": slot.due_at},
                )
                _audit(SYSTEM, "govinfo.urgent_flagged", event, event.organization, kind=slot.kind)
                due = local(slot.due_at)
                title = f"紧急信息未按时报送：{event.title}（{slot.label}，应于{due:%m-%d %H:%M}前报送）"
                people = list(staff_of([event.organization], RoleName.INFO_OFFICER, RoleName.SIGNER))
                if event.office is not None:
                    people += desk_editors(event.office)
                notify(
                    people, kind=MISSING_KIND, title=title, url=event_url(event), key=f"urgent-flag:{flag.pk}"
                )
            flagged += 1
            events.add(event.pk)
    return {"flagged": flagged, "events": len(events)}


# -- penalties ---------------------------------------------------------------------------------------


def default_points(kind: str, on: dt.date) -> Decimal:
    """The rule set's default points of a penalty ``kind`` (``points_defaults`` "penalty"), from the
    rule set in force on ``on`` (the shipped rules when there is none)."""
    rule_set = PointsRuleSet.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    rules: Mapping[str, Any] = rule_set.rules if rule_set is not None else SHIPPED_RULES
    penalty = rules.get("penalty") or SHIPPED_RULES["penalty"]
    entry = penalty.get(kind) or SHIPPED_RULES["penalty"][kind]
    return Decimal(str(entry["default"]))


def record_penalty(
    *,
    actor: Any,
    event: UrgentEvent,
    kind: str,
    report: UrgentReport | None = None,
    flag: UrgentFlag | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Penalty:
    """Turn a proven failure into a penalty against the unit (the office's desk): a late report
    (迟报, ``report``), a missing one (漏报, ``flag``), or a concealed event (瞒报, with a reason).
    Points are the rule set's default for the kind (docs/SPEC.md §8: 迟报 −100; 漏报/瞒报 −200)."""
    require_actor(actor)
    now = _now(at)
    _require(can_penalize(actor, event), "只有上级办公室的信息科编辑可以据此扣分。")
    reason = (reason or "").strip()
    if report is not None:
        report = UrgentReport.objects.filter(pk=report.pk).first()
    if flag is not None:
        flag = UrgentFlag.objects.filter(pk=flag.pk).first()
    if kind == PenaltyKind.LATE:
        if report is None or report.event_id != event.pk or not report.is_late:
            raise ValidationError("只有迟报的报告才能按迟报扣分。")
        if report.penalty_id is not None:
            raise ValidationError("该报告已扣分。")
        due = local(report.due_at) if report.due_at else None
        sent = local(report.sent_at) if report.sent_at else None
        reason = reason or (
            f"{event.title}：{report} 应于 {due:%Y-%m-%d %H:%M} 前报送，"
            f"实际 {sent:%Y-%m-%d %H:%M} 报出（迟报）"
        )
    elif kind == PenaltyKind.MISSED:
        if flag is None or flag.event_id != event.pk:
            raise ValidationError("请选择未按时报送的记录。")
        if flag.penalty_id is not None:
            raise ValidationError("该记录已扣分。")
        reason = reason or f"{event.title}：{flag} 未按时报送（漏报）"
    elif kind == PenaltyKind.CONCEALED:
        if not reason:
            raise ValidationError({"reason": "按瞒报扣分须写明事由。"})
    else:
        raise ValidationError("扣分类别无效。")
    on = local(now).date()
    with transaction.atomic():
        penalty = Penalty.objects.create(
            organization=event.organization,
            kind=kind,
            points=default_points(kind, on),
            on=on,
            reason=reason,
            event=event,
            recorded_by=actor,
        )
        if report is not None and kind == PenaltyKind.LATE:
            UrgentReport.objects.filter(pk=report.pk).update(penalty=penalty)
            report.penalty = penalty
        if flag is not None and kind == PenaltyKind.MISSED:
            UrgentFlag.objects.filter(pk=flag.pk).update(penalty=penalty)
            flag.penalty = penalty
        append_log(
            action="penalty.recorded",
            actor=actor,
            event=event,
            report=report if kind == PenaltyKind.LATE else None,
            at=now,
            payload={"kind": kind, "points": str(penalty.points), "reason": reason},
        )
        _audit(actor, "govinfo.urgent_penalty", penalty, event.organization, kind=kind, event=event.pk)
    return penalty


# -- 我的工作 ----------------------------------------------------------------------------------------


def due_events(user: Any, now: dt.datetime) -> list[UrgentEvent]:
    """Open events of ``user``'s units (信息员, 签发人) with an expected report overdue or due within
    :data:`DUE_SOON`, or a report waiting for them (to sign, to send)."""
    units = org_policy.org_ids_with_role(user, RoleName.INFO_OFFICER, RoleName.SIGNER)
    if not units:
        return []
    out = []
    table = deadline_table()
    for event in UrgentEvent.objects.filter(organization_id__in=units, state=EventState.OPEN).order_by("pk"):
        slots = expected_slots(event, now + DUE_SOON, deadlines=table)
        waiting = any(not s.sent and s.due_at <= now + DUE_SOON for s in slots)
        if not waiting:
            unsent = event.reports.filter(sent_at__isnull=True)
            if can_sign(user, event):
                waiting = unsent.filter(channel=Channel.WRITTEN, signed_at__isnull=True).exists()
            if not waiting and can_send(user, event):
                waiting = unsent.filter(Q(signed_at__isnull=False) | Q(channel=Channel.PHONE)).exists()
        if waiting:
            out.append(event)
    return out


def events_to_receive(user: Any) -> QuerySet[UrgentEvent]:
    """Events with a report sent to an office whose desk ``user`` runs, not yet received."""
    offices = policy.desk_offices(user)
    return UrgentEvent.objects.filter(
        office__in=offices, reports__sent_at__isnull=False, reports__received_at__isnull=True
    ).distinct()


def events_to_read(user: Any) -> QuerySet[UrgentEvent]:
    """Events with a sent report unread, reported to an office of a government ``user`` leads."""
    return UrgentEvent.objects.filter(
        office__in=_leader_offices(user), reports__sent_at__isnull=False, reports__read_at__isnull=True
    ).distinct()


def pks(events: Iterable[UrgentEvent]) -> list[int]:
    return [e.pk for e in events]


__all__ = [
    "DAILY_AT",
    "Slot",
    "append_log",
    "create_event",
    "create_report",
    "event_log",
    "expected_slots",
    "flag_overdue",
    "read_report",
    "receive_report",
    "record_penalty",
    "send_report",
    "sign_report",
    "verify_log",
]
