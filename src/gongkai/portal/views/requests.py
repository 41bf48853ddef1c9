"""Public pages of disclosure on request (依申请公开, docs/SPEC.md §4.1, §4.5): the online application and the
applicant's private look-up of status and letters (routes in ``urlpatterns``).

These pages are private to one visitor, so none of them is in the public page cache and every
response says ``Cache-Control: no-store`` and ``X-Robots-Tag: noindex``.

Who may see a request: whoever holds its look-up code. Submitting an application, or entering the
registration number with the code on the look-up page, puts a *grant* for that one request in the
session (``foi.access.<登记编号>``: the request's id, a prefix of its code hash — so a new code ends
old grants — and an idle deadline). Status, letters and files are shown only against a grant;
without one every registration number, existing or not, leads back to the look-up page.
The status page shows the case, never the applicant's data (ID number, phone, address), except
the masked name (张*) so that the applicant recognises their request.
"""

from __future__ import annotations

import functools
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, register_converter, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.conf import conf
from gongkai.core.files.serving import download_response
from gongkai.core.files.stored import open_stored
from gongkai.core.params import param_id
from gongkai.core.ratelimit import FixedWindow
from gongkai.disclosure.models import Item
from gongkai.foi import deflection
from gongkai.foi.clock import ClockStatus
from gongkai.foi.legal import RECEIPT_RULES, Channel
from gongkai.foi.models import Correction, InfoRequest, Letter, LetterAttachment
from gongkai.foi.services import clock as clock_service
from gongkai.foi.services import corrections, intake
from gongkai.foi.services import deflection as deflection_counts
from gongkai.orgs.models import Organization
from gongkai.portal.request_forms import ApplicationForm, CorrectionForm, LookupForm
from gongkai.workdays.calendar import get_calendar

log = logging.getLogger(__name__)

SESSION_SUBMITTED = "foi.submitted"
SESSION_GRANT_PREFIX = "foi.access."
#: A grant lapses after this long without use (reading-room terminals are shared).
GRANT_IDLE_SECONDS = 30 * 60
#: Failed look-ups allowed per client address per hour, unless ``GONGKAI["REQUEST_LOOKUP_PER_HOUR"]``.
LOOKUP_PER_HOUR = 20
#: Corrections sent per client address per hour, unless ``GONGKAI["REQUEST_CORRECTION_PER_HOUR"]``.
CORRECTION_PER_HOUR = 10
#: Working days before the due date from which the remaining time is shown as a warning.
DUE_SOON_WORKDAYS = 3
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

apply_limit = FixedWindow("foi-apply", lambda: int(conf()["REQUEST_FORM_PER_HOUR"]))
lookup_limit = FixedWindow("foi-lookup", lambda: int(conf().get("REQUEST_LOOKUP_PER_HOUR", LOOKUP_PER_HOUR)))
#: Suggestion look-ups (one per pause in typing) and counted follows per client address per hour.
suggest_limit = FixedWindow("foi-suggest", lambda: int(conf().get("REQUEST_SUGGESTIONS_PER_HOUR", 300)))
follow_limit = FixedWindow("foi-suggest-follow", lambda: int(conf().get("REQUEST_SUGGESTIONS_PER_HOUR", 300)))
correction_limit = FixedWindow(
    "foi-correction", lambda: int(conf().get("REQUEST_CORRECTION_PER_HOUR", CORRECTION_PER_HOUR))
)

View = Callable[..., HttpResponseBase]


