"""Figures of 意见征集 per body and month, for the supervision module (docs/SPEC.md §7): how many
consultations a body opened and closed, how many comments it received, accepted, answered and
adopted (采纳 or 部分采纳) in the month. Computed with one grouped query per figure, whatever the
number of bodies; months are local (Asia/Shanghai) calendar months.

- opened: consultations whose period began in the month (``opens_on``);
- closed: consultations that closed in the month (``closed_on``);
- comments received: by ``received_at``; accepted: accepted by a moderator in the month;
- answered: comments whose answer (their own, or their theme's) was given in the month;
- adopted: comments adopted or partly adopted in consultations whose 采纳情况 was published in the
  month (the outcome is final then).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.opinions.models import Adoption, Comment, Consultation, Moderation


@dataclass
class ConsultationFigures:
    opened: int = 0
    closed: int = 0
    comments_received: int = 0
    comments_accepted: int = 0
    comments_answered: int = 0
    comments_adopted: int = 0


def _bounds(year: int, month: int) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return first, last, start, end


def _grouped(qs: QuerySet, field: str) -> dict[int, int]:
    return dict(qs.order_by().values_list(field).annotate(n=Count("pk", distinct=True)))


def monthly_figures(
    year: int, month: int, org_ids: Iterable[int] | None = None
) -> dict[int, ConsultationFigures]:
    """``{organization id: figures}`` for the bodies with any figure in the month (or all of
    ``org_ids`` when given, zero where nothing happened)."""
    first, last, start, end = _bounds(year, month)
    consultations = Consultation.objects.all()
    comments = Comment.objects.all()
    wanted = None if org_ids is None else list(org_ids)
    if wanted is not None:
        consultations = consultations.filter(organization__in=wanted)
        comments = comments.filter(consultation__organization__in=wanted)
    org = "consultation__organization"
    answered_own = Q(answered_at__gte=start, answered_at__lt=end, theme__isnull=True)
    answered_theme = Q(theme__answered_at__gte=start, theme__answered_at__lt=end)
    adopted = Q(theme__adoption__in=[Adoption.ADOPTED, Adoption.PARTLY]) | (
        Q(adoption__in=[Adoption.ADOPTED, Adoption.PARTLY]) & (Q(theme__isnull=True) | Q(theme__adoption=""))
    )
    columns = {
        "opened": _grouped(consultations.filter(opens_on__gte=first, opens_on__lte=last), "organization"),
        "closed": _grouped(consultations.filter(closed_on__gte=first, closed_on__lte=last), "organization"),
        "comments_received": _grouped(comments.filter(received_at__gte=start, received_at__lt=end), org),
        "comments_accepted": _grouped(
            comments.filter(moderation=Moderation.ACCEPTED, moderated_at__gte=start, moderated_at__lt=end),
            org,
        ),
        "comments_answered": _grouped(
            comments.filter(Q(moderation=Moderation.ACCEPTED) & (answered_own | answered_theme)), org
        ),
        "comments_adopted": _grouped(
            comments.filter(
                adopted,
                moderation=Moderation.ACCEPTED,
                consultation__summary_published_at__gte=start,
                consultation__summary_published_at__lt=end,
            ),
            org,
        ),
    }
    result: dict[int, ConsultationFigures] = {pk: ConsultationFigures() for pk in wanted or ()}
    for name, counts in columns.items():
        for pk, n in counts.items():
            setattr(result.setdefault(pk, ConsultationFigures()), name, n)
    return result


FIELDS = [f.name for f in fields(ConsultationFigures)]
__all__ = ["FIELDS", "ConsultationFigures", "monthly_figures"]
