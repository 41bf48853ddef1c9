"""我的工作: what is waiting for the signed-in person, with the 第二十六条 deadlines."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.backoffice.views.common import roles_of
from gongkai.disclosure.models import Item
from gongkai.disclosure.selectors import Deadline, inbox_for, publication_deadline
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName


def with_deadline(items: Iterable[Item]) -> list[tuple[Item, Deadline]]:
    return [(i, publication_deadline(i)) for i in items]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    box = inbox_for(request.user)
    to_review = list(box.to_review.order_by("submitted_at")[:100])
    returned = list(box.returned.order_by("-updated_at")[:100])
    my_drafts = list(box.drafts.filter(author_id=request.user.pk).order_by("-updated_at")[:100])
    context = {
        "to_review": with_deadline(to_review),
        "referred": with_deadline(box.referred),
        "to_sign": with_deadline(box.to_sign),
        "returned": with_deadline(returned),
        "my_drafts": with_deadline(my_drafts),
        "near_limit": box.near_limit,
        "counts": {
            "to_review": len(to_review),
            "referred": len(box.referred),
            "to_sign": len(box.to_sign),
            "returned": len(returned),
            "my_drafts": len(my_drafts),
            "near_limit": len(box.near_limit),
            "overdue": sum(1 for _, d in box.near_limit if d.overdue),
        },
        "can_create": bool(org_policy.org_ids_with_role(request.user, RoleName.EDITOR)),
        "roles": roles_of(request.user),
    }
    return render(request, "backoffice/inbox.html", context)
