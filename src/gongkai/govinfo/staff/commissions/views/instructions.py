"""领导批示 pages (docs/SPEC.md §8 "Leader instructions (批示): recorded against an item or issue
(leader, date, text), with follow-up"):

* ``govinfo_instructions`` — a leader's own; the office's for its desk; those on a unit's items for
  its 信息员 (``?work=followups``: the open follow-ups the person owns, what "我的工作" counts);
* ``govinfo_instruction_new`` (``?submission=<pk>`` or ``?issue=<pk>``) — a leader writes their own,
  the desk records one given on paper;
* ``govinfo_instruction`` — the instruction and its follow-ups, and 交办落实 for the desk or the leader;
* ``govinfo_followup`` — a follow-up with its reports: the owner reports, the desk or leader closes.

Every change goes through ``govinfo.services.instructions``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.params import parse_id
from gongkai.govinfo import policy
from gongkai.govinfo.hooks.commissions import owned_follow_ups
from gongkai.govinfo.models import FollowUp, Instruction, Issue, Submission
from gongkai.govinfo.services import instructions as services
from gongkai.govinfo.staff.commissions.forms import (
    FollowUpForm,
    FollowUpReportForm,
    InstructionForm,
    RecordInstructionForm,
)

LIST = "backoffice:govinfo_instructions"


def _may_open(user: Any) -> bool:
    return (
        policy.can_use_desk(user)
        or policy.is_leader(user)
        or policy.can_write(user)
        or services.visible_follow_ups(user).exists()
    )


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("领导批示"), reverse(LIST)), *tail]


def _subject_url(name: str, pk: int) -> str:
    try:
        return reverse(f"backoffice:{name}", args=[pk])
    except NoReverseMatch:  # pragma: no cover - the desk and submissions parts are installed with this one
        return ""


def subject_link(instruction: Instruction) -> tuple[str, str]:
    """(label, url) of what the instruction was given on."""
    if instruction.issue_id is not None:
        return str(instruction.issue), _subject_url("govinfo_issue", instruction.issue_id)
    sub = instruction.submission
    assert sub is not None
    return sub.title, _subject_url("govinfo_submission", sub.pk)


@login_required
def instruction_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(_may_open(user), _("领导批示页面供领导、信息科编辑和各单位信息员使用。"))
    work = request.GET.get("work", "")
    if work not in ("", "followups"):
        raise Http404
    today = timezone.localdate()
    follow_ups = list(owned_follow_ups(user)) if work == "followups" else []
    rows = []
    if not work:
        qs = (
            services.visible_instructions(user)
            .select_related("issue__publication", "submission")
            .prefetch_related("follow_ups")
            .order_by("-given_on", "-id")[:300]
        )
        for ins in qs:
            label, url = subject_link(ins)
            fus = list(ins.follow_ups.all())
            rows.append(
                {
                    "instruction": ins,
                    "subject": label,
                    "subject_url": url,
                    "open": sum(1 for f in fus if f.state == "open"),
                    "overdue": sum(1 for f in fus if services.is_overdue(f, today)),
                }
            )
    return render(
        request,
        "backoffice/govinfo/commissions/instructions.html",
        {
            "rows": rows,
            "follow_ups": follow_ups,
            "work": work,
            "today": today,
            "crumbs": _crumbs() if not work else _crumbs((_("待落实的领导批示"), None)),
        },
    )


def _subject(request: HttpRequest) -> tuple[Submission | None, Issue | None]:
    raw_sub = request.GET.get("submission") or request.POST.get("submission")
    raw_issue = request.GET.get("issue") or request.POST.get("issue")
    if bool(raw_sub) == bool(raw_issue):
        raise Http404(_("请从一篇稿件或一期刊物进入批示。"))
    if raw_sub:
        pk = parse_id(raw_sub)
        if pk is None:
            raise Http404
        return get_object_or_404(Submission.objects.select_related("organization", "recipient"), pk=pk), None
    pk = parse_id(raw_issue)
    if pk is None:
        raise Http404
    return None, get_object_or_404(Issue.objects.select_related("publication"), pk=pk)


@login_required
def instruction_new(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    submission, issue = _subject(request)
    if issue is not None:
        as_leader = services.leader_may_instruct_issue(user, issue)
        as_desk = services.desk_may_record_issue(user, issue)
    else:
        assert submission is not None
        as_leader = services.leader_may_instruct_submission(user, submission)
        as_desk = services.desk_may_record_submission(user, submission)
    deny_unless(as_leader or as_desk, _("您不能对此作出或登记批示。"))
    form: InstructionForm | RecordInstructionForm
    form = InstructionForm(request.POST or None) if as_leader else RecordInstructionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if as_leader:
                instruction = services.write_instruction(
                    actor=user,
                    submission=submission,
                    issue=issue,
                    text=data["text"],
                    given_on=data["given_on"],
                )
            else:
                instruction = services.record_instruction(
                    actor=user,
                    submission=submission,
                    issue=issue,
                    leader_name=data["leader_name"],
                    leader_title=data["leader_title"],
                    level=data["level"],
                    given_on=data["given_on"],
                    text=data["text"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("批示已保存。"))
            return redirect("backoffice:govinfo_instruction", pk=instruction.pk)
    if issue is not None:
        subject_label, subject_url = str(issue), _subject_url("govinfo_issue", issue.pk)
    else:
        assert submission is not None
        subject_label, subject_url = submission.title, _subject_url("govinfo_submission", submission.pk)
    return render(
        request,
        "backoffice/govinfo/commissions/instruction_form.html",
        {
            "form": form,
            "as_leader": as_leader,
            "submission": submission,
            "issue": issue,
            "subject_label": subject_label,
            "subject_url": subject_url,
            "crumbs": _crumbs((_("作出批示") if as_leader else _("登记批示"), None)),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _instruction_or_404(user: Any, pk: int) -> Instruction:
    qs = services.visible_instructions(user).select_related(
        "issue__publication__organization", "submission__organization", "submission__recipient", "leader"
    )
    return get_object_or_404(qs, pk=pk)


def _instruction_page(
    request: HttpRequest, instruction: Instruction, form: FollowUpForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    may_manage = services.may_manage(user, instruction)
    if may_manage and form is None:
        form = FollowUpForm(office=services.office_of(instruction))
    label, url = subject_link(instruction)
    follow_ups = list(
        instruction.follow_ups.select_related("organization", "owner").prefetch_related("reports")
    )
    return render(
        request,
        "backoffice/govinfo/commissions/instruction.html",
        {
            "instruction": instruction,
            "subject": label,
            "subject_url": url,
            "follow_ups": [(f, services.is_overdue(f, today)) for f in follow_ups],
            "may_manage": may_manage,
            "form": form if may_manage else None,
            "crumbs": _crumbs((_("%(leader_name)s批示") % {"leader_name": instruction.leader_name}, None)),
        },
        status=status,
    )


@login_required
def instruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _instruction_page(request, _instruction_or_404(request.user, pk))


@require_POST
@login_required
def followup_new(request: HttpRequest, pk: int) -> HttpResponseBase:
    instruction = _instruction_or_404(request.user, pk)
    deny_unless(
        services.may_manage(request.user, instruction), _("只有本办信息科编辑或作出批示的领导可以交办落实。")
    )
    form = FollowUpForm(request.POST, office=services.office_of(instruction))
    if form.is_valid():
        data = form.cleaned_data
        try:
            follow_up = services.open_follow_up(
                actor=request.user,
                instruction=instruction,
                organization=data["organization"],
                owner=data["owner"],
                deadline=data["deadline"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已交办落实，已通知承办单位。"))
            return redirect("backoffice:govinfo_followup", pk=follow_up.pk)
    return _instruction_page(request, instruction, form, status=400)


def _followup_or_404(user: Any, pk: int) -> FollowUp:
    qs = services.visible_follow_ups(user).select_related(
        "instruction", "organization", "owner", "instruction__issue__publication", "instruction__submission"
    )
    return get_object_or_404(qs, pk=pk)


def _followup_page(
    request: HttpRequest, follow_up: FollowUp, form: FollowUpReportForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    may_report = services.may_report(user, follow_up)
    label, url = subject_link(follow_up.instruction)
    return render(
        request,
        "backoffice/govinfo/commissions/followup.html",
        {
            "follow_up": follow_up,
            "instruction": follow_up.instruction,
            "subject": label,
            "subject_url": url,
            "reports": list(follow_up.reports.select_related("by")),
            "overdue": services.is_overdue(follow_up, timezone.localdate()),
            "may_report": may_report,
            "may_close": follow_up.state == "open" and services.may_manage(user, follow_up.instruction),
            "form": (form or FollowUpReportForm()) if may_report else None,
            "crumbs": _crumbs(
                (
                    _("%(leader_name)s批示") % {"leader_name": follow_up.instruction.leader_name},
                    reverse("backoffice:govinfo_instruction", args=[follow_up.instruction_id]),
                ),
                (_("落实反馈"), None),
            ),
        },
        status=status,
    )


@login_required
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _followup_page(request, _followup_or_404(request.user, pk))


@require_POST
@login_required
def followup_report(request: HttpRequest, pk: int) -> HttpResponseBase:
    follow_up = _followup_or_404(request.user, pk)
    deny_unless(services.may_report(request.user, follow_up), _("只有承办单位的责任人可以反馈落实情况。"))
    form = FollowUpReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_follow_up(
                actor=request.user,
                follow_up=follow_up,
                text=form.cleaned_data["text"],
                closes=form.cleaned_data["closes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("落实情况已反馈。"))
            return redirect("backoffice:govinfo_followup", pk=follow_up.pk)
    return _followup_page(request, follow_up, form, status=400)


@require_POST
@login_required
def followup_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    follow_up = _followup_or_404(request.user, pk)
    deny_unless(
        services.may_manage(request.user, follow_up.instruction),
        _("只有本办信息科编辑或作出批示的领导可以办结。"),
    )
    try:
        services.close_follow_up(actor=request.user, follow_up=follow_up)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已办结。"))
    return redirect("backoffice:govinfo_followup", pk=follow_up.pk)
