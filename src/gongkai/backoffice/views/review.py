"""Secrecy review (保密审查) with the scan findings, and the sign-off chain (签发)."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.backoffice.forms import FindingDecisionForm, ReasonForm, ReviewForm, SignForm
from gongkai.backoffice.views.common import add_service_errors, deny_unless, is_htmx, readable_item_or_404
from gongkai.disclosure import policy
from gongkai.disclosure.models import Item, ItemState
from gongkai.disclosure.selectors import publication_deadline
from gongkai.disclosure.services import workflow
from gongkai.disclosure.services.scan import ItemFinding, scan_item
from gongkai.disclosure.services.signoff import applicable_steps, current_step

SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低"}
KIND_LABELS = {
    "id_card": "居民身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank_card": "银行卡号",
    "email": "电子邮箱地址",
    "classification": "密级标志",
    "internal_mark": "内部资料标识",
    "keyword": "敏感词",
}


def finding_view(f: ItemFinding) -> dict[str, Any]:
    """One finding as the template shows it: where, how serious, and the match within its context.

    ``ItemFinding.context`` is the text from 20 characters before the match to 20 after it.
    """
    ctx_start = max(0, f.finding.start - 20)
    offset, length = f.finding.start - ctx_start, f.finding.end - f.finding.start
    after = f.context[offset + length :]
    dom_id = "finding-" + hashlib.sha1(f.fingerprint.encode()).hexdigest()[:12]  # noqa: S324 (an id, not security)
    high = f.finding.severity == "high"
    return {
        "f": f,
        "id": dom_id,
        "severity": f.finding.severity,
        "severity_label": SEVERITY_LABELS.get(f.finding.severity, f.finding.severity),
        "kind_label": KIND_LABELS.get(f.finding.kind, f.finding.kind),
        "position": f"第{f.finding.start + 1}—{f.finding.end}字",
        "before": ("…" if ctx_start > 0 else "") + f.context[:offset],
        "match": f.context[offset : offset + length],
        "after": after + ("…" if len(after) >= 20 else ""),
        "form": FindingDecisionForm(initial={"fingerprint": f.fingerprint}, auto_id=f"{dom_id}-%s")
        if high
        else None,
        "error": "",
    }


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _field_order(field: str) -> tuple[int, str]:
    base = {"title": 0, "summary": 1, "body": 2}
    return (base.get(field, 3), field)


def findings_context(item: Item) -> dict[str, Any]:
    """The scan findings, high ones first (they block), then in reading order."""
    findings = sorted(
        scan_item(item),
        key=lambda f: (
            SEVERITY_ORDER.get(f.finding.severity, 9),
            _field_order(f.finding.field),
            f.finding.start,
        ),
    )
    counts = Counter(f.finding.severity for f in findings)
    return {
        "findings": [finding_view(f) for f in findings],
        "blocking": sum(1 for f in findings if f.blocks),
        "severity_counts": [(SEVERITY_LABELS[s], s, counts.get(s, 0)) for s in ("high", "medium", "low")],
        "total_findings": len(findings),
    }


@login_required
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = readable_item_or_404(request.user, pk)
    deny_unless(
        policy.can_review_item(request.user, item),
        "只有本机构的保密审查员可以审查送审中的信息，且不能审查本人起草的信息。",
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = workflow.review_item(
                user=request.user,
                item=item,
                conclusion=form.cleaned_data["conclusion"],
                opinion=form.cleaned_data["opinion"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"保密审查已完成：{review.get_conclusion_display()}。")  # type: ignore[attr-defined]
            return redirect("backoffice:item", pk=item.pk)
    context = {
        "item": item,
        "form": form,
        "deadline": publication_deadline(item),
        "attachments": item.attachments.all(),
        "crumbs": [
            ("我的工作", reverse("backoffice:inbox")),
            (item.title, reverse("backoffice:item", args=[item.pk])),
            ("保密审查", None),
        ],
        "nav_section": "inbox",
        **findings_context(item),
    }
    return render(request, "backoffice/items/review.html", context)


@login_required
@require_POST
def finding_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision on one high finding; with htmx, answer with the updated finding only."""
    item = readable_item_or_404(request.user, pk)
    deny_unless(policy.can_review_item(request.user, item), "只有本机构的保密审查员可以处理扫描结果。")
    form = FindingDecisionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            workflow.decide_finding(
                user=request.user,
                item=item,
                fingerprint=form.cleaned_data["fingerprint"],
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = "；".join(exc.messages)
    else:
        error = "请选择处理决定。"
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "已记录处理决定。")
        return redirect("backoffice:item_review", pk=item.pk)
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


@login_required
def item_sign(request: HttpRequest, pk: int) -> HttpResponse:
    item = readable_item_or_404(request.user, pk)
    deny_unless(
        policy.can_sign_item(request.user, item),
        "您不能签发这条信息（须为本机构当前环节的签发人，不能签发本人起草的信息）。",
    )
    sign_form = SignForm(request.POST or None)
    if request.method == "POST" and sign_form.is_valid():
        try:
            seen = request.POST.get("step", "")
            workflow.sign_item(
                user=request.user,
                item=item,
                opinion=sign_form.cleaned_data["opinion"],
                step=int(seen) if seen.isascii() and seen.isdigit() and len(seen) < 6 else None,
            )
        except ValidationError as exc:
            add_service_errors(sign_form, exc)
        else:
            item = Item.objects.get(pk=item.pk)
            if item.state == ItemState.PUBLISHED:
                messages.success(request, f"已签发并发布，索引号 {item.index_number}。")
            else:
                messages.success(request, "已签发，转下一签发环节。")
            return redirect("backoffice:item", pk=item.pk)
    steps = applicable_steps(item)
    current = current_step(item)
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
        "return_form": ReasonForm(label="退回理由"),
        "chain": chain,
        "deadline": publication_deadline(item),
        "reviews": item.secrecy_reviews.select_related("reviewer").order_by("-reviewed_at")[:1],
        "crumbs": [
            ("我的工作", reverse("backoffice:inbox")),
            (item.title, reverse("backoffice:item", args=[item.pk])),
            ("签发", None),
        ],
        "nav_section": "inbox",
        **findings_context(item),
    }
    return render(request, "backoffice/items/sign.html", context)


@login_required
@require_POST
def item_return(request: HttpRequest, pk: int) -> HttpResponse:
    """退回 from review or sign-off, with a reason."""
    item = readable_item_or_404(request.user, pk)
    deny_unless(policy.can_return_item(request.user, item), "您不能退回这条信息。")
    form = ReasonForm(request.POST, label="退回理由")
    back = "backoffice:item_sign" if item.state == ItemState.SIGNOFF else "backoffice:item_review"
    if not form.is_valid():
        messages.error(request, "退回必须填写理由。")
        return redirect(back, pk=item.pk)
    workflow.return_item(user=request.user, item=item, reason=form.cleaned_data["reason"])
    messages.success(request, "已退回起草人。")
    return redirect("backoffice:item", pk=item.pk)
