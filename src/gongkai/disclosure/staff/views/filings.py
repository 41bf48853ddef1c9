"""不予公开备案: the competent authority sees every filing of its region; a body sees its own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import deny_unless
from gongkai.disclosure import policy
from gongkai.disclosure.inbox import acknowledges_filings, filings_to_acknowledge
from gongkai.disclosure.services import workflow


@login_required
def filings(request: HttpRequest) -> HttpResponse:
    qs = policy.visible_filings(request.user).select_related(
        "item", "organization", "competent_authority", "filed_by", "acknowledged_by"
    )
    status = request.GET.get("status", "")
    if status == "pending":
        qs = qs.filter(acknowledged_at__isnull=True)
    elif status == "acknowledged":
        qs = qs.filter(acknowledged_at__isnull=False)
    elif status == "to_acknowledge":
        # 我的工作's entry: the filings this person's competent authority has still to acknowledge.
        qs = qs.filter(pk__in=filings_to_acknowledge(request.user).values("pk"))
    page = Paginator(qs.order_by("-filed_at"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/filings.html",
        {
            "page_obj": page,
            "rows": [(f, policy.can_acknowledge_filing(request.user, f)) for f in page],
            "status": status,
            "can_acknowledge_any": acknowledges_filings(request.user),
        },
    )


@login_required
@require_POST
def filing_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    filing = get_object_or_404(policy.visible_filings(request.user).select_related("item"), pk=pk)
    deny_unless(
        policy.can_acknowledge_filing(request.user, filing),
        _("只有主管部门的监督人员或公开工作机构负责人可以确认尚未确认的备案。"),
    )
    workflow.acknowledge_filing(actor=request.user, filing=filing)
    messages.success(request, _("已确认收到《%(title)s》的不予公开备案。") % {"title": filing.item.title})
    return redirect("backoffice:filings")
