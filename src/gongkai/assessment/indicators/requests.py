"""Indicators of disclosure on request (依申请公开), per body and period, from the ``foi`` records.

The body is the request's 受理机关 (``InfoRequest.organization``). A request's due date is never
worked out here: it is the ``due_date`` the request clock (``gongkai.foi.clock``, 2019 条例
第三十条、第三十三条) derived from the request's events and stored on the request; an answer is on time
when ``answered_on <= due_date`` (a request answered while awaiting correction has no period
running and no due date: on time). The figures count by the day things happened, as the annual
report does (``gongkai.reports.figures``: 本年新收 by ``received_on``, 办理结果 by the day it was
finished):

- ``requests_received``: received (``received_on``, the day of receipt of 第三十一条) in the period;
- ``requests_answered``: answered (``answered_on``) in the period (a request ended otherwise —
  withdrawn, abandoned, fee unpaid — is not answered);
- ``requests_on_time``: of those answered in the period, the share answered by the due date;
- ``requests_overdue``: answered *late* in the period, **plus** requests still open at the period's
  end (or today, for a period not over yet) whose due date had passed by then (due date before that
  day; on the due date itself a request is not yet overdue). ``detail`` gives the two parts;
- ``requests_buckets``: those answered in the period by the working days from receipt to answer on
  the platform's calendar, counted as the clock counts (the day of receipt is not counted,
  《民法典》第二百零一条: ``Calendar.workdays_between(received_on, answered_on)``), in the buckets
  ≤5, ≤10, ≤15, ≤20, ≤25, ≤30, ≤40, >40;
- ``requests_last_two_days``: of those answered in the period, the share answered on time within
  the last 2 working days of the period (on the due date or the working day before it: fewer than
  2 working days left after the answer day);
- ``appeals_corrected``: 行政复议 and 行政诉讼 about the body's requests decided (``decided_on``) in
  the period with the result 结果纠正 (表四's column), by kind.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.indicators.base import Definition, Figure, Period, Record, Records
from gongkai.foi.clock import zh_date
from gongkai.foi.legal import AppealKind, AppealResult
from gongkai.foi.models import Appeal, InfoRequest
from gongkai.workdays.calendar import get_calendar

GROUP = _("依申请公开")

#: Upper edges (working days, inclusive) of the buckets; the last bucket is "more than 40".
BUCKET_EDGES = (5, 10, 15, 20, 25, 30, 40)
BUCKET_KEYS = (*(f"≤{edge}" for edge in BUCKET_EDGES), f">{BUCKET_EDGES[-1]}")
#: The last working days before the due date that count as "answered at the last moment".
LAST_DAYS = 2

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "requests_received",
        _("收到申请数"),
        "count",
        GROUP,
        explanation=_("考核期内收到的政府信息公开申请件数，以收到申请之日（第三十一条）为准。"),
    ),
    Definition(
        "requests_answered",
        _("答复申请数"),
        "count",
        GROUP,
        explanation=_("考核期内作出答复的申请件数，以答复日期为准；撤回、视为放弃等终止办理的不计入。"),
    ),
    Definition(
        "requests_on_time",
        _("按期答复率"),
        "rate",
        GROUP,
        explanation=_(
            "考核期内答复的申请中，在法定期限内答复的比例；期限由申请计时按第三十条、第三十三条"
            "（含延长、补正和暂停计时）确定。"
        ),
    ),
    Definition(
        "requests_overdue",
        _("超期申请数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_(
            "考核期内超过答复期限才答复的申请，加上考核期末（期末未到的按当日）仍未办结且已过答复期限的申请。"
        ),
    ),
    Definition(
        "requests_buckets",
        _("答复用时分布"),
        "count",
        GROUP,
        explanation=_(
            "考核期内答复的申请，按平台工作日历计算自收到申请次日至答复日的工作日数，"
            "分为5、10、15、20、25、30、40个工作日以内和超过40个工作日。"
        ),
    ),
    Definition(
        "requests_last_two_days",
        _("期限最后两个工作日内答复比例"),
        "rate",
        GROUP,
        higher_is_better=False,
        explanation=_("考核期内答复的申请中，在答复期限届满当日或前一个工作日按期答复的比例。"),
    ),
    Definition(
        "appeals_corrected",
        _("复议、诉讼被纠错数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_("考核期内审结、结果为纠正的行政复议和行政诉讼案件数（表四“结果纠正”）。"),
    ),
)

CODES = frozenset(d.code for d in DEFINITIONS)


def rate(count: int, sample: int) -> Figure:
    """A share as a figure: ``count / sample`` to 4 decimal places, None without any sample."""
    value = (Decimal(count) / Decimal(sample)).quantize(Decimal("0.0001")) if sample else None
    return Figure(value, count=count, sample=sample)


def cutoff(period: Period, today: dt.date | None = None) -> dt.date:
    """The day the stock figures (still open, past due) are taken: the period's end, or today while
    the period is not over (so a past period's figures do not change as time goes on)."""
    return min(period.end, today or timezone.localdate())


def bucket(workdays: int) -> str:
    for edge, key in zip(BUCKET_EDGES, BUCKET_KEYS, strict=False):
        if workdays <= edge:
            return key
    return BUCKET_KEYS[-1]


def _answered_late(answered_on: dt.date, due: dt.date | None) -> bool:
    return due is not None and answered_on > due


def _open_overdue(day: dt.date) -> Q:
    """Requests not finished on ``day`` (received by then) whose due date was before it."""
    not_finished = (Q(answered_on__isnull=True) | Q(answered_on__gt=day)) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=day)
    )
    return Q(received_on__lte=day, due_date__lt=day) & not_finished


