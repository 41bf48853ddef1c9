"""Back-office pages of the submissions (信息报送, docs/SPEC.md §8), the unit's side:

* ``govinfo_submissions`` — the unit's submissions, filtered by state and year, with the counts;
* ``govinfo_submission_new`` / ``govinfo_submission_edit`` — the form, with the carrier's length
  counted as the author types (``static/govinfo/length.js``, the rule of ``govinfo.lengths``);
* ``govinfo_submission`` — the page: text, metadata, authors, credited units, attachments, the
  signatures with their times, the revision history with diffs (the information section's edits
  against the author's last version), and the actions the viewer may take;
* ``govinfo_signing`` — "待我签发": what waits at a step the viewer may sign.

Every change goes through ``gongkai.govinfo.services.submissions``; what is shown and offered comes
from ``gongkai.govinfo.access`` and the services' ``can_*`` functions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.files.serving import download_response
from gongkai.core.files.stored import open_stored
from gongkai.core.params import parse_id, parse_int
from gongkai.govinfo import access, diff, lengths, policy, text
from gongkai.govinfo.models import Revision, State, Submission
from gongkai.govinfo.services import submissions as services
from gongkai.govinfo.signoff import signable
from gongkai.govinfo.staff.submissions.forms import (
    ReasonForm,
    SignForm,
    SubmissionForm,
    WithdrawForm,
    initial_of,
)
from gongkai.orgs import signoff

PAGE_SIZE = 30
NAV = "govinfo_submissions"


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("信息报送"), reverse("backoffice:govinfo_submissions")), *extra]


def _readable_or_404(user: Any, pk: int) -> Submission:
    qs = access.readable_submissions(user).select_related(
        "organization", "recipient", "carrier", "commission", "drafter"
    )
    return get_object_or_404(qs, pk=pk)


def _url(submission: Submission) -> str:
    return reverse("backoffice:govinfo_submission", args=[submission.pk])


# -- lists ---------------------------------------------------------------------------------------


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(access.can_open_submissions(user), _("信息报送仅对各单位信息员和签发人开放。"))
    qs = access.visible_submissions(user).select_related("organization", "carrier")
    units = list(access.units(user).order_by("path"))
    org_id = parse_id(request.GET.get("org", "")) if request.GET.get("org") else None
    if request.GET.get("org") and (org_id is None or org_id not in {u.pk for u in units}):
        raise Http404
    if org_id is not None:
        qs = qs.filter(organization_id=org_id)
    years = sorted({d.year for d in qs.dates("created_at", "year")}, reverse=True)
    year = (
        parse_int(request.GET.get("year", ""), minimum=2000, maximum=2100)
        if request.GET.get("year")
        else None
    )
    if year is not None:
        qs = qs.filter(created_at__year=year)
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    state = request.GET.get("state", "")
    if state and state not in State.values:
        state = ""
    if state:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav_section": NAV,
        "page_obj": page,
        "units": units,
        "org_id": org_id,
        "years": years,
        "year": year,
        "state": state,
        "states": [(value, label, counts.get(value, 0)) for value, label in State.choices],
        "total": sum(counts.values()),
        "can_write": policy.can_write(user),
        "to_sign": len(access.waiting_for(user)),
        "crumbs": _crumbs(),
    }
    return render(request, "backoffice/govinfo/submissions/list.html", context)


@login_required
def signing_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(access.can_open_submissions(user), _("信息报送仅对各单位信息员和签发人开放。"))
    rows = [(s, signoff.current_step(signable(s))) for s in access.waiting_for(user)]
    context = {
        "nav_section": NAV,
        "rows": rows,
        "crumbs": _crumbs((_("待我签发"), None)),
    }
    return render(request, "backoffice/govinfo/submissions/signing.html", context)


# -- the form ------------------------------------------------------------------------------------


def _fields(form: SubmissionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {name: data[name] for name in services.EDITABLE_FIELDS}


def _save_attachment(request: HttpRequest, form: SubmissionForm, submission: Submission) -> None:
    upload = form.cleaned_data.get("attachment")
    if upload:
        services.add_attachment(
            actor=request.user, submission=submission, data=upload.read(), filename=upload.name
        )


def _length_note(submission: Submission) -> str:
    """A warning after saving a draft that is over its carrier's limit (it is refused at 送签)."""
    return services.length_problem(submission) or ""


