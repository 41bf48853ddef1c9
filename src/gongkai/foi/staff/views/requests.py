"""Back-office pages of disclosure on request (依申请公开, docs/SPEC.md §4): the register (登记簿), the
registration form for applications received offline, the page of one request, and its letters.

The action forms of a request post to ``request_actions`` (handling steps) and
``request_records`` (reminders, duplicates, appeals, fees, deliveries); every route is in ``urlpatterns``
(mounted by ``gongkai.foi.staff.urls``). Applicant data is personal information: shown only to the
handling staff (``foi.policy.can_see_applicant``), and every showing is recorded in the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.files.serving import download_response
from gongkai.core.files.stored import open_stored
from gongkai.foi import policy
from gongkai.foi.clock import ClockStatus
from gongkai.foi.inbox import work_queue
from gongkai.foi.legal import RECEIPT_RULES, Channel
from gongkai.foi.models import OPEN_STATES, InfoRequest, Letter, RequestState
from gongkai.foi.selectors import filter_due_soon
from gongkai.foi.services import intake
from gongkai.foi.services.clock import local_today
from gongkai.foi.staff.forms import OFFLINE_CHANNELS, RegisterForm, RequestFilterForm
from gongkai.foi.staff.views import request_actions, request_records
from gongkai.foi.staff.views.request_detail import (
    SESSION_NEW_CODE,
    VIEWED,
    render_detail,
    visible_request_or_404,
)
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName

PAGE_SIZE = 25
#: 临期: due within this many working days (today included).


def filter_requests(
    requests: QuerySet[InfoRequest], data: dict[str, Any], today: dt.date, user: Any = None
) -> QuerySet[InfoRequest]:
    """Apply the register's filters (all of them together). ``work`` is a queue of "我的工作"
    (``foi.inbox``): the register then shows exactly what the inbox counts for ``user``."""
    if data.get("work") and user is not None:
        requests = requests.filter(pk__in=work_queue(user, data["work"], today).values("pk"))
    if data.get("q"):
        requests = requests.filter(registration_number__icontains=data["q"].strip())
    if data.get("org"):
        requests = requests.filter(organization=data["org"])
    if data.get("state"):
        requests = requests.filter(state=data["state"])
    if data.get("overdue"):
        requests = requests.filter(state__in=OPEN_STATES, due_date__lt=today)
    if data.get("due_soon"):
        # Due within each body's own due-soon window, exactly as the dashboard counts.
        requests = filter_due_soon(requests, today)
    if data.get("provisional"):
        requests = requests.exclude(provisional_years="")
    if data.get("correction"):
        requests = requests.filter(state=RequestState.CORRECTION)
    if data.get("paused"):
        requests = requests.filter(clock_status=ClockStatus.PAUSED.value)
    return requests


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """登记簿: the requests the user may see, filtered, with the due date of each."""
    user = request.user
    visible = policy.visible_requests(user)
    organizations = Organization.objects.filter(pk__in=visible.values("organization")).order_by("path")
    form = RequestFilterForm(request.GET or None, organizations=organizations)
    today = local_today()
    requests = visible.select_related("organization", "handling_unit")
    if form.is_valid():
        requests = filter_requests(requests, form.cleaned_data, today, user)
    page = Paginator(requests.order_by("-received_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    shown: list[InfoRequest] = []
    for info in page:
        see = policy.can_see_applicant(user, info)
        if see:
            shown.append(info)
        rows.append(
            {
                "info": info,
                "see_applicant": see,
                "overdue": info.is_open and info.due_date is not None and info.due_date < today,
            }
        )
    if shown:
        # The names on this page are personal data read: one event for the page, naming the cases.
        record(
            actor=user,
            action="request.personal_data_listed",
            data={"requests": [i.registration_number for i in shown]},
        )
    registrable = org_policy.organizations_for(user, RoleName.REQUEST_HANDLER, RoleName.OFFICE_HEAD)
    return render(
        request,
        "backoffice/requests/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "many_orgs": organizations.count() > 1,
            "can_register": registrable.exists(),
            "crumbs": [(_("依申请公开"), None)],
            "nav_section": "requests",
        },
    )


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    """登记: staff register an application received by letter, in person, by fax or e-mail."""
    user = request.user
    organizations = org_policy.organizations_for(
        user, RoleName.REQUEST_HANDLER, RoleName.OFFICE_HEAD
    ).order_by("path")
    deny_unless(organizations.exists(), _("只有依申请公开承办人或公开工作机构负责人可以登记申请。"))
    initial = {}
    if organizations.count() == 1:
        initial["organization"] = organizations.first()
    form = RegisterForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            info, code = intake.register(
                data["organization"],
                actor=user,
                data=form.application_data(),
                channel=data["channel"],
                submitted_on=data["submitted_on"],
                signed_for_on=data.get("signed_for_on"),
                confirmed_on=data.get("confirmed_on"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The look-up code is shown once, on the next page, then forgotten (only its hash is kept).
            request.session[SESSION_NEW_CODE] = {"pk": info.pk, "code": code}
            messages.success(
                request,
                _("已登记，登记编号 %(registration_number)s。")
                % {"registration_number": info.registration_number},
            )
            return redirect("backoffice:request_detail", pk=info.pk)
    return render(
        request,
        "backoffice/requests/register.html",
        {
            "form": form,
            "rules": [(Channel(c).label, RECEIPT_RULES[c]) for c in OFFLINE_CHANNELS],
            "crumbs": [(_("依申请公开"), reverse("backoffice:requests")), (_("登记申请"), None)],
            "nav_section": "requests",
        },
    )


@login_required
def request_export(request: HttpRequest) -> HttpResponseBase:
    """The register as XLSX or CSV, with the list's filters; ID and phone numbers masked.

    Only the cases whose applicant data the user may see are exported (the handling staff's own);
    every export is recorded in the audit log.
    """
    from gongkai.foi.export import export_register

    user = request.user
    visible = policy.visible_requests(user)
    organizations = Organization.objects.filter(pk__in=visible.values("organization")).order_by("path")
    form = RequestFilterForm(request.GET or None, organizations=organizations)
    today = local_today()
    requests = policy.handled_requests(user)
    if form.is_valid():
        requests = filter_requests(requests, form.cleaned_data, today, user)
    requests = requests.select_related("organization").order_by("-received_on", "-id")
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    data = export_register(requests, fmt=fmt, today=today)
    record(
        actor=user,
        action="requests.exported",
        data={"format": fmt, "count": requests.count(), "filters": request.GET.dict()},
    )
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(data, content_type=content_type)
    response.headers["Content-Disposition"] = _attachment_header(
        _("依申请公开登记簿-%(today)s.%(fmt)s") % {"today": format(today, "%Y%m%d"), "fmt": fmt}
    )
    return _private(response)


@login_required
def request_code_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    """A new look-up code for the applicant (POST); shown once on the case page."""
    info = visible_request_or_404(request.user, pk)
    if request.method != "POST":
        return redirect("backoffice:request_detail", pk=info.pk)
    deny_unless(policy.REISSUE_CODE(request.user, info), policy.REISSUE_CODE.refusal)
    code = intake.reissue_lookup_code(info, actor=request.user)
    request.session[SESSION_NEW_CODE] = {"pk": info.pk, "code": code}
    messages.success(request, _("已重新生成查询码，原查询码已失效。"))
    return redirect("backoffice:request_detail", pk=info.pk)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    info = visible_request_or_404(request.user, pk)
    return render_detail(request, info)


# -- letters ---------------------------------------------------------------------------------------


def _readable_letter(request: HttpRequest, pk: int, letter_pk: int, how: str) -> Letter:
    """A letter of a request, for the staff who may read the applicant's data (letters name the
    applicant and what they asked for); the reading is recorded like any other."""
    info = visible_request_or_404(request.user, pk)
    deny_unless(policy.READ_LETTER(request.user, info), policy.READ_LETTER.refusal)
    letter = get_object_or_404(info.letters.select_related("request__organization"), pk=letter_pk)
    record(actor=request.user, action=VIEWED, target=info, data={"letter": letter.number, "as": how})
    return letter


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def request_letter_docx(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponseBase:
    from gongkai.foi.services import letters

    letter = _readable_letter(request, pk, letter_pk, "docx")
    response = HttpResponse(
        letters.render_docx(letter),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"{letter.title}{letter.number}.docx".replace("/", "-")
    response.headers["Content-Disposition"] = _attachment_header(filename)
    return _private(response)


def _attachment_header(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = "letter.docx" if filename.endswith(".docx") else "register." + filename.rsplit(".", 1)[-1]
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@login_required
def request_letter_print(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponseBase:
    from gongkai.core.csp import standalone_page_policy
    from gongkai.foi.services import letters

    letter = _readable_letter(request, pk, letter_pk, "print")
    html = letters.render_html(letter)
    response = HttpResponse(html)
    # A standalone page with its own <style> element: allowed by its hash, nothing else.
    response["Content-Security-Policy"] = standalone_page_policy(html)
    return _private(response)


@login_required
def request_letter_file(
    request: HttpRequest, pk: int, letter_pk: int, attachment_pk: int
) -> HttpResponseBase:
    letter = _readable_letter(request, pk, letter_pk, "file")
    attachment = get_object_or_404(letter.attachments, pk=attachment_pk)
    # Type and name of the detected kind, nosniff (core.files.serving, audit 4.6).
    response = download_response(
        open_stored(attachment.file), name=attachment.name, content_type=attachment.content_type
    )
    return _private(response)


@login_required
def request_correction_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    """A file the applicant sent with an online correction (第三十条): part of the application, so
    for the staff who may read the applicant's data; the reading is recorded."""
    from gongkai.foi.models import CorrectionFile

    info = visible_request_or_404(request.user, pk)
    deny_unless(policy.can_see_applicant(request.user, info), policy.READ_LETTER.refusal)
    attachment = get_object_or_404(CorrectionFile, pk=file_pk, correction__request=info)
    record(actor=request.user, action=VIEWED, target=info, data={"correction_file": attachment.name})
    response = download_response(
        open_stored(attachment.file), name=attachment.name, content_type=attachment.content_type
    )
    return _private(response)


urlpatterns: list[URLPattern] = [
    path("requests/", request_list, name="requests"),
    path("requests/new/", request_new, name="request_new"),
    path("requests/export/", request_export, name="request_export"),
    path("requests/<id:pk>/code/", request_code_reissue, name="request_code_reissue"),
    path("requests/<id:pk>/", request_detail, name="request_detail"),
    path("requests/<id:pk>/letters/<id:letter_pk>/docx/", request_letter_docx, name="request_letter_docx"),
    path("requests/<id:pk>/letters/<id:letter_pk>/print/", request_letter_print, name="request_letter_print"),
    path(
        "requests/<id:pk>/letters/<id:letter_pk>/files/<id:attachment_pk>/",
        request_letter_file,
        name="request_letter_file",
    ),
    path(
        "requests/<id:pk>/corrections/<id:file_pk>/",
        request_correction_file,
        name="request_correction_file",
    ),
    *request_actions.urlpatterns,
    *request_records.urlpatterns,
]
