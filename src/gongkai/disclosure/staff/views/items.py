"""The items of my organizations (and, read-only, of the bodies I supervise): list and detail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.models import AuditEvent
from gongkai.core.files.serving import download_response
from gongkai.core.files.stored import open_stored
from gongkai.core.registry import audit_label
from gongkai.disclosure import policy
from gongkai.disclosure.inbox import work_queue
from gongkai.disclosure.legal import EXEMPTION_ARTICLES, Channel
from gongkai.disclosure.models import ExemptionFiling, Item
from gongkai.disclosure.selectors import publication_deadline
from gongkai.disclosure.signoff import signable
from gongkai.disclosure.staff.forms import ItemFilterForm, LinkForm
from gongkai.disclosure.staff.views.common import readable_item_or_404
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName
from gongkai.orgs.signoff import applicable_steps, current_step

PAGE_SIZE = 20


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    organizations = org_policy.readable_orgs(request.user).order_by("path")
    form = ItemFilterForm(request.GET or None, organizations=organizations)
    items = policy.readable_items(request.user).select_related("organization", "column", "author")
    selected_org = None
    # A filter that does not validate (an unknown or malformed ?org=, ?column=, ?state=) is not
    # applied; the form says why and the page answers 400. The valid ones still filter.
    valid = form.is_valid()
    if form.is_bound:
        data = form.cleaned_data
        if data.get("q"):
            items = items.filter(title__icontains=data["q"])
        if data.get("state"):
            items = items.filter(state=data["state"])
        if data.get("org"):
            selected_org = data["org"]
            items = items.filter(organization=selected_org)
        if data.get("column"):
            items = items.filter(column=data["column"])
        if data.get("work"):
            # A queue of 我的工作 (disclosure.inbox): exactly what the inbox counts.
            queue = work_queue(request.user, data["work"], timezone.localdate())
            items = items.filter(pk__in=queue.values("pk"))
    page = Paginator(items.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    read_only = selected_org is not None and not org_policy.has_role(request.user, selected_org)
    editor_orgs = org_policy.org_ids_with_role(request.user, RoleName.EDITOR)
    return render(
        request,
        "backoffice/items/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [(i, publication_deadline(i) if i.state in _IN_PROGRESS else None) for i in page],
            "selected_org": selected_org,
            "read_only": read_only,
            "can_create": bool(editor_orgs) and (selected_org is None or selected_org.pk in editor_orgs),
            "many_orgs": organizations.count() > 1,
        },
        status=200 if valid or not form.is_bound else 400,
    )


_IN_PROGRESS = {"draft", "review", "signoff", "returned"}


def metadata_rows(item: Item) -> list[tuple[str, Any]]:
    channels = dict(Channel.choices)
    rows: list[tuple[str, Any]] = [
        (_("索引号"), item.index_number),
        (_("信息名称"), item.title),
        (_("发布机构"), item.organization.name),
        (_("发文字号"), item.document_number),
        (_("成文日期"), item.date_formed),
        (_("发布日期"), item.published_date),
        (_("栏目"), item.column.label),
        (_("同时列入栏目"), "、".join(c.label for c in item.also_in.all())),
        (_("主题分类"), item.topic),
        (_("体裁分类"), item.genre),
        (_("服务对象分类"), item.audience),
        (_("组配分类"), item.combined),
        (_("主题词"), item.keywords),
        (_("公开方式"), item.get_disclosure_attribute_display()),  # type: ignore[attr-defined]
    ]
    if item.disclosure_attribute == "exempt":
        rows += [
            (_("不予公开理由"), item.get_exemption_reason_display()),  # type: ignore[attr-defined]
            (_("法律依据"), EXEMPTION_ARTICLES.get(item.exemption_reason, "")),
            (_("不予公开说明"), item.exemption_explanation),
        ]
    rows += [
        (_("公开范围"), item.get_scope_display()),  # type: ignore[attr-defined]
        (_("公开时限"), item.get_duration_display()),  # type: ignore[attr-defined]
        (_("限时公开截止日期"), item.public_until),
        (_("有效性"), item.get_validity_display()),  # type: ignore[attr-defined]
        (_("生效日期"), item.effective_from),
        (_("失效/废止日期"), item.validity_changed_on),
        (_("五公开"), item.get_stage_display() if item.stage else ""),  # type: ignore[attr-defined]
        (_("载体"), "、".join(str(channels.get(c, c)) for c in item.channels)),
        (
            _("紧急 / 全区（市）性"),
            " / ".join([_("是") if item.is_urgent else _("否"), _("是") if item.is_region_wide else _("否")]),
        ),
        (_("起草人"), item.author.display_name),
        (_("成文至发布工作日数"), item.workdays_to_publish),
        (_("版本"), item.revision),
    ]
    return rows


def item_actions(user: Any, item: Item) -> dict[str, bool]:
    """What the policy allows ``user`` to do with ``item`` now (templates show only these)."""
    return {
        "edit": policy.can_edit_item(user, item),
        "submit": policy.can_submit_item(user, item),
        "review": policy.can_review_item(user, item),
        "sign": policy.can_sign_item(user, item),
        "withdraw": policy.can_withdraw_item(user, item),
        "correct": policy.can_correct_item(user, item),
        "link": policy.can_link_item(user, item),
    }


def item_history(item: Item) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(target_type="disclosure.item", target_id=str(item.pk)).select_related(
        "actor"
    )
    return [{"event": e, "label": audit_label(e.action)} for e in events.order_by("at", "id")]


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = readable_item_or_404(request.user, pk)
    actions = item_actions(request.user, item)
    steps = applicable_steps(signable(item)) if item.state == "signoff" else []
    current = current_step(signable(item)) if item.state == "signoff" else None
    context = {
        "item": item,
        "rows": metadata_rows(item),
        "actions": actions,
        "any_action": any(actions.values()),
        "read_only": not org_policy.has_role(request.user, item.organization),
        "deadline": publication_deadline(item) if item.state in _IN_PROGRESS else None,
        "history": item_history(item),
        "reviews": item.secrecy_reviews.select_related("reviewer").order_by("reviewed_at"),
        "signoffs": item.signoffs.select_related("signer").order_by("signed_at"),
        "steps": steps,
        "current_step": current,
        "revisions": item.revisions.select_related("created_by").order_by("number"),
        "filing": ExemptionFiling.objects.filter(item=item).select_related("competent_authority").first(),
        "attachments": item.attachments.all(),
        "links_out": item.links_out.select_related("target").filter(
            target__in=policy.readable_items(request.user)
        ),
        "links_in": item.links_in.select_related("source").filter(
            source__in=policy.readable_items(request.user)
        ),
        "link_form": LinkForm(item=item) if actions["link"] else None,
        "crumbs": [(_("信息管理"), reverse("backoffice:items")), (item.title, None)],
        "nav_section": "items",
    }
    return render(request, "backoffice/items/detail.html", context)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Staff read an attachment of an item they may read (drafts included, so never public)."""
    item = readable_item_or_404(request.user, pk)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    # Type and name of the detected kind, nosniff (core.files.serving, audit 4.6).
    response = download_response(
        open_stored(attachment.file), name=attachment.original_name, kind=attachment.kind
    )
    response["Cache-Control"] = "private, no-store"
    return response
