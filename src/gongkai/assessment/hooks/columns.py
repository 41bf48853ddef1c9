"""The stale-column reminder (issue 12 point 2: "before a column goes stale, a reminder goes to the
body"): a job of the daily round that tells each body's editors (录入员) and the head of its
disclosure office (公开工作机构负责人) about every column that will be stale within 7 days
(``indicators.columns``: its update interval since the last publication runs out), naming the
column and the last day to publish in it. Each person is told once per column and deadline (the
notification key); a new item moves the deadline, and the next one is told again in its turn."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from gongkai.assessment.indicators.columns import DUE_SOON, column_states, column_url
from gongkai.core.registry import RoundJob, register_round_job
from gongkai.notifications.services import notify
from gongkai.orgs.models import Organization, Role, RoleName

KIND = "assessment.column_due"
#: Who is reminded in each body.
ROLES = (RoleName.EDITOR, RoleName.OFFICE_HEAD)


def _recipients(org_ids: set[int]) -> dict[int, list[Any]]:
    """The active editors and office heads of the bodies, in one query."""
    users = get_user_model()
    pairs = Role.objects.filter(organization_id__in=org_ids, role__in=ROLES).values_list(
        "organization_id", "user_id"
    )
    by_org: dict[int, set[int]] = defaultdict(set)
    for org_id, user_id in pairs:
        by_org[org_id].add(user_id)
    people = {
        u.pk: u for u in users.objects.filter(pk__in={u for s in by_org.values() for u in s}, is_active=True)
    }
    return {org_id: [people[pk] for pk in sorted(ids) if pk in people] for org_id, ids in by_org.items()}


def _day(day: dt.date) -> str:
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def remind_stale_columns(today: dt.date) -> dict[str, int]:
    org_ids = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True))
    due = [s for s in column_states(org_ids, today) if s.state == DUE_SOON]
    names = dict(
        Organization.objects.filter(pk__in={s.organization_id for s in due}).values_list("pk", "name")
    )
    recipients = _recipients({s.organization_id for s in due})
    sent = 0
    for s in due:
        assert s.fresh_until is not None and s.last_published is not None  # a due column has both
        notes = notify(
            recipients.get(s.organization_id, []),
            kind=KIND,
            title=_("栏目即将超期未更新：%(column)s") % {"column": s.label},
            body=_(
                "%(org)s的栏目“%(column)s”最近一次发布信息是%(last)s，请在%(due)s前（含当日）发布新信息，"
                "否则自%(stale)s起计为未及时更新栏目。"
            )
            % {
                "org": names.get(s.organization_id, ""),
                "column": s.label,
                "last": _day(s.last_published),
                "due": _day(s.fresh_until),
                "stale": _day(s.fresh_until + dt.timedelta(days=1)),
            },
            url=column_url(s.organization_id, s.pk),
            key=f"{KIND}:{s.pk}:{s.fresh_until.isoformat()}",
        )
        sent += len(notes)
    return {"columns": len(due), "notified": sent}


def register() -> None:
    register_round_job(
        RoundJob(
            key="assessment.column_due",
            label="监督考核：栏目即将超期未更新提醒",
            run=remind_stale_columns,
            order=40,
            count_labels={"columns": "即将超期栏目", "notified": "已提醒人次"},
        )
    )
