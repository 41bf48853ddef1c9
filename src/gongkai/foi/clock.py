"""The request clock (docs/SPEC.md §4.2): a request's due date, derived from its events and the calendar.

Pure: no Django. The ``foi`` app stores a request's clock events (receipt, correction asked and
received, consultations and fee notices pausing the clock, extensions) and folds them here into
the due date, the department's internal due date, and a step-by-step explanation that staff and
the applicant both see. Nothing else ever sets a due date.

The rules (2019 《中华人民共和国政府信息公开条例》):

* 第三十三条第一款 — answer within **20 working days** of receipt. The day of receipt is not counted
  (期间开始的日不计算在内, 《民法典》 第二百零一条): the 20th working day *after* receipt is the due date.
* 第三十三条第二款 — an extension of at most **20 more working days**, approved by the head of the
  disclosure office; the approval must come before the due date.
* 第三十条 — within **7 working days** of receipt the body may ask **once** for a correction (补正).
  While the applicant corrects, no period runs. The 20 working days count afresh from the day the
  corrected application is received; a correction not made by the date given means the request is
  treated as abandoned (视为放弃申请).
* 第三十三条第三款 — time spent consulting third parties (第三十二条) or other bodies (第三十四条)
  is not counted. A consultation pauses the clock on the day it is sent: the days *after* that day,
  up to and including the day the answer arrives, are the consultation's (the same start-day rule).
  The consulted party has 15 working days; once they pass without an answer the clock runs again
  from the last day of that period (a third party's silence leaves the decision to the body,
  第三十二条; another body's silence counts as consent, 第三十四条).
* 国办函〔2020〕109号 — a fee notice pauses the clock the same way until the fee is paid; the
  applicant has 20 working days to pay, and an unpaid notice ends the request.

While a pause is open, the due date shown is the *latest* it can be (assuming the answer or payment
comes on the last allowed day) and is marked as such; the true date is fixed when the pause ends.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

__all__ = [
    "ANSWER_WORKDAYS",
    "CONSULTATION_WORKDAYS",
    "CORRECTION_ASK_WORKDAYS",
    "FEE_PAYMENT_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "ClockError",
    "ClockResult",
    "ClockStatus",
    "Event",
    "EventKind",
    "Step",
    "WorkdayCalendar",
    "compute",
]

ANSWER_WORKDAYS = 20  # 第三十三条第一款
MAX_EXTENSION_WORKDAYS = 20  # 第三十三条第二款
CORRECTION_ASK_WORKDAYS = 7  # 第三十条
CONSULTATION_WORKDAYS = 15  # 第三十二条, 第三十四条
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号

ART_RECEIPT = "第三十一条"
ART_ANSWER = "第三十三条第一款"
ART_EXTENSION = "第三十三条第二款"
ART_PAUSE = "第三十三条第三款"
ART_CORRECTION = "第三十条"
ART_FEE = "第四十二条、国办函〔2020〕109号"


class WorkdayCalendar(Protocol):
    """What the clock needs of a calendar (``gongkai.workdays.kernel.Calendar`` provides it)."""

    def add_workdays(self, start: date, n: int) -> date: ...

    def workdays_between(self, start: date, end: date) -> int: ...

    def provisional_years_touched(self, start: date, end: date) -> set[int]: ...


class ClockError(ValueError):
    """The events break a rule of the clock (the message is for staff, in Chinese)."""


class EventKind(enum.StrEnum):
    RECEIVED = "received"  # 收到申请 (第三十一条)
    CORRECTION_REQUESTED = "correction_requested"  # 告知补正; ``until`` = the date given to correct
    CORRECTION_RECEIVED = "correction_received"  # 收到补正后的申请: the period restarts
    CORRECTION_LAPSED = "correction_lapsed"  # 逾期未补正: treated as abandoned
    PAUSE_STARTED = (
        "pause_started"  # consultation or fee notice sent; ``key`` pairs it, ``until`` = latest end
    )
    PAUSE_ENDED = "pause_ended"  # answer or payment received (``key`` as the start)
    EXTENDED = "extended"  # ``days`` more working days, approved by the office head
    ANSWERED = "answered"  # the reply was issued: the clock stops
    CLOSED = "closed"  # ended otherwise (abandoned, fee lapsed, withdrawn)
    NOTE = "note"  # informational (e.g. the calendar changed): no effect on the period


class ClockStatus(enum.StrEnum):
    RUNNING = "running"  # 计时中
    PAUSED = "paused"  # 暂停计时 (consultation or fee)
    AWAITING_CORRECTION = "awaiting_correction"  # 待补正 (no period runs)
    STOPPED = "stopped"  # 已答复 / 已终止


STATUS_LABELS = {
    ClockStatus.RUNNING: "计时中",
    ClockStatus.PAUSED: "暂停计时",
    ClockStatus.AWAITING_CORRECTION: "待补正",
    ClockStatus.STOPPED: "已停止计时",
}

#: The events' names in Chinese, for messages when an event has no label of its own.
KIND_LABELS = {
    EventKind.RECEIVED: "收到申请",
    EventKind.CORRECTION_REQUESTED: "告知补正",
    EventKind.CORRECTION_RECEIVED: "收到补正后的申请",
    EventKind.CORRECTION_LAPSED: "逾期未补正",
    EventKind.PAUSE_STARTED: "暂停计时",
    EventKind.PAUSE_ENDED: "恢复计时",
    EventKind.EXTENDED: "延长答复期限",
    EventKind.ANSWERED: "答复",
    EventKind.CLOSED: "办理终止",
    EventKind.NOTE: "说明",
}


@dataclass(frozen=True)
class Event:
    kind: EventKind
    on: date
    label: str = ""  # what happened, in the words of the record (e.g. "征求第三方意见：某公司")
    days: int = 0  # EXTENDED
    key: str = ""  # PAUSE_STARTED / PAUSE_ENDED
    until: date | None = None  # CORRECTION_REQUESTED: correct by; PAUSE_STARTED: latest end


@dataclass(frozen=True)
class Step:
    """One line of the explanation: the event and its effect on the period."""

    on: date
    title: str
    article: str
    effect: str
    due: date | None  # the due date as it stood after this event


@dataclass(frozen=True)
class ClockResult:
    status: ClockStatus
    due: date | None  # None while awaiting correction, or if the request never started
    internal_due: date | None
    base: date | None  # the day the current period counts from (receipt, or corrected receipt)
    limit: int  # working days allowed: 20 plus extensions
    used: int  # working days used up to ``today`` (pauses excluded)
    projected: bool  # an open pause: ``due`` is the latest it can be
    provisional_years: frozenset[int]  # years without a State Council notice among the counted days
    correction_due: date | None
    steps: tuple[Step, ...] = field(default=())

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class _Pause:
    key: str
    start: date
    latest_end: date | None
    end: date | None = None


def zh_date(day: date | None) -> str:
    """2026年3月2日, as letters and explanations write dates; "—" for none."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