def private_page(view: View) -> View:
    """Headers for a page that belongs to one visitor: no cache anywhere, not indexed. A 404 raised
    inside is rendered here, so that it carries the same headers."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = render(request, "404.html", status=404)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        # Not "no-referrer": browsers then send "Origin: null" on POST, which fails the CSRF check.
        response["Referrer-Policy"] = "same-origin"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    return wrapper


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("首页"), reverse("portal:home")), (_("依申请公开"), reverse("portal:request_apply")), *tail]


def _rate_limited(request: HttpRequest, window: FixedWindow, *, rule: str) -> HttpResponse:
    """429 with a Chinese page; ``rule`` states the limit (with ``%(n)d`` for the number)."""
    retry = window.retry_after()
    response = render(
        request,
        "portal/requests/rate_limited.html",
        {
            "rule": rule % {"n": window.limit()},
            "minutes": max((retry + 59) // 60, 1),
            "crumbs": _crumbs((_("操作过于频繁"), None)),
        },
        status=429,
    )
    response["Retry-After"] = str(retry)
    return response


# --- grants ------------------------------------------------------------------------------------


def _grant_key(registration_number: str) -> str:
    return SESSION_GRANT_PREFIX + registration_number


def _grant(request: HttpRequest, info: InfoRequest) -> None:
    """Let this session see ``info``. The session key changes (no fixation of a known key)."""
    request.session.cycle_key()
    request.session[_grant_key(info.registration_number)] = {
        "id": info.pk,
        "code": info.lookup_code_hash[:16],
        "until": time.time() + GRANT_IDLE_SECONDS,
    }


def _held(request: HttpRequest, registration_number: str) -> InfoRequest | None:
    """The request if this session holds a live grant for it, else None (and the grant is dropped)."""
    key = _grant_key(registration_number)
    grant = request.session.get(key)
    if not isinstance(grant, dict):
        return None
    info = None
    if float(grant.get("until", 0)) >= time.time():
        info = (
            InfoRequest.objects.select_related("organization")
            .filter(pk=grant.get("id"), registration_number=registration_number)
            .first()
        )
    if info is None or not hmac.compare_digest(info.lookup_code_hash[:16], str(grant.get("code", ""))):
        request.session.pop(key, None)
        return None
    grant["until"] = time.time() + GRANT_IDLE_SECONDS
    request.session[key] = grant
    return info


def _to_lookup(registration_number: str = "") -> HttpResponse:
    url = reverse("portal:request_lookup")
    if registration_number:
        url += "?" + urlencode({"number": registration_number})
    return redirect(url)


# --- apply -------------------------------------------------------------------------------------


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def request_apply(request: HttpRequest) -> HttpResponseBase:
    """政府信息公开申请 (online). Received on the day it is submitted (第三十一条第（三）项)."""
    if request.method == "POST":
        # Counted before anything else, in one atomic step shared by every process (core/ratelimit.py);
        # a submission that creates nothing gives its place back.
        slot = apply_limit.take(request)
        if not slot.allowed:
            return _rate_limited(
                request, apply_limit, rule=_("为防止滥用，同一网络地址每小时最多提交%(n)d份申请")
            )
        form = ApplicationForm(request.POST)
        if not form.is_valid():
            slot.release()
        else:
            data = form.cleaned_data
            try:
                info, code = intake.submit_online(organization=data["organization"], data=data)
            except ValidationError as error:
                slot.release()
                _attach_errors(form, error)
            else:
                if request.POST.get("suggestions_shown") == "1":
                    # Published items were suggested on this form and the citizen applied anyway.
                    deflection_counts.count_submitted(info.organization_id)
                _grant(request, info)
                request.session[SESSION_SUBMITTED] = {
                    "registration_number": info.registration_number,
                    "code": code,
                }
                return redirect("portal:request_submitted")
    else:
        initial: dict[str, Any] = {}
        slug = request.GET.get("body", "")
        if slug:
            body = Organization.objects.active().filter(slug=slug).first()
            if body is not None:
                initial["organization"] = body.pk
        form = ApplicationForm(initial=initial)
    return render(
        request,
        "portal/requests/apply.html",
        {
            "form": form,
            "suggestions_shown": request.method == "POST" and request.POST.get("suggestions_shown") == "1",
            "receipt_rule": RECEIPT_RULES[Channel.ONLINE],
            "limit": apply_limit.limit(),
            "crumbs": _crumbs((_("网上申请"), None)),
            "nav_section": "request_apply",
        },
    )


def _attach_errors(form: forms.Form, error: ValidationError) -> None:
    """The service's errors, keyed by field, onto the form's fields (others at the top)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