def compute(period: Period, org_ids: list[int]) -> dict[int, dict[str, Figure]]:
    ids = sorted(set(org_ids))
    if not ids:
        return {}
    calendar = get_calendar()
    day = cutoff(period)
    span = (period.start, period.end)
    requests = InfoRequest.objects.filter(organization_id__in=ids).order_by()

    received: dict[int, int] = defaultdict(int)
    open_overdue: dict[int, int] = defaultdict(int)
    for row in requests.values("organization_id").annotate(
        received=Count("pk", filter=Q(received_on__range=span)),
        open_overdue=Count("pk", filter=_open_overdue(day)),
    ):
        received[row["organization_id"]] = row["received"]
        open_overdue[row["organization_id"]] = row["open_overdue"]

    answered: dict[int, int] = defaultdict(int)
    on_time: dict[int, int] = defaultdict(int)
    last_days: dict[int, int] = defaultdict(int)
    buckets: dict[int, dict[str, int]] = {pk: dict.fromkeys(BUCKET_KEYS, 0) for pk in ids}
    rows = requests.filter(answered_on__range=span).values_list(
        "organization_id", "received_on", "answered_on", "due_date"
    )
    for org_id, received_on, answered_on, due in rows.iterator(chunk_size=5000):
        answered[org_id] += 1
        buckets[org_id][bucket(calendar.workdays_between(received_on, answered_on))] += 1
        if _answered_late(answered_on, due):
            continue
        on_time[org_id] += 1
        if due is not None and calendar.workdays_between(answered_on, due) < LAST_DAYS:
            last_days[org_id] += 1

    corrected: dict[int, dict[str, int]] = {pk: {"review": 0, "litigation": 0} for pk in ids}
    for org_id, kind, n in (
        Appeal.objects.filter(
            request__organization_id__in=ids, result=AppealResult.CORRECTED, decided_on__range=span
        )
        .order_by()
        .values_list("request__organization_id", "kind")
        .annotate(n=Count("pk"))
    ):
        corrected[org_id]["review" if kind == AppealKind.REVIEW else "litigation"] += n

    out: dict[int, dict[str, Figure]] = {}
    for pk in ids:
        late = answered[pk] - on_time[pk]
        out[pk] = {
            "requests_received": Figure(received[pk]),
            "requests_answered": Figure(answered[pk]),
            "requests_on_time": rate(on_time[pk], answered[pk]),
            "requests_overdue": Figure(
                late + open_overdue[pk],
                detail={"answered_late": late, "open_overdue": open_overdue[pk], "as_of": day.isoformat()},
            ),
            "requests_buckets": Figure(answered[pk], detail=buckets[pk]),
            "requests_last_two_days": rate(last_days[pk], answered[pk]),
            "appeals_corrected": Figure(sum(corrected[pk].values()), detail=corrected[pk]),
        }
    return out


