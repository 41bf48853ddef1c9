"""Secrecy review (保密审查) with the scan findings, and the sign-off chain (签发).

The review screen puts each high finding's next step in front of the reviewer: mask it (the
platform masks, re-extracts, rescans and records "已删除或遮盖" only if it is gone), replace or
remove the file, decide "不涉密，按原样公开" with a reason, or return the draft. Every form works
without JavaScript; with htmx a decision replaces just its finding.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.backoffice.views.common import add_service_errors, deny_unless, is_htmx
from gongkai.disclosure import policy
from gongkai.disclosure.models import Item, ItemState
from gongkai.disclosure.selectors import publication_deadline
from gongkai.disclosure.services import masking, workflow
from gongkai.disclosure.services.scan import (
    KIND_LABELS,
    ItemFinding,
    field_label,
    resolved_decisions,
    scan_item,
)
from gongkai.disclosure.signoff import signable
from gongkai.disclosure.staff.forms import ReasonForm, ReviewForm, SignForm
from gongkai.disclosure.staff.review_forms import (
    FindingDecisionForm,
    MaskForm,
    RemoveFileForm,
    ReplaceFileForm,
)
from gongkai.disclosure.staff.views.common import item_action, item_page, readable_item_or_404
from gongkai.orgs.signoff import applicable_steps, current_step

SEVERITY_LABELS = {"high": gettext_lazy("高"), "medium": gettext_lazy("中"), "low": gettext_lazy("低")}
DENIED = gettext_lazy("只有本机构的保密审查员可以审查送审中的信息，且不能审查本人起草的信息。")


def _dom_id(prefix: str, value: str) -> str:
    return f"{prefix}-" + hashlib.sha1(value.encode()).hexdigest()[:12]  # noqa: S324 (an id, not security)


def finding_view(f: ItemFinding, occurrences: int = 1) -> dict[str, Any]:
    """One finding as the template shows it: where, how serious, the match within its context, and
    what the reviewer can do next.

    ``ItemFinding.context`` is the text from 20 characters before the match to 20 after it.
    """
    ctx_start = max(0, f.finding.start - 20)
    offset, length = f.finding.start - ctx_start, f.finding.end - f.finding.start
    after = f.context[offset + length :]
    dom_id = _dom_id("finding", f.fingerprint)
    high = f.finding.severity == "high"
    return {
        "f": f,
        "id": dom_id,
        "severity": f.finding.severity,
        "severity_label": SEVERITY_LABELS.get(f.finding.severity, f.finding.severity),
        "kind_label": KIND_LABELS.get(f.finding.kind, f.finding.kind),
        "position": _("第%(start)s—%(end)s字") % {"start": f.finding.start + 1, "end": f.finding.end}
        if f.finding.text
        else _("整个文件"),
        "occurrences": occurrences,
        "before": ("…" if ctx_start > 0 else "") + f.context[:offset],
        "match": f.context[offset : offset + length],
        "after": after + ("…" if len(after) >= 20 else ""),
        "form": FindingDecisionForm(initial={"fingerprint": f.fingerprint}, auto_id=f"{dom_id}-%s")
        if high
        else None,
        "mask_form": MaskForm(initial={"fingerprint": f.fingerprint}, auto_id=f"{dom_id}-mask-%s")
        if high and f.can_mask
        else None,
        "file_id": _dom_id("file", str(f.attachment.pk)) if f.attachment is not None else "",
        "error": "",
    }


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _field_order(field: str) -> tuple[int, str]:
    base = {"title": 0, "summary": 1, "body": 2}
    return (base.get(field, 3), field)


def findings_context(item: Item) -> dict[str, Any]:
    """The scan findings, high ones first (they block), then in reading order. The same text found
    several times in one field is one finding (one decision, masked everywhere at once)."""
    findings = sorted(
        scan_item(item),
        key=lambda f: (
            SEVERITY_ORDER.get(f.finding.severity, 9),
            _field_order(f.finding.field),
            f.finding.start,
        ),
    )
    counts = Counter(f.fingerprint for f in findings)
    firsts: dict[str, ItemFinding] = {}
    for f in findings:
        firsts.setdefault(f.fingerprint, f)
    unique = list(firsts.values())
    severities = Counter(f.finding.severity for f in unique)
    return {
        "findings": [finding_view(f, counts[f.fingerprint]) for f in unique],
        "blocking": sum(1 for f in unique if f.blocks),
        "severity_counts": [(SEVERITY_LABELS[s], s, severities.get(s, 0)) for s in ("high", "medium", "low")],
        "total_findings": len(unique),
    }


def _attachments_context(
    item: Item, findings: list[dict[str, Any]], can_change: bool
) -> list[dict[str, Any]]:
    """Each attachment with its text status, its open high findings, and the replace/remove forms."""
    rows = []
    for a in item.attachments.all():
        open_high = [x for x in findings if x["f"].attachment == a and x["f"].blocks]
        dom_id = _dom_id("file", str(a.pk))
        rows.append(
            {
                "a": a,
                "id": dom_id,
                "open_high": len(open_high),
                "replace_form": ReplaceFileForm(auto_id=f"{dom_id}-replace-%s") if can_change else None,
                "remove_form": RemoveFileForm(auto_id=f"{dom_id}-remove-%s") if can_change else None,
            }
        )
    return rows


def _resolved_context(item: Item) -> list[dict[str, Any]]:
    """What was masked, replaced or removed and verified gone: what, where, how, by whom."""
    present = {str(a.pk) for a in item.attachments.all()}
    rows = []
    for d in resolved_decisions(item):
        is_file = d.field.startswith("attachment:")
        gone_file = is_file and d.field.split(":", 1)[1] not in present
        rows.append(
            {
                "d": d,
                "what": KIND_LABELS.get(d.kind, d.kind),
                "where": _("已替换或删除的附件") if gone_file else field_label(item, d.field),
            }
        )
    return rows


@item_page(policy.can_review_item, DENIED)
def item_review(request: HttpRequest, item: Item) -> HttpResponse:
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = workflow.review_item(
                actor=request.user,
                item=item,
                conclusion=form.cleaned_data["conclusion"],
                opinion=form.cleaned_data["opinion"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("保密审查已完成：%(conclusion)s。") % {"conclusion": review.get_conclusion_display()},
            )  # type: ignore[attr-defined]
            return redirect("backoffice:item", pk=item.pk)
    findings = findings_context(item)
    context = {
        "item": item,
        "form": form,
        "deadline": publication_deadline(item),
        "attachments": _attachments_context(item, findings["findings"], can_change=True),
        "resolved": _resolved_context(item),
        "crumbs": [
            (_("我的工作"), reverse("backoffice:inbox")),
            (item.title, reverse("backoffice:item", args=[item.pk])),
            (_("保密审查"), None),
        ],
        "nav_section": "inbox",
        **findings,
    }
    return render(request, "backoffice/items/review.html", context)


def _back(item: Item, anchor: str = "") -> HttpResponse:
    url = reverse("backoffice:item_review", args=[item.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@item_action(policy.can_review_item, DENIED)
def finding_decide(request: HttpRequest, item: Item) -> HttpResponse:
    """Record a decision on one high finding; with htmx, answer with the updated finding only."""
    form = FindingDecisionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            workflow.decide_finding(
                actor=request.user,
                item=item,
                fingerprint=form.cleaned_data["fingerprint"],
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = "；".join(exc.messages)
    else:
        error = "；".join(str(e) for errors in form.errors.values() for e in errors) or _("请选择处理决定。")
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("已记录处理决定。"))
        return _back(item)
    context = findings_context(item)
    fingerprint = request.POST.get("fingerprint", "")
    finding = next((f for f in context["findings"] if f["f"].fingerprint == fingerprint), None)
    if finding is not None and error:
        finding["form"] = FindingDecisionForm(request.POST, auto_id=f"{finding['id']}-%s")
        finding["form"].is_valid()
        finding["error"] = error
    return render(
        request,
        "backoffice/items/_finding_htmx.html",
        {"item": item, "finding": finding, "error": error, **context},
    )


@item_action(policy.can_review_item, DENIED)
def finding_mask(request: HttpRequest, item: Item) -> HttpResponse:
    """Mask a finding where it occurs; the service rescans and records the decision if it is gone."""
    form = MaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, "该扫描结果已不存在（内容可能已修改），请刷新页面。")
        return _back(item)
    try:
        decisions = masking.mask_finding(
            actor=request.user, item=item, fingerprint_value=form.cleaned_data["fingerprint"]
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _back(item, _dom_id("finding", form.cleaned_data["fingerprint"]))
    first = decisions[0]
    others = (
        _("，并一并遮盖了同一页上的其他 %(decisions)s 处") % {"decisions": len(decisions) - 1}
        if len(decisions) > 1
        else ""
    )
    messages.success(
        request,
        _("%(note)s%(others)s。重新扫描确认该内容已不再出现，已记录为“已删除或遮盖”。")
        % {"note": first.note, "others": others},
    )
    return _back(item, "findings-title")


@item_action(policy.can_review_item, DENIED)
def review_attachment_replace(request: HttpRequest, item: Item, attachment_pk: int) -> HttpResponse:
    """Replace a file during the review (e.g. with a copy masked by hand); the new file is scanned."""
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    form = ReplaceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [str(e) for e in form.errors.get("file", []) if "file" in request.FILES]
        messages.error(request, "；".join(problems) or "请选择用来替换的文件。")
        return _back(item, _dom_id("file", str(attachment.pk)))
    name, data = form.cleaned_data["file"]
    try:
        new = masking.replace_attachment(
            actor=request.user, item=item, attachment=attachment, data=data, filename=name
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return _back(item, _dom_id("file", str(attachment.pk)))
    messages.success(
        request,
        _("已用《%(original_name)s》替换《%(original_name2)s》，新文件已重新扫描。")
        % {"original_name": new.original_name, "original_name2": attachment.original_name},
    )
    return _back(item, "findings-title")


@item_action(policy.can_review_item, DENIED)
def review_attachment_remove(request: HttpRequest, item: Item, attachment_pk: int) -> HttpResponse:
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    form = RemoveFileForm(request.POST)
    if not form.is_valid():
        messages.error(request, "删除附件必须填写理由。")
        return _back(item, _dom_id("file", str(attachment.pk)))
    masking.remove_attachment(
        actor=request.user, item=item, attachment=attachment, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request, _("已删除附件《%(original_name)s》。") % {"original_name": attachment.original_name}
    )
    return _back(item, "findings-title")


@login_required
def item_sign(request: HttpRequest, pk: int) -> HttpResponse:
    item = readable_item_or_404(request.user, pk)
    if request.method == "POST" and item.state != ItemState.SIGNOFF:
        # Another signer finished the chain (or returned the item) since this page was opened.
        messages.error(request, workflow.SIGNED_MEANWHILE)
        return redirect("backoffice:item", pk=item.pk)
    deny_unless(
        policy.can_sign_item(request.user, item),
        _("您不能签发这条信息（须为本机构当前环节的签发人，不能签发本人起草的信息）。"),
    )
    sign_form = SignForm(request.POST or None)
    if request.method == "POST" and sign_form.is_valid():
        try:
            seen = request.POST.get("step", "")
            workflow.sign_item(
                actor=request.user,
                item=item,
                opinion=sign_form.cleaned_data["opinion"],
                step=int(seen) if seen.isascii() and seen.isdigit() and len(seen) < 6 else None,
            )
        except ValidationError as exc:
            add_service_errors(sign_form, exc)
        else:
            item = Item.objects.get(pk=item.pk)
            if item.state == ItemState.PUBLISHED:
                messages.success(
                    request,
                    _("已签发并发布，索引号 %(index_number)s。") % {"index_number": item.index_number},
                )
            else:
                messages.success(request, _("已签发，转下一签发环节。"))
            return redirect("backoffice:item", pk=item.pk)
    steps = applicable_steps(signable(item))
    current = current_step(signable(item))
    signed = {
        s.position: s for s in item.signoffs.filter(signed_at__gte=item.submitted_at).select_related("signer")
    }
    chain = [
        {
            "step": s,
            "signoff": signed.get(s.position) if s.position <= item.signoff_position else None,
            "done": s.position <= item.signoff_position,
            "current": current is not None and s.position == current.position,
        }
        for s in steps
    ]
    context = {
        "item": item,
        "sign_form": sign_form,
        "return_form": ReasonForm(label=_("退回理由")),
        "chain": chain,
        "deadline": publication_deadline(item),
        "reviews": item.secrecy_reviews.select_related("reviewer").order_by("-reviewed_at")[:1],
        "crumbs": [
            (_("我的工作"), reverse("backoffice:inbox")),
            (item.title, reverse("backoffice:item", args=[item.pk])),
            (_("签发"), None),
        ],
        "nav_section": "inbox",
        **findings_context(item),
    }
    return render(request, "backoffice/items/sign.html", context)


@item_action(policy.can_return_item, gettext_lazy("您不能退回这条信息。"))
def item_return(request: HttpRequest, item: Item) -> HttpResponse:
    """退回 from review or sign-off, with a reason."""
    form = ReasonForm(request.POST, label=_("退回理由"))
    back = "backoffice:item_sign" if item.state == ItemState.SIGNOFF else "backoffice:item_review"
    if not form.is_valid():
        messages.error(request, "退回必须填写理由。")
        return redirect(back, pk=item.pk)
    workflow.return_item(actor=request.user, item=item, reason=form.cleaned_data["reason"])
    messages.success(request, _("已退回起草人。"))
    return redirect("backoffice:item", pk=item.pk)