@private_page
@require_http_methods(["GET"])
def request_submitted(request: HttpRequest) -> HttpResponseBase:
    """The registration number and the look-up code, shown once: read from the session and removed.
    GET only: a HEAD (a link checker, a prefetch) must not use up the one showing."""
    submitted = request.session.pop(SESSION_SUBMITTED, None)
    if not isinstance(submitted, dict):
        return _to_lookup()
    info = _held(request, submitted["registration_number"])
    return render(
        request,
        "portal/requests/submitted.html",
        {
            "registration_number": submitted["registration_number"],
            "code": submitted["code"],
            "info": info,
            "crumbs": _crumbs((_("申请已提交"), None)),
        },
    )


# --- deflection (第三十六条第（一）项) ---------------------------------------------------------------


def _addressed_body(request: HttpRequest, name: str) -> Organization | None:
    pk = param_id(request.GET, name)
    return Organization.objects.active().filter(pk=pk).first() if pk is not None else None


@private_page
@require_http_methods(["GET", "HEAD"])
def request_suggestions(request: HttpRequest) -> HttpResponseBase:
    """Published items that may already answer the description being typed (htmx, on a pause in
    typing): 已主动公开的，告知获取的方式和途径 (第三十六条第（一）项). Public items only
    (``search_public``); each showing is counted for the body the form is addressed to."""
    body = _addressed_body(request, "organization")
    hits: list[Any] = []
    if suggest_limit.take(request).allowed:
        try:
            hits = deflection.suggestions(request.GET.get("description", "")[:5000])
        except Exception:  # the search engine failing must not break the application form
            log.exception("request suggestions failed")
            hits = []
    if hits and request.method == "GET":
        deflection_counts.count_shown(body.pk if body else None)
    return render(request, "portal/requests/_suggestions.html", {"hits": hits, "body": body})


@private_page
@require_http_methods(["GET", "HEAD"])
def request_suggestion_follow(request: HttpRequest, item_id: int) -> HttpResponseBase:
    """A suggestion followed: counted for the body the form was addressed to, then on to the item
    (only a public one: any other id is 404, whatever exists)."""
    item = Item.objects.public().filter(pk=item_id).only("pk").first()
    if item is None:
        raise Http404("no such item")
    if request.method == "GET" and follow_limit.take(request).allowed:
        body = _addressed_body(request, "body")
        deflection_counts.count_followed(body.pk if body else None)
    return redirect("portal:item", pk=item.pk)


# --- look-up -----------------------------------------------------------------------------------


def take_lookup(
    request: HttpRequest, find: Callable[[str, str], Any]
) -> tuple[HttpResponseBase | None, LookupForm, Any]:
    """A look-up form's POST (登记编号 + 查询码): (the refusal when this address is over the limit,
    the bound form, what ``find(number, code)`` found or None).

    Every attempt is counted first (atomically, shared by every process); only a right number and
    code give the place back, so wrong guesses are capped exactly. A wrong pair gets one message,
    whichever part was wrong. The staff side's look-up and a portal host's (``portalsync.views``)
    both go through here."""
    slot = lookup_limit.take(request)
    if not slot.allowed:
        refusal = _rate_limited(
            request,
            lookup_limit,
            rule=_("为防止他人猜测查询码，同一网络地址每小时最多可输错登记编号或查询码%(n)d次"),
        )
        return refusal, LookupForm(), None
    form = LookupForm(request.POST)
    if form.is_valid():
        found = find(form.cleaned_data["registration_number"], form.cleaned_data["code"])
        if found is not None:
            slot.release()
            return None, form, found
        form.add_error(None, _("登记编号或查询码不正确，请核对后重新输入。查询码遗失的，请联系受理机关。"))
    return None, form, None


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def request_lookup(request: HttpRequest) -> HttpResponseBase:
    """登记编号 + 查询码 → the status page."""
    if request.method == "POST":
        refusal, form, info = take_lookup(request, intake.find_by_code)
        if refusal is not None:
            return refusal
        if info is not None:
            _grant(request, info)
            return redirect("portal:request_status", registration_number=info.registration_number)
    else:
        form = LookupForm(initial={"registration_number": request.GET.get("number", "")[:60]})
    return render(
        request,
        "portal/requests/lookup.html",
        {"form": form, "crumbs": _crumbs((_("申请查询"), None)), "nav_section": "request_apply"},
    )


