"""The item editor: create and edit drafts, attachments, cross-listing, links, and 送审."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.backoffice.views.common import add_service_errors, deny_unless, org_from_choices
from gongkai.disclosure import policy
from gongkai.disclosure.models import Item
from gongkai.disclosure.selectors import publication_deadline
from gongkai.disclosure.services import workflow
from gongkai.disclosure.staff.forms import ItemForm, LinkForm
from gongkai.disclosure.staff.views.common import item_action, item_page
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName


def _save(request: HttpRequest, form: ItemForm, organization: Organization, item: Item | None) -> Item:
    """Create or update through the services, then cross-listing and uploads, all or nothing."""
    with transaction.atomic():
        if item is None:
            item = workflow.create_item(
                actor=request.user, organization=organization, fields=form.item_fields()
            )
        else:
            item = workflow.update_item(actor=request.user, item=item, fields=form.item_fields())
        workflow.set_cross_listing(actor=request.user, item=item, columns=form.cleaned_data["cross_listed"])
        for name, data in form.cleaned_data["attachments"]:
            workflow.add_attachment(actor=request.user, item=item, data=data, filename=name)
    return item


def _editor(request: HttpRequest, organization: Organization, item: Item | None) -> HttpResponse:
    if request.method == "POST":
        form = ItemForm(request.POST, request.FILES, instance=item or Item(), organization=organization)
        if form.is_valid():
            try:
                saved = _save(request, form, organization, item)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if request.POST.get("action") == "submit":
                    try:
                        workflow.submit_item(actor=request.user, item=saved)
                    except ValidationError as exc:
                        messages.error(request, "；".join(exc.messages))
                        return redirect("backoffice:item_edit", pk=saved.pk)
                    messages.success(request, _("已保存并送保密审查。"))
                    return redirect("backoffice:item", pk=saved.pk)
                messages.success(request, _("已保存。"))
                return redirect("backoffice:item_edit", pk=saved.pk)
    else:
        initial: dict[str, Any] = {}
        if item is None:
            initial = {"channels": ["website"]}
        form = ItemForm(instance=item or Item(), organization=organization, initial=initial)
    # Re-read from the database: a failed save must not show unsaved values as saved.
    current = Item.objects.get(pk=item.pk) if item is not None else None
    context = {
        "form": form,
        "item": current,
        "organization": organization,
        "attachments": current.attachments.all() if current else [],
        "deadline": publication_deadline(current) if current else None,
        "link_form": LinkForm(item=current) if current else None,
        "links_out": current.links_out.select_related("target") if current else [],
        "crumbs": [
            (_("信息管理"), reverse("backoffice:items")),
            *([(current.title, reverse("backoffice:item", args=[current.pk]))] if current else []),
            (_("修改") if current else _("起草新信息"), None),
        ],
        "nav_section": "items",
    }
    return render(request, "backoffice/items/editor.html", context)


@login_required
def item_new(request: HttpRequest) -> HttpResponse:
    organizations = org_policy.organizations_for(request.user, RoleName.EDITOR).order_by("path")
    deny_unless(organizations.exists(), _("您不是任何机构的录入员，不能起草信息。"))
    organization = org_from_choices(request, organizations)
    if organization is None:
        return render(
            request,
            "backoffice/items/choose_org.html",
            {"organizations": organizations, "nav_section": "items"},
        )
    return _editor(request, organization, None)


@item_page(policy.can_edit_item, gettext_lazy("该信息当前不能修改（仅起草或退回状态可由本机构录入员修改）。"))
def item_edit(request: HttpRequest, item: Item) -> HttpResponse:
    return _editor(request, item.organization, item)


@item_action(policy.can_edit_item)
def attachment_remove(request: HttpRequest, item: Item, attachment_pk: int) -> HttpResponse:
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    workflow.remove_attachment(actor=request.user, attachment=attachment)
    messages.success(
        request, _("已删除附件《%(original_name)s》。") % {"original_name": attachment.original_name}
    )
    return redirect("backoffice:item_edit", pk=item.pk)


@item_action(policy.can_submit_item, gettext_lazy("只有本机构录入员可以送审起草或退回状态的信息。"))
def item_submit(request: HttpRequest, item: Item) -> HttpResponse:
    try:
        workflow.submit_item(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, "送审未成功：" + "；".join(exc.messages))
        return redirect("backoffice:item_edit", pk=item.pk)
    messages.success(request, _("已送保密审查。"))
    return redirect("backoffice:item", pk=item.pk)


@item_action(policy.can_link_item)
def item_link(request: HttpRequest, item: Item) -> HttpResponse:
    form = LinkForm(request.POST, item=item)
    if form.is_valid():
        try:
            workflow.link_items(
                actor=request.user,
                source=item,
                target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已添加关联。"))
    else:
        messages.error(request, "请选择关联类型和关联的信息。")
    back = request.POST.get("next")
    if back == "edit" and policy.can_edit_item(request.user, item):
        return redirect("backoffice:item_edit", pk=item.pk)
    return redirect("backoffice:item", pk=item.pk)