_zh = zh_date


def _order(kind: EventKind) -> int:
    # Same-day events: receipt first, stops last.
    return {EventKind.RECEIVED: 0, EventKind.ANSWERED: 9, EventKind.CLOSED: 9}.get(kind, 5)


def _fold_due(
    calendar: WorkdayCalendar, base: date, limit: int, pauses: Sequence[_Pause], today: date | None
) -> tuple[date, bool, int]:
    """The due date for ``limit`` working days after ``base``, skipping paused spans.

    Returns (due, projected, used-by-today). An open pause is assumed to run to its latest end
    (``projected``); a pause open with no latest end cannot be projected and raises.
    """
    remaining = limit
    cursor = base
    projected = False
    used = 0
    for pause in sorted(pauses, key=lambda p: p.start):
        end = pause.end
        if end is None:
            if pause.latest_end is None:
                raise ClockError("暂停计时没有最迟结束日期，无法推算期限")
            end = pause.latest_end
            projected = projected or today is None or today <= end
        if pause.start < cursor:
            # Overlapping pauses: only the part after the cursor adds anything.
            cursor = max(cursor, end)
            continue
        counted = calendar.workdays_between(cursor, pause.start)
        if counted >= remaining:
            break
        remaining -= counted
        if today is not None:
            used += calendar.workdays_between(cursor, min(pause.start, today))
        cursor = max(cursor, end)
    due = calendar.add_workdays(cursor, remaining)
    if today is not None and today > cursor:
        used += calendar.workdays_between(cursor, min(today, due))
    return due, projected, used