# --- status ------------------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """张三 → 张*, 张三丰 → 张**, an organization → its first character and ***."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * min(max(len(name) - 1, 1), 3)


@dataclass(frozen=True)
class Remaining:
    """What the status page says about time: fits ``includes/deadline_badge.html``."""

    due: Any
    days_left: int
    overdue: bool
    warning: bool
    provisional: bool


def _remaining(info: InfoRequest, result: Any) -> Remaining | None:
    if not info.is_open or info.due_date is None or result.status is ClockStatus.AWAITING_CORRECTION:
        return None
    today = clock_service.local_today()
    if today > info.due_date:
        late = get_calendar().workdays_between(info.due_date, today)
        return Remaining(info.due_date, -late, late > 0, False, info.due_provisional)
    left = result.remaining
    return Remaining(info.due_date, left, False, left <= DUE_SOON_WORKDAYS, info.due_provisional)


def _letters(info: InfoRequest) -> list[Letter]:
    """Letters sent to the applicant (letters exist once issued; issued today or before)."""
    return list(
        info.letters.filter(to_applicant=True, issued_on__lte=clock_service.local_today())
        .prefetch_related("attachments")
        .order_by("issued_on", "id")
    )


def _render_status(
    request: HttpRequest,
    info: InfoRequest,
    *,
    correction_form: CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    result = clock_service.compute(info)
    received = Correction.objects.filter(request=info).prefetch_related("files").first()
    offer = corrections.can_correct(info)
    if offer and correction_form is None:
        correction_form = CorrectionForm(initial={"token": secrets.token_urlsafe(24)})
    return render(
        request,
        "portal/requests/status.html",
        {
            "info": info,
            "applicant": mask_name(info.applicant_name),
            "result": result,
            "steps": result.steps,
            "remaining": _remaining(info, result),
            "letters": _letters(info),
            "correction_form": correction_form,
            "correction_open": offer,
            "correction_items": info.correction_items.splitlines(),
            "correction_received": received,
            "correction_limit": correction_limit.limit(),
            "crumbs": _crumbs((_("办理进度"), None)),
            "nav_section": "request_apply",
        },
        status=status,
    )


@private_page
@require_http_methods(["GET", "HEAD"])
def request_status(request: HttpRequest, registration_number: str) -> HttpResponseBase:
    info = _held(request, registration_number)
    if info is None:
        return _to_lookup(registration_number)
    return _render_status(request, info)


@private_page
@require_POST
def request_correction(request: HttpRequest, registration_number: str) -> HttpResponseBase:
    """补正 sent online (第三十条) by the holder of the look-up grant; received the day it arrives
    (第三十一条第（三）项, as online applications). The same form sent twice is recorded once."""
    info = _held(request, registration_number)
    if info is None:
        return _to_lookup(registration_number)
    slot = correction_limit.take(request)
    if not slot.allowed:
        return _rate_limited(
            request, correction_limit, rule=_("为防止滥用，同一网络地址每小时最多提交%(n)d次补正")
        )
    # Every attempt counts (files are read and checked), except the same form sent again.
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _correction, created = corrections.submit_online(
                info, text=data["text"], token=data["token"], files=data["attachments"]
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            if not created:
                slot.release()
            url = reverse("portal:request_status", args=[info.registration_number]) + "#correction"
            return redirect(url)
    fresh = InfoRequest.objects.select_related("organization").get(pk=info.pk)
    return _render_status(request, fresh, correction_form=form, status=400)


@private_page
@require_POST
def request_end(request: HttpRequest, registration_number: str) -> HttpResponseBase:
    """退出查询: drop the grant (on a shared terminal the next visitor must not see the request)."""
    request.session.pop(_grant_key(registration_number), None)
    return redirect("portal:request_lookup")


# --- letters and files -------------------------------------------------------------------------


def _held_letter(request: HttpRequest, registration_number: str, letter_id: int) -> Letter | None:
    info = _held(request, registration_number)
    if info is None:
        return None
    for letter in _letters(info):
        if letter.pk == letter_id:
            letter.request = info
            return letter
    raise Http404("no such letter")


@private_page
@require_http_methods(["GET", "HEAD"])
def request_letter_docx(request: HttpRequest, registration_number: str, letter_id: int) -> HttpResponseBase:
    from gongkai.foi.services.letters import render_docx

    letter = _held_letter(request, registration_number, letter_id)
    if letter is None:
        return _to_lookup(registration_number)
    response = HttpResponse(render_docx(letter), content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _letter_filename(letter))
    return response


def _letter_filename(letter: Letter) -> str:
    name = letter.title
    if letter.number:
        name += f"（{letter.number}）"
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|') + ".docx"


@private_page
@require_http_methods(["GET", "HEAD"])
def request_letter_print(request: HttpRequest, registration_number: str, letter_id: int) -> HttpResponseBase:
    from gongkai.core.csp import standalone_page_policy
    from gongkai.foi.services.letters import render_html

    letter = _held_letter(request, registration_number, letter_id)
    if letter is None:
        return _to_lookup(registration_number)
    # render_html gives a standalone page (inline CSS, no external assets, nothing to run).
    html = render_html(letter)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = standalone_page_policy(html)
    return response


@private_page
@require_http_methods(["GET", "HEAD"])
def request_letter_file(
    request: HttpRequest, registration_number: str, attachment_id: int
) -> HttpResponseBase:
    """A file sent with a letter (the information provided), to the holder of the request only."""
    info = _held(request, registration_number)
    if info is None:
        return _to_lookup(registration_number)
    letter_ids = [letter.pk for letter in _letters(info)]
    attachment = LetterAttachment.objects.filter(pk=attachment_id, letter_id__in=letter_ids).first()
    if attachment is None:
        raise Http404("no such file")
    try:
        handle = open_stored(attachment.file)
    except (FileNotFoundError, OSError):
        log.error("file %s of letter %s is missing from storage", attachment.pk, attachment.letter_id)
        raise Http404("file missing") from None
    # Type and name of the detected kind, nosniff, sandboxed (core.files.serving, audit 4.6).
    return download_response(handle, name=attachment.name, content_type=attachment.content_type)


class RegistrationNumberConverter:
    """A registration number as ``intake.registration_number`` makes them: upper case, digits and
    hyphens (``YSQ-000001-2026-00001``). Upper case keeps ``requests/<登记编号>/`` apart from the
    pages of a body whose slug is "requests" (slugs are lower case)."""

    regex = "[0-9A-Z][-0-9A-Z]{2,59}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegistrationNumberConverter, "registration")

urlpatterns: list[URLPattern] = [
    path("requests/apply/", request_apply, name="request_apply"),
    path("requests/submitted/", request_submitted, name="request_submitted"),
    path("requests/suggestions/", request_suggestions, name="request_suggestions"),
    path(
        "requests/suggestions/<id:item_id>/",
        request_suggestion_follow,
        name="request_suggestion_follow",
    ),
    path("requests/lookup/", request_lookup, name="request_lookup"),
    path("requests/<registration:registration_number>/", request_status, name="request_status"),
    path("requests/<registration:registration_number>/end/", request_end, name="request_end"),
    path(
        "requests/<registration:registration_number>/correction/",
        request_correction,
        name="request_correction",
    ),
    path(
        "requests/<registration:registration_number>/letters/<id:letter_id>.docx",
        request_letter_docx,
        name="request_letter_docx",
    ),
    path(
        "requests/<registration:registration_number>/letters/<id:letter_id>/print/",
        request_letter_print,
        name="request_letter_print",
    ),
    path(
        "requests/<registration:registration_number>/files/<id:attachment_id>/",
        request_letter_file,
        name="request_letter_file",
    ),
]