def _saved(request: HttpRequest, submission: Submission, message: str) -> HttpResponse:
    """After a draft is saved: say so, warn when it is over its carrier's limit, show it."""
    messages.success(request, message)
    note = _length_note(submission)
    if note:
        messages.warning(request, note)
    return redirect(_url(submission))


def _form_page(
    request: HttpRequest,
    form: SubmissionForm,
    submission: Submission | None,
    crumbs: list[tuple[str, str | None]],
) -> HttpResponse:
    """The drafting form, for a new submission (``submission`` None) or an existing one."""
    context = {"nav_section": NAV, "form": form, "submission": submission, "crumbs": crumbs}
    return render(request, "backoffice/govinfo/submissions/form.html", context)


@login_required
def submission_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(policy.can_write(user), _("只有单位信息员可以起草信息稿件。"))
    form = SubmissionForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                submission = services.create_submission(
                    actor=user,
                    organization=form.cleaned_data["organization"],
                    fields=_fields(form),
                    authors=form.cleaned_data["authors"] or None,
                    partners=form.cleaned_data.get("partners") or (),
                )
                _save_attachment(request, form, submission)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            return _saved(request, submission, _("草稿已保存。"))
    return _form_page(request, form, None, _crumbs((_("起草信息"), None)))


@login_required
def submission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    submission = _readable_or_404(user, pk)
    deny_unless(
        services.can_edit(user, submission),
        _("该稿件当前不能修改（仅草稿或被退回的稿件可由本单位信息员修改）。"),
    )
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, user=user, submission=submission)
    else:
        form = SubmissionForm(initial=initial_of(submission), user=user, submission=submission)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_submission(
                    actor=user,
                    submission=submission,
                    fields=_fields(form),
                    authors=form.cleaned_data["authors"] or None,
                    partners=form.cleaned_data.get("partners") if "partners" in form.fields else None,
                )
                _save_attachment(request, form, submission)
        except ValidationError as e:
            submission.refresh_from_db()
            add_service_errors(form, e)
        else:
            return _saved(request, submission, _("修改已保存。"))
    crumbs = _crumbs((submission.title, _url(submission)), (pgettext("edit action", "修改"), None))
    return _form_page(request, form, submission, crumbs)


# -- the page ------------------------------------------------------------------------------------


def _plain(revision: Revision) -> str:
    return text.plain_text(revision.body)


def _comparison(old: Revision, new: Revision, label: str) -> dict[str, Any]:
    return {
        "label": label,
        "old": old,
        "new": new,
        "title": mark_safe(diff.diff_html(old.title, new.title)),  # noqa: S308 - escaped by govinfo.diff
        "body": mark_safe(diff.diff_html(_plain(old), _plain(new))),  # noqa: S308 - escaped by govinfo.diff
    }


