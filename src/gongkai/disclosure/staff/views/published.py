"""Actions on published items: withdrawal (撤回) and correction (更正), which may replace, remove or
add attachments (a leak in a published file is fixed without withdrawing the item)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.backoffice.views.common import add_service_errors
from gongkai.disclosure import policy
from gongkai.disclosure.models import Item
from gongkai.disclosure.services import workflow
from gongkai.disclosure.staff.forms import CorrectionForm, ReasonForm
from gongkai.disclosure.staff.review_forms import CorrectionFilesForm
from gongkai.disclosure.staff.views.common import item_page


def _crumbs(item: Item, label: str) -> list[tuple[str, str | None]]:
    return [
        (_("信息管理"), reverse("backoffice:items")),
        (item.title, reverse("backoffice:item", args=[item.pk])),
        (label, None),
    ]


@item_page(policy.can_withdraw_item, gettext_lazy("只有本机构签发人可以撤回已发布的信息。"))
def item_withdraw(request: HttpRequest, item: Item) -> HttpResponse:
    form = ReasonForm(request.POST or None, label=_("撤回理由"))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw_item(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("已撤回，索引号 %(index_number)s 保留。") % {"index_number": item.index_number}
            )
            return redirect("backoffice:item", pk=item.pk)
    return render(
        request,
        "backoffice/items/withdraw.html",
        {"item": item, "form": form, "crumbs": _crumbs(item, _("撤回")), "nav_section": "items"},
    )


@item_page(policy.can_correct_item, gettext_lazy("只有本机构录入员或签发人可以更正已发布的主动公开信息。"))
def item_correct(request: HttpRequest, item: Item) -> HttpResponse:
    form = CorrectionForm(request.POST or None, instance=item)
    files = CorrectionFilesForm(
        request.POST or None, request.FILES or None, attachments=list(item.attachments.all())
    )
    if request.method == "POST" and all([form.is_valid(), files.is_valid()]):  # both report errors
        try:
            workflow.correct_item(
                actor=request.user,
                item=item,
                fields=form.changed_fields(),
                note=form.cleaned_data["note"],
                **files.changes(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("已更正，当前为第%(revision)s版，更正说明已公开。") % {"revision": item.revision}
            )
            return redirect("backoffice:item", pk=item.pk)
    return render(
        request,
        "backoffice/items/correct.html",
        {
            "item": item,
            "form": form,
            "files": files,
            "crumbs": _crumbs(item, _("更正")),
            "nav_section": "items",
        },
    )