# -- the records behind a figure -------------------------------------------------------------------


def _request_record(request: InfoRequest, note: str, day: dt.date | None) -> Record:
    return Record(
        label=request.registration_number,
        url=reverse("backoffice:request_detail", args=[request.pk]),
        date=day,
        note=note,
    )


def _answer_note(request: InfoRequest) -> str:
    if request.due_date is None:
        return gettext("%(answered)s答复（未计答复期限）") % {"answered": zh_date(request.answered_on)}
    if _answered_late(request.answered_on, request.due_date):  # type: ignore[arg-type]
        template = gettext("答复期限%(due)s，%(answered)s逾期答复")
    else:
        template = gettext("答复期限%(due)s，%(answered)s答复")
    return template % {"due": zh_date(request.due_date), "answered": zh_date(request.answered_on)}


def _cut(qs: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    total = qs.count()
    return list(qs[:limit]), total


def records(code: str, org_id: int, period: Period, limit: int) -> Records:
    if code not in CODES:
        raise KeyError(code)
    span = (period.start, period.end)
    mine = InfoRequest.objects.filter(organization_id=org_id)
    if code == "appeals_corrected":
        appeals = (
            Appeal.objects.filter(
                request__organization_id=org_id, result=AppealResult.CORRECTED, decided_on__range=span
            )
            .select_related("request")
            .order_by("decided_on", "pk")
        )
        found, total = _cut(appeals, limit)
        return Records(
            [
                Record(
                    label=f"{a.request.registration_number} {a.get_kind_display()} {a.case_number}".strip(),
                    url=reverse("backoffice:request_detail", args=[a.request_id]),
                    date=a.decided_on,
                    note=gettext("%(authority)s：结果纠正") % {"authority": a.authority},
                )
                for a in found
            ],
            total,
        )
    if code == "requests_received":
        found, total = _cut(mine.filter(received_on__range=span).order_by("received_on", "pk"), limit)
        return Records([_request_record(r, gettext("收到申请"), r.received_on) for r in found], total)
    if code == "requests_overdue":
        day = cutoff(period)
        late = Q(answered_on__range=span, due_date__isnull=False, answered_on__gt=F("due_date"))
        found, total = _cut(mine.filter(late | _open_overdue(day)).order_by("due_date", "pk"), limit)
        rows = []
        for r in found:
            if r.answered_on is not None and period.start <= r.answered_on <= period.end:
                rows.append(_request_record(r, _answer_note(r), r.answered_on))
            else:
                note = gettext("答复期限%(due)s，截至%(day)s仍未办结") % {
                    "due": zh_date(r.due_date),
                    "day": zh_date(day),
                }
                rows.append(_request_record(r, note, r.due_date))
        return Records(rows, total)
    answered = mine.filter(answered_on__range=span).order_by("answered_on", "pk")
    if code in ("requests_answered", "requests_buckets"):
        found, total = _cut(answered, limit)
        if code == "requests_answered":
            return Records([_request_record(r, _answer_note(r), r.answered_on) for r in found], total)
        calendar = get_calendar()
        return Records(
            [
                _request_record(
                    r,
                    gettext("用时%(n)s个工作日")
                    % {"n": calendar.workdays_between(r.received_on, r.answered_on)},
                    r.answered_on,
                )
                for r in found
            ],
            total,
        )
    # requests_on_time / requests_last_two_days: the sample is every request answered in the period,
    # each marked with how it counts; the ones counted come first.
    calendar = get_calendar()

    def counted(r: InfoRequest) -> bool:
        assert r.answered_on is not None
        if _answered_late(r.answered_on, r.due_date):
            return False
        if code == "requests_on_time":
            return True
        return r.due_date is not None and calendar.workdays_between(r.answered_on, r.due_date) < LAST_DAYS

    every = list(answered.only("pk", "registration_number", "received_on", "answered_on", "due_date"))
    every.sort(key=lambda r: not counted(r))
    return Records(
        [_request_record(r, _answer_note(r), r.answered_on) for r in every[:limit]],
        len(every),
    )
