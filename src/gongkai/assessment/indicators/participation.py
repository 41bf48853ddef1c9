"""Indicators of public participation (互动, 社会评议, 意见征集, 申请引导), per body and period.

For a period made of whole calendar months the figures are the apps' own monthly figures added up
(``interaction.figures``, ``ratings.figures``, ``opinions.figures``, ``foi.deflection``); the stock
figures (open past the due date, unanswered for more than 3 months) are those of the last month,
taken at its end (or today while it runs). For any other period the same definitions are counted
directly over the period's days:

- ``messages_received``: received (``received_on``) in the period;
- ``messages_answered_in_limit``: of the messages answered (``answered_on``) in the period, the
  share answered by the due date (the kind's working days after receipt, ``interaction.rules``);
- ``messages_overdue``: answered *after* the due date in the period, **plus** messages not answered
  at the period's end (or today) whose due date had passed by then; ``detail`` gives both parts;
- ``messages_unanswered_3_months``: messages not answered at the period's end (or today) more than
  3 calendar months after receipt — 互动回应差 (国办秘函〔2019〕19号, a single veto); a count, any
  message at all sets the flag;
- ``ratings_total`` and ``satisfaction_rate`` ((满意 + 基本满意) / 评价总数, ``ratings.figures``) of
  the ratings of the body's work and of its items; a rating counts in its month (``Rating.month``)
  or, for a period of parts of months, on the local day it was given;
- ``consultations_opened`` (period began, ``opens_on``), ``consultation_comments`` (received) and
  ``consultations_feedback_published`` (采纳情况 published, ``summary_published_at``) of 意见征集;
- ``deflection_followed``: published items a citizen followed from the application form
  (第三十六条第（一）项). These are counted per month only, so a period of parts of months counts
  the months that begin within it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.indicators.base import Definition, Figure, Period, Record, Records
from gongkai.assessment.indicators.requests import cutoff, rate
from gongkai.foi import deflection
from gongkai.foi.clock import zh_date
from gongkai.foi.models import DeflectionTally
from gongkai.interaction import figures as message_figures
from gongkai.interaction.models import Message
from gongkai.interaction.rules import long_unanswered_before
from gongkai.opinions import figures as opinion_figures
from gongkai.opinions.models import Comment, Consultation
from gongkai.ratings import figures as rating_figures
from gongkai.ratings.figures import GradeCounts
from gongkai.ratings.models import Grade, Rating

GROUP = _("公众参与")
T = TypeVar("T")

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "messages_received",
        _("收到留言数"),
        "count",
        GROUP,
        explanation=_("考核期内收到的互动留言件数。"),
    ),
    Definition(
        "messages_answered_in_limit",
        _("留言按期答复率"),
        "rate",
        GROUP,
        explanation=_("考核期内答复的留言中，在留言类别规定的工作日期限内答复的比例。"),
    ),
    Definition(
        "messages_overdue",
        _("超期留言数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_(
            "考核期内超过答复期限才答复的留言，加上考核期末（期末未到的按当日）仍未答复且已过答复期限的留言。"
        ),
    ),
    Definition(
        "messages_unanswered_3_months",
        _("超过3个月未答复留言数"),
        "count",
        GROUP,
        higher_is_better=False,
        explanation=_(
            "考核期末（期末未到的按当日）收到已超过3个月仍未答复的留言件数（互动回应差，国办秘函〔2019〕19号）。"
        ),
    ),
    Definition(
        "ratings_total",
        _("评价总数"),
        "count",
        GROUP,
        explanation=_("考核期内公众对本机关公开工作和公开信息的评价总数。"),
    ),
    Definition(
        "satisfaction_rate",
        _("满意率"),
        "rate",
        GROUP,
        explanation=_("考核期内评价中“满意”和“基本满意”之和占评价总数的比例。"),
    ),
    Definition(
        "consultations_opened",
        _("开展意见征集次数"),
        "count",
        GROUP,
        explanation=_("考核期内开始征求意见的意见征集件数。"),
    ),
    Definition(
        "consultation_comments",
        _("收到意见数"),
        "count",
        GROUP,
        explanation=_("考核期内意见征集收到的公众意见条数。"),
    ),
    Definition(
        "consultations_feedback_published",
        _("公布采纳情况次数"),
        "count",
        GROUP,
        explanation=_("考核期内公布意见采纳情况的意见征集件数。"),
    ),
    Definition(
        "deflection_followed",
        _("申请引导查看次数"),
        "count",
        GROUP,
        explanation=_("考核期内申请人在申请页面点击查看已公开信息的次数（第三十六条第（一）项），按月统计。"),
    ),
)

CODES = frozenset(d.code for d in DEFINITIONS)


def whole_months(period: Period) -> list[tuple[int, int]] | None:
    """The (year, month) pairs of a period made of whole calendar months, else None."""
    if period.start.day != 1 or (period.end + dt.timedelta(days=1)).day != 1:
        return None
    return list(_months(period.start, period.end))


def _months(first: dt.date, last: dt.date) -> Iterator[tuple[int, int]]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = year + (month == 12), month % 12 + 1


def _months_beginning_in(period: Period) -> list[dt.date]:
    """The first days of the months that begin within the period."""
    return [
        dt.date(y, m, 1) for y, m in _months(period.start, period.end) if dt.date(y, m, 1) >= period.start
    ]


def _local_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


#: From this many bodies on, the apps' monthly figures are asked for every body and the wanted ones
#: picked out: a grouped query over a month of the whole installation costs less than building and
#: running it with a list of a thousand ids, twelve times per figure.
ALL_BODIES_FROM = 50


def _scope(ids: list[int]) -> list[int] | None:
    return None if len(ids) >= ALL_BODIES_FROM else ids


def _wanted(figures: Mapping[int, T], out: Mapping[int, Any]) -> Iterator[tuple[int, T]]:
    """The entries of ``figures`` of the bodies in ``out``."""
    return ((pk, fig) for pk, fig in figures.items() if pk in out)


# -- 互动 ------------------------------------------------------------------------------------------


def _open_on(day: dt.date) -> Q:
    """Received by ``day`` and not answered by then."""
    return Q(received_on__lte=day) & (Q(answered_on__isnull=True) | Q(answered_on__gt=day))


def _messages(period: Period, ids: list[int]) -> dict[int, dict[str, int]]:
    """Per body: received, answered, answered_within_limit, overdue_open, unanswered_over_3_months."""
    out: dict[int, dict[str, int]] = {pk: defaultdict(int) for pk in ids}
    months = whole_months(period)
    day = cutoff(period)
    if months is not None:
        for year, month in months:
            for pk, fig in _wanted(message_figures.monthly_figures(year, month, _scope(ids)), out):
                for name in ("received", "answered", "answered_within_limit"):
                    out[pk][name] += getattr(fig, name)
                if (year, month) == months[-1]:
                    out[pk]["overdue_open"] = fig.overdue_open
                    out[pk]["unanswered_over_3_months"] = fig.unanswered_over_3_months
        return out
    span = (period.start, period.end)
    rows = (
        Message.objects.filter(organization_id__in=ids)
        .order_by()
        .values("organization_id")
        .annotate(
            received=Count("pk", filter=Q(received_on__range=span)),
            answered=Count("pk", filter=Q(answered_on__range=span)),
            answered_within_limit=Count(
                "pk", filter=Q(answered_on__range=span, answered_on__lte=F("due_date"))
            ),
            overdue_open=Count("pk", filter=_open_on(day) & Q(due_date__lt=day)),
            unanswered_over_3_months=Count(
                "pk", filter=_open_on(day) & Q(received_on__lt=long_unanswered_before(day))
            ),
        )
    )
    for row in rows:
        pk = row.pop("organization_id")
        out[pk].update(row)
    return out


# -- 社会评议 ---------------------------------------------------------------------------------------


def _ratings(period: Period, ids: list[int]) -> dict[int, GradeCounts]:
    out = {pk: GradeCounts() for pk in ids}
    months = whole_months(period)
    if months is not None:
        for year, month in months:
            for pk, fig in _wanted(rating_figures.monthly_figures(year, month, _scope(ids)), out):
                out[pk] = out[pk] + fig.all
        return out
    start, end = _local_bounds(period)
    rows = (
        Rating.objects.filter(organization_id__in=ids, created_at__gte=start, created_at__lt=end)
        .order_by()
        .values_list("organization_id", "grade")
        .annotate(n=Count("pk"))
    )
    for pk, grade, n in rows:
        out[pk].add(grade, n)
    return out


# -- 意见征集 and 申请引导 -------------------------------------------------------------------------


def _consultations(period: Period, ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {pk: defaultdict(int) for pk in ids}
    start, end = _local_bounds(period)
    months = whole_months(period)
    if months is not None:
        for year, month in months:
            for pk, fig in _wanted(opinion_figures.monthly_figures(year, month, _scope(ids)), out):
                out[pk]["opened"] += fig.opened
                out[pk]["comments"] += fig.comments_received
    else:
        opened = Consultation.objects.filter(
            organization_id__in=ids, opens_on__range=(period.start, period.end)
        )
        for pk, n in opened.order_by().values_list("organization_id").annotate(n=Count("pk")):
            out[pk]["opened"] = n
        comments = Comment.objects.filter(
            consultation__organization_id__in=ids, received_at__gte=start, received_at__lt=end
        )
        for pk, n in comments.order_by().values_list("consultation__organization_id").annotate(n=Count("pk")):
            out[pk]["comments"] = n
    # The monthly figures count comments adopted, not consultations whose 采纳情况 was published.
    published = Consultation.objects.filter(
        organization_id__in=ids, summary_published_at__gte=start, summary_published_at__lt=end
    )
    for pk, n in published.order_by().values_list("organization_id").annotate(n=Count("pk")):
        out[pk]["feedback"] = n
    return out


def _deflection(period: Period, ids: list[int]) -> dict[int, int]:
    out = dict.fromkeys(ids, 0)
    months = whole_months(period)
    if months is not None:
        for year, month in months:
            for fig in deflection.monthly_figures(year, month, _scope(ids)):
                if fig.organization_id in out:
                    out[fig.organization_id] += fig.followed
        return out
    firsts = _months_beginning_in(period)
    if firsts:
        rows = (
            DeflectionTally.objects.filter(organization_id__in=ids, month__in=firsts)
            .order_by()
            .values_list("organization_id")
            .annotate(n=Sum("followed"))
        )
        for pk, n in rows:
            out[pk] = n or 0
    return out


def _grade_detail(grades: GradeCounts) -> dict[str, int]:
    return {
        Grade.SATISFIED.value: grades.satisfied,
        Grade.BASIC.value: grades.basic,
        Grade.UNSATISFIED.value: grades.unsatisfied,
    }


def compute(period: Period, org_ids: list[int]) -> dict[int, dict[str, Figure]]:
    ids = sorted(set(org_ids))
    if not ids:
        return {}
    messages = _messages(period, ids)
    ratings = _ratings(period, ids)
    consultations = _consultations(period, ids)
    followed = _deflection(period, ids)
    day = cutoff(period)
    out: dict[int, dict[str, Figure]] = {}
    for pk in ids:
        m = messages[pk]
        late = m["answered"] - m["answered_within_limit"]
        grades = ratings[pk]
        satisfaction = rate(grades.satisfied + grades.basic, grades.total)
        out[pk] = {
            "messages_received": Figure(m["received"]),
            "messages_answered_in_limit": rate(m["answered_within_limit"], m["answered"]),
            "messages_overdue": Figure(
                late + m["overdue_open"],
                detail={"answered_late": late, "open_overdue": m["overdue_open"], "as_of": day.isoformat()},
            ),
            "messages_unanswered_3_months": Figure(
                m["unanswered_over_3_months"], detail={"as_of": day.isoformat()}
            ),
            "ratings_total": Figure(
                grades.total,
                detail=_grade_detail(grades),
            ),
            "satisfaction_rate": Figure(
                satisfaction.value,
                count=satisfaction.count,
                sample=satisfaction.sample,
                detail=_grade_detail(grades),
            ),
            "consultations_opened": Figure(consultations[pk]["opened"]),
            "consultation_comments": Figure(consultations[pk]["comments"]),
            "consultations_feedback_published": Figure(consultations[pk]["feedback"]),
            "deflection_followed": Figure(followed[pk]),
        }
    return out


# -- the records behind a figure -------------------------------------------------------------------


def _message_record(message: Message, note: str, day: dt.date | None) -> Record:
    return Record(
        label=f"{message.tracking_number} {message.subject}",
        url=reverse("backoffice:message_detail", args=[message.pk]),
        date=day,
        note=note,
    )


def _message_note(message: Message, day: dt.date) -> str:
    if message.answered_on is not None and message.answered_on <= day:
        if message.answered_on > message.due_date:
            template = gettext("答复期限%(due)s，%(answered)s逾期答复")
        else:
            template = gettext("答复期限%(due)s，%(answered)s答复")
        return template % {"due": zh_date(message.due_date), "answered": zh_date(message.answered_on)}
    return gettext("%(received)s收到，答复期限%(due)s，截至%(day)s未答复") % {
        "received": zh_date(message.received_on),
        "due": zh_date(message.due_date),
        "day": zh_date(day),
    }


def _message_records(code: str, org_id: int, period: Period, limit: int) -> Records:
    span = (period.start, period.end)
    day = cutoff(period)
    mine = Message.objects.filter(organization_id=org_id).only(
        "pk", "tracking_number", "subject", "received_on", "due_date", "answered_on"
    )
    if code == "messages_received":
        qs = mine.filter(received_on__range=span).order_by("received_on", "pk")
        return Records(
            [_message_record(m, _message_note(m, day), m.received_on) for m in qs[:limit]], qs.count()
        )
    if code == "messages_overdue":
        late = Q(answered_on__range=span, answered_on__gt=F("due_date"))
        qs = mine.filter(late | (_open_on(day) & Q(due_date__lt=day))).order_by("due_date", "pk")
        return Records(
            [_message_record(m, _message_note(m, day), m.due_date) for m in qs[:limit]], qs.count()
        )
    if code == "messages_unanswered_3_months":
        qs = mine.filter(_open_on(day), received_on__lt=long_unanswered_before(day)).order_by(
            "received_on", "pk"
        )
        return Records(
            [_message_record(m, _message_note(m, day), m.received_on) for m in qs[:limit]], qs.count()
        )
    # messages_answered_in_limit: the sample (answered in the period), those in the limit first.
    answered = list(mine.filter(answered_on__range=span).order_by("answered_on", "pk"))
    answered.sort(key=lambda m: m.answered_on > m.due_date)
    return Records(
        [_message_record(m, _message_note(m, day), m.answered_on) for m in answered[:limit]], len(answered)
    )


def _monthly_records(period: Period, org_id: int, url_name: str, counts: dict[dt.date, str]) -> Records:
    rows = []
    for (year, month), note in ((k, counts[dt.date(*k, 1)]) for k in _months(period.start, period.end)):
        if not note:
            continue
        query = urlencode({"org": org_id, "year": year, "month": month}) if url_name == "ratings" else ""
        url = reverse(f"backoffice:{url_name}") + (f"?{query}" if query else "")
        rows.append(
            Record(
                label=gettext("%(year)s年%(month)s月") % {"year": year, "month": month},
                url=url,
                date=dt.date(year, month, 1),
                note=note,
            )
        )
    return Records(rows, len(rows))


def records(code: str, org_id: int, period: Period, limit: int) -> Records:
    if code not in CODES:
        raise KeyError(code)
    if code.startswith("messages_"):
        return _message_records(code, org_id, period, limit)
    start, end = _local_bounds(period)
    if code in ("consultations_opened", "consultations_feedback_published"):
        qs = Consultation.objects.filter(organization_id=org_id)
        if code == "consultations_opened":
            qs = qs.filter(opens_on__range=(period.start, period.end)).order_by("opens_on", "pk")
        else:
            qs = qs.filter(summary_published_at__gte=start, summary_published_at__lt=end).order_by(
                "summary_published_at", "pk"
            )
        rows = [
            Record(
                label=c.title,
                url=reverse("backoffice:opinions_detail", args=[c.pk]),
                date=c.opens_on
                if code == "consultations_opened"
                else timezone.localdate(c.summary_published_at),  # type: ignore[arg-type]
                note=gettext("开始征求意见") if code == "consultations_opened" else gettext("已公布采纳情况"),
            )
            for c in qs[:limit]
        ]
        return Records(rows, qs.count())
    if code == "consultation_comments":
        # Comments are listed on their consultation's page, one record per consultation.
        grouped = (
            Comment.objects.filter(
                consultation__organization_id=org_id, received_at__gte=start, received_at__lt=end
            )
            .order_by()
            .values_list("consultation_id", "consultation__title")
            .annotate(n=Count("pk"))
            .order_by("consultation_id")
        )
        rows = [
            Record(
                label=title,
                url=reverse("backoffice:opinions_comments", args=[pk]),
                note=gettext("收到意见%(n)s条") % {"n": n},
            )
            for pk, title, n in grouped
        ]
        return Records(rows[:limit], len(rows))
    if code in ("ratings_total", "satisfaction_rate"):
        # Ratings are anonymous: the drill-down is the body's month on the 社会评议 screen.
        counts: dict[dt.date, str] = defaultdict(str)
        for year, month in _months(period.start, period.end):
            fig = rating_figures.monthly_figures(year, month, [org_id])[org_id].all
            if fig.total:
                counts[dt.date(year, month, 1)] = gettext("评价%(total)s条，满意率%(percent)s") % {
                    "total": fig.total,
                    "percent": fig.percent,
                }
        return _monthly_records(period, org_id, "ratings", counts)
    # deflection_followed: anonymous monthly counts, shown on the 办理情况 dashboard.
    tallies: dict[dt.date, str] = defaultdict(str)
    tally_rows = DeflectionTally.objects.filter(
        organization_id=org_id, followed__gt=0, month__in=_months_beginning_in(period)
    )
    for tally in tally_rows:
        tallies[tally.month] = gettext("提示%(shown)s次，点击查看%(followed)s次") % {
            "shown": tally.shown,
            "followed": tally.followed,
        }
    return _monthly_records(period, org_id, "request_dashboard", tallies)