def compute(
    events: Iterable[Event],
    calendar: WorkdayCalendar,
    *,
    today: date | None = None,
    internal_lead: int = 0,
) -> ClockResult:
    """Fold a request's events into its clock.

    ``internal_lead``: the department's internal due date is this many working days of the period
    before the external one (docs/SPEC.md §4.3); 0 means the same day.
    """
    ordered = sorted(events, key=lambda e: (e.on, _order(e.kind)))
    if not ordered or ordered[0].kind is not EventKind.RECEIVED:
        raise ClockError("期限从收到申请之日起计算：缺少“收到申请”事件")
    steps: list[Step] = []
    base: date | None = None
    limit = ANSWER_WORKDAYS
    extended = 0
    pauses: dict[str, _Pause] = {}
    status = ClockStatus.RUNNING
    correction_asked = False
    correction_due: date | None = None
    received_on = ordered[0].on
    stopped_on: date | None = None

    def current_due() -> date | None:
        if base is None or status is ClockStatus.AWAITING_CORRECTION:
            return None
        return _fold_due(calendar, base, limit, list(pauses.values()), None)[0]

    for event in ordered:
        if status is ClockStatus.STOPPED and event.kind is not EventKind.NOTE:
            raise ClockError(
                f"{_zh(event.on)}：申请已办结，不能再记录“{event.label or KIND_LABELS[event.kind]}”"
            )
        kind = event.kind
        if kind is EventKind.RECEIVED:
            if base is not None:
                raise ClockError("一件申请只能有一个收到日期")
            base = event.on
            due = current_due()
            effect = f"自次日起计算{ANSWER_WORKDAYS}个工作日，答复期限至{_zh(due)}"
            steps.append(
                Step(event.on, event.label or "收到申请", ART_RECEIPT + "、" + ART_ANSWER, effect, due)
            )
        elif kind is EventKind.CORRECTION_REQUESTED:
            if correction_asked:
                raise ClockError("补正只能要求一次（第三十条）")
            assert base is not None
            latest_ask = calendar.add_workdays(received_on, CORRECTION_ASK_WORKDAYS)
            if event.on > latest_ask:
                raise ClockError(
                    f"应当自收到申请之日起{CORRECTION_ASK_WORKDAYS}个工作日内（{_zh(latest_ask)}前）"
                    "一次性告知补正（第三十条）"
                )
            if event.until is None or event.until <= event.on:
                raise ClockError("补正通知必须写明晚于通知日期的补正期限")
            if any(p.end is None for p in pauses.values()):
                # The correction restarts the period; an open consultation or fee notice would be
                # cut loose from it. Ask for the correction first (it is due within 7 working days).
                raise ClockError("征求意见或收费通知期间不能告知补正，请在其结束后再告知")
            correction_asked = True
            correction_due = event.until
            status = ClockStatus.AWAITING_CORRECTION
            pauses.clear()
            effect = f"答复期限停止计算；申请人应于{_zh(event.until)}前补正，逾期未补正视为放弃申请"
            steps.append(Step(event.on, event.label or "告知补正", ART_CORRECTION, effect, None))
        elif kind is EventKind.CORRECTION_RECEIVED:
            if status is not ClockStatus.AWAITING_CORRECTION:
                raise ClockError("没有待补正的通知，不能登记补正")
            base = event.on
            limit = ANSWER_WORKDAYS
            extended = 0
            status = ClockStatus.RUNNING
            due = current_due()
            effect = f"自收到补正申请之日的次日起重新计算{ANSWER_WORKDAYS}个工作日，答复期限至{_zh(due)}"
            steps.append(Step(event.on, event.label or "收到补正后的申请", ART_CORRECTION, effect, due))
        elif kind is EventKind.CORRECTION_LAPSED:
            if status is not ClockStatus.AWAITING_CORRECTION:
                raise ClockError("没有待补正的通知")
            status = ClockStatus.STOPPED
            effect = "申请人逾期未补正，视为放弃申请，不再处理"
            steps.append(Step(event.on, event.label or "逾期未补正", ART_CORRECTION, effect, None))
        elif kind is EventKind.PAUSE_STARTED:
            if status is ClockStatus.AWAITING_CORRECTION:
                raise ClockError("待补正期间答复期限不计算，无需暂停")
            if not event.key or event.key in pauses:
                raise ClockError("暂停事件缺少唯一标识")
            assert base is not None
            before = current_due()
            assert before is not None
            if event.on > before:
                raise ClockError(f"答复期限已于{_zh(before)}届满，不能再暂停计时")
            if event.until is not None and event.until < event.on:
                raise ClockError("暂停的最迟结束日期不能早于开始日期")
            pauses[event.key] = _Pause(event.key, max(event.on, base), event.until)
            status = ClockStatus.PAUSED
            due = current_due()
            # Days already used: those of earlier pauses are not counted (第三十三条第三款).
            used = _fold_due(calendar, base, limit, list(pauses.values()), event.on)[2]
            effect = f"自次日起暂停计时（已用{min(used, limit)}个工作日）"
            if event.until is not None:
                effect += f"；最迟于{_zh(event.until)}恢复，届时答复期限最迟至{_zh(due)}"
            article = ART_FEE if event.key.startswith("fee") else ART_PAUSE
            steps.append(Step(event.on, event.label or "暂停计时", article, effect, due))
        elif kind is EventKind.PAUSE_ENDED:
            pause = pauses.get(event.key)
            if pause is None or pause.end is not None:
                raise ClockError("没有对应的暂停事件")
            if event.on < pause.start:
                raise ClockError("恢复计时日期不能早于暂停日期")
            pause.end = event.on
            if pause.latest_end is not None and event.on > pause.latest_end:
                pause.end = pause.latest_end
            if all(p.end is not None for p in pauses.values()):
                status = ClockStatus.RUNNING
            due = current_due()
            effect = f"自次日起恢复计时，答复期限至{_zh(due)}"
            if pause.end != event.on:
                effect = f"意见期限已于{_zh(pause.end)}届满，自该日次日起已恢复计时，答复期限至{_zh(due)}"
            article = ART_FEE if event.key.startswith("fee") else ART_PAUSE
            steps.append(Step(event.on, event.label or "恢复计时", article, effect, due))
        elif kind is EventKind.EXTENDED:
            if event.days <= 0:
                raise ClockError("延长的工作日数必须大于0")
            if extended + event.days > MAX_EXTENSION_WORKDAYS:
                raise ClockError(
                    f"延长答复期限最长不得超过{MAX_EXTENSION_WORKDAYS}个工作日（第三十三条第二款）"
                )
            before = current_due()
            if before is None:
                raise ClockError("待补正期间不能延长答复期限")
            if event.on > before:
                raise ClockError(f"答复期限已于{_zh(before)}届满，不能再延长")
            extended += event.days
            limit = ANSWER_WORKDAYS + extended
            due = current_due()
            effect = (
                f"经政府信息公开工作机构负责人同意延长{event.days}个工作日，"
                f"答复期限由{_zh(before)}延至{_zh(due)}"
            )
            steps.append(Step(event.on, event.label or "延长答复期限", ART_EXTENSION, effect, due))
        elif kind in (EventKind.ANSWERED, EventKind.CLOSED):
            due = current_due()
            if kind is EventKind.ANSWERED and due is not None:
                if event.on <= due:
                    effect = f"已于期限（{_zh(due)}）内答复，计时结束"
                else:
                    late = calendar.workdays_between(due, event.on)
                    # Answered on a day off just after the due date: late, though by no working day.
                    effect = (
                        f"超过答复期限（{_zh(due)}）{late}个工作日答复"
                        if late
                        else f"超过答复期限（{_zh(due)}）答复"
                    )
                article = ART_ANSWER
            elif kind is EventKind.ANSWERED:
                effect = "已答复，计时结束"
                article = ART_ANSWER
            else:
                effect = "申请办理终止，计时结束"
                article = ""
            # The clock stops: open pauses end on this day, or on their latest end if that passed
            # (the clock already ran again from then, as the step's due date above assumes).
            for pause in pauses.values():
                if pause.end is None:
                    pause.end = event.on
                    if pause.latest_end is not None and event.on > pause.latest_end:
                        pause.end = pause.latest_end
            status = ClockStatus.STOPPED
            stopped_on = event.on
            default = "答复" if kind is EventKind.ANSWERED else "办理终止"
            steps.append(Step(event.on, event.label or default, article, effect, due))
        elif kind is EventKind.NOTE:
            steps.append(Step(event.on, event.label or "说明", "", "", current_due()))

    final_due: date | None = None
    internal_due: date | None = None
    projected = False
    used = 0
    provisional: frozenset[int] = frozenset()
    if base is not None and not (status is ClockStatus.AWAITING_CORRECTION or _ended_without_period(ordered)):
        plist = list(pauses.values())
        # A stopped clock uses no more days after the day it stopped.
        counted_to = today if today is None or stopped_on is None else min(today, stopped_on)
        final_due, projected, used = _fold_due(calendar, base, limit, plist, counted_to)
        if internal_lead:
            internal_due = _fold_due(calendar, base, max(limit - internal_lead, 1), plist, None)[0]
        else:
            internal_due = final_due
        provisional = frozenset(calendar.provisional_years_touched(base, final_due))
    if status is ClockStatus.STOPPED:
        projected = False
    return ClockResult(
        status=status,
        due=final_due,
        internal_due=internal_due,
        base=base,
        limit=limit,
        used=min(used, limit),
        projected=projected,
        provisional_years=provisional,
        correction_due=correction_due if status is ClockStatus.AWAITING_CORRECTION else None,
        steps=tuple(steps),
    )


def _ended_without_period(ordered: Sequence[Event]) -> bool:
    """A request closed (or answered) while awaiting correction has no due date to show."""
    waiting = False
    for event in ordered:
        if event.kind is EventKind.CORRECTION_REQUESTED:
            waiting = True
        elif event.kind is EventKind.CORRECTION_RECEIVED:
            waiting = False
        elif event.kind in (EventKind.CORRECTION_LAPSED, EventKind.CLOSED, EventKind.ANSWERED) and waiting:
            return True
    return False


def with_label(event: Event, label: str) -> Event:
    return replace(event, label=label)