def section_edits(history: list[Revision]) -> tuple[Revision, Revision] | None:
    """The information section's edits: its last edited version against the author's last version
    before it (None when the section has not edited the submission)."""
    edited = [r for r in history if r.by_editor]
    if not edited:
        return None
    last = edited[-1]
    before = [r for r in history if not r.by_editor and r.number < last.number]
    return (before[-1], last) if before else None


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    submission = _readable_or_404(user, pk)
    history = list(submission.revisions.select_related("by").order_by("number"))
    comparisons = []
    edits = section_edits(history)
    if edits is not None:
        comparisons.append(_comparison(*edits, label=_("信息科的修改（与作者最后一稿比较）")))
    raw = request.GET.get("compare")
    if raw:
        n = parse_int(raw, minimum=1, maximum=100000)
        by_number = {r.number: r for r in history}
        if n is None or n not in by_number or n + 1 not in by_number:
            raise Http404
        comparisons.insert(
            0,
            _comparison(
                by_number[n], by_number[n + 1], _("第%(n)s版与第%(n2)s版比较") % {"n": n, "n2": n + 1}
            ),
        )
    subject = signable(submission)
    signing = submission.state == State.SIGNING
    step = signoff.current_step(subject) if signing else None
    signatures = list(submission.signatures.select_related("signer").order_by("round", "position"))
    attachments = list(submission.attachments.all())
    verdict = None
    if submission.carrier is not None:
        c = submission.carrier
        verdict = lengths.check(
            submission.plain_text, limit=c.limit, kind=c.limit_kind, tolerance_percent=c.tolerance_percent
        )
    context = {
        "nav_section": NAV,
        "submission": submission,
        "authors": list(submission.authors.select_related("user")),
        "credits": list(submission.credits.select_related("organization").order_by("pk")),
        "attachments": [a for a in attachments if not a.is_photo],
        "photos": [a for a in attachments if a.is_photo],
        "signatures": signatures,
        "steps": signoff.applicable_steps(subject),
        "current_step": step,
        "history": history,
        "comparisons": comparisons,
        "verdict": verdict,
        "length_problem": services.length_problem(submission),
        "can_edit": services.can_edit(user, submission),
        "can_send": services.can_send(user, submission),
        "can_sign": signing and signoff.can_sign(user, subject),
        "can_withdraw": services.can_withdraw(user, submission),
        "sign_form": SignForm(initial={"step": step.position}) if step else None,
        "reason_form": ReasonForm(),
        "withdraw_form": WithdrawForm(),
        "crumbs": _crumbs((submission.title, None)),
    }
    return render(request, "backoffice/govinfo/submissions/detail.html", context)


def _act(request: HttpRequest, submission: Submission, action: Any, done: str) -> HttpResponseBase:
    try:
        action()
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(_url(submission))


@login_required
@require_POST
def submission_send(request: HttpRequest, pk: int) -> HttpResponseBase:
    submission = _readable_or_404(request.user, pk)
    deny_unless(
        services.can_send(request.user, submission), _("只有本单位信息员可以送签草稿或被退回的稿件。")
    )
    return _act(
        request,
        submission,
        lambda: services.send_for_signoff(actor=request.user, submission=submission),
        _("已送签。"),
    )


@login_required
@require_POST
def submission_sign(request: HttpRequest, pk: int) -> HttpResponseBase:
    submission = _readable_or_404(request.user, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "签发表单不完整，请刷新页面后重试。")
        return redirect(_url(submission))

    def sign() -> None:
        done = services.sign_submission(
            actor=request.user,
            submission=submission,
            opinion=form.cleaned_data["opinion"],
            step=form.cleaned_data["step"],
        )
        if done.state == State.SUBMITTED:
            messages.info(
                request,
                _("签发完毕，已报送%(recipient)s（编号%(serial)s）。")
                % {"recipient": done.recipient, "serial": done.serial},
            )

    return _act(request, submission, sign, _("已签发。"))


@login_required
@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponseBase:
    submission = _readable_or_404(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回必须填写理由。")
        return redirect(_url(submission))
    return _act(
        request,
        submission,
        lambda: services.send_back(
            actor=request.user, submission=submission, reason=form.cleaned_data["reason"]
        ),
        _("已退回起草人修改。"),
    )


@login_required
@require_POST
def submission_withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    submission = _readable_or_404(request.user, pk)
    deny_unless(
        access.is_writer(request.user, submission.organization_id), _("只有本单位信息员可以撤回稿件。")
    )
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        submission,
        lambda: services.withdraw_submission(actor=request.user, submission=submission, reason=reason),
        _("稿件已撤回。"),
    )


# -- attachments ---------------------------------------------------------------------------------


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    submission = _readable_or_404(request.user, pk)
    found = get_object_or_404(submission.attachments, pk=attachment_pk)
    try:
        handle = open_stored(found.file)
    except FileNotFoundError:
        raise Http404 from None
    response = download_response(handle, name=found.original_name, kind=found.kind)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    submission = _readable_or_404(request.user, pk)
    found = get_object_or_404(submission.attachments, pk=attachment_pk)
    if not services.can_edit(request.user, submission):
        raise PermissionDenied(_("该稿件当前不能修改附件。"))
    services.remove_attachment(actor=request.user, attachment=found)
    messages.success(request, _("已删除附件“%(original_name)s”。") % {"original_name": found.original_name})
    return redirect(reverse("backoffice:govinfo_submission_edit", args=[submission.pk]))
