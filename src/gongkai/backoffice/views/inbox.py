"""我的工作: what waits for the signed-in person, as every app contributes it.

Each app registers its part of the inbox (``gongkai.core.registry.InboxContribution``) from its
``AppConfig.ready()``: requests due and overdue, items to review or sign, reports to review,
unread notifications… The shell only lays the entries out: the count, whether it is urgent, the
first few things, and the link to the screen that acts on them (which shows exactly that many).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.backoffice.views.common import roles_of
from gongkai.core.registry import InboxContribution, InboxEntry, inbox_contributions
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName


@dataclass(frozen=True)
class InboxGroup:
    contribution: InboxContribution
    entries: list[InboxEntry]

    @property
    def waiting(self) -> list[InboxEntry]:
        return [e for e in self.entries if e.count]

    @property
    def clear(self) -> list[InboxEntry]:
        return [e for e in self.entries if not e.count]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    groups = []
    for contribution in inbox_contributions():
        entries = list(contribution.entries(request.user, today))
        if entries:
            groups.append(InboxGroup(contribution, entries))
    every = [e for g in groups for e in g.entries]
    context = {
        "groups": groups,
        "waiting": sum(e.count for e in every),
        # What waits, per app: ("依申请公开", 4), ("通知", 79)…
        "summary": [(g.contribution.title, sum(e.count for e in g.waiting)) for g in groups if g.waiting],
        "urgent": [e for e in every if e.urgent and e.count],
        # Each entry's count by its whole key ("disclosure.to_review", "foi.overdue", …): two apps may
        # both have an "overdue" queue.
        "counts": {e.key: e.count for e in every},
        "can_create": bool(org_policy.org_ids_with_role(request.user, RoleName.EDITOR)),
        "roles": roles_of(request.user),
    }
    return render(request, "backoffice/inbox.html", context)
