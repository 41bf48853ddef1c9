"""工作日历: the working-day calendar screen (docs/SPEC.md §5).

Every member of staff may look at the calendar: the years around today and every year with an
entered notice, each with its coverage (chinesecalendar data, an administrators' notice, or 暂定),
a month grid and its notable days. Administrators (``workdays.policy.can_edit_calendar``) enter each
year's State Council notice and single-day adjustments; each change recomputes the due dates of the
open requests, and the page then lists the requests whose due date moved.

Routes: ``gongkai.workdays.staff.urls``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.params import parse_int
from gongkai.workdays import policy, selectors, services
from gongkai.workdays.forms import NoticeForm, OverrideForm, YearForm
from gongkai.workdays.kernel import package_years, statutory_holidays
from gongkai.workdays.models import CalendarOverride, HolidayNotice
from gongkai.workdays.notice_text import WEEKDAYS_ZH

_RUN_KEY = "calendar_recompute"


def _remember_run(request: HttpRequest, summary: dict[str, Any]) -> None:
    """Tell the administrator what the recompute did: counts now, the moved cases on the next page."""
    messages.success(
        request,
        _("已重新计算 %(checked)s 件未办结申请的答复期限，其中 %(changed)s 件期限发生变化。")
        % {"checked": summary["checked"], "changed": summary["changed"]},
    )
    request.session[_RUN_KEY] = {
        "checked": summary["checked"],
        "changed": summary["changed"],
        # The recompute writes str(None) for a request that had no due date yet.
        "moved": [
            {key: "—" if value == "None" else value for key, value in moved.items()}
            for moved in summary["moved"]
        ],
    }


def _check_year(year: int) -> None:
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("工作日历"), reverse("backoffice:calendar")), *tail]


@login_required
def calendar_overview(request: HttpRequest) -> HttpResponse:
    if "year" in request.GET:
        year_form = YearForm(request.GET)
        if year_form.is_valid():
            return redirect("backoffice:calendar_year", year=year_form.cleaned_data["year"])
    else:
        year_form = YearForm()
    today = timezone.localdate()
    calendar = selectors.display_calendar()
    years = sorted({today.year, today.year + 1, *HolidayNotice.objects.values_list("year", flat=True)})
    can_edit = policy.can_edit_calendar(request.user)
    return render(
        request,
        "backoffice/calendar/overview.html",
        {
            "nav_section": "calendar",
            "today": today,
            "years": [selectors.year_view(calendar, year, today=today, detail=False) for year in years],
            "package_years": sorted(calendar.package_years),
            "missing": policy.missing_notice_years(calendar, today) if can_edit else [],
            "can_edit": can_edit,
            "year_form": year_form,
            "standalone": selectors.standalone_overrides(),
            "run": request.session.pop(_RUN_KEY, None),
        },
    )


def _year_page(request: HttpRequest, year: int, override_form: OverrideForm | None = None) -> HttpResponse:
    today = timezone.localdate()
    calendar = selectors.display_calendar()
    can_edit = policy.can_edit_calendar(request.user)
    view = selectors.year_view(calendar, year, today=today)
    return render(
        request,
        "backoffice/calendar/year.html",
        {
            "nav_section": "calendar",
            "crumbs": _crumbs((_("%(year)s年") % {"year": year}, None)),
            "today": today,
            "view": view,
            "weekday_headers": selectors.WEEKDAY_HEADERS,
            "can_edit": can_edit,
            "can_enter_notice": can_edit and view.coverage != selectors.COVERAGE_PACKAGE,
            "override_form": override_form or (OverrideForm(initial={"kind": "off"}) if can_edit else None),
            "run": request.session.pop(_RUN_KEY, None),
            "open_provisional": policy.provisional_open_requests().get(year, 0) if view.provisional else 0,
        },
    )


@login_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    return _year_page(request, year)


@login_required
def calendar_notice(request: HttpRequest, year: int) -> HttpResponse:
    """Enter or replace the notice of ``year``."""
    _check_year(year)
    deny_unless(policy.can_edit_calendar(request.user), services.DENIED)
    notice = HolidayNotice.objects.filter(year=year).first()
    if request.method == "POST":
        form = NoticeForm(request.POST, year=year)
        if form.is_valid():
            try:
                summary = services.enter_notice(
                    actor=request.user,
                    year=year,
                    title=form.cleaned_data["title"],
                    document_number=form.cleaned_data["document_number"],
                    holidays=form.cleaned_data["holidays"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已保存%(year)s年节假日安排通知。") % {"year": year})
                _remember_run(request, summary)
                return redirect("backoffice:calendar_year", year=year)
    elif notice is not None:
        form = NoticeForm(
            year=year,
            initial={
                "title": notice.title,
                "document_number": notice.document_number,
                "holidays": "\n".join(services.notice_lines(notice)),
            },
        )
    else:
        form = NoticeForm(year=year)
    package_year = year in package_years()
    statutory = (
        [(day, WEEKDAYS_ZH[day.weekday()], name) for day, name in statutory_holidays(year).items()]
        if notice is None and not package_year
        else []
    )
    return render(
        request,
        "backoffice/calendar/notice_form.html",
        {
            "nav_section": "calendar",
            "crumbs": _crumbs(
                (_("%(year)s年") % {"year": year}, reverse("backoffice:calendar_year", args=[year])),
                (_("录入通知"), None),
            ),
            "year": year,
            "form": form,
            "notice": notice,
            "package_year": package_year,
            "statutory": statutory,
        },
    )


@login_required
@require_POST
def calendar_notice_delete(request: HttpRequest, year: int) -> HttpResponse:
    deny_unless(policy.can_edit_calendar(request.user), services.DENIED)
    notice = get_object_or_404(HolidayNotice, year=year)
    summary = services.delete_notice(actor=request.user, notice=notice)
    messages.success(
        request, _("已删除%(year)s年节假日安排通知，%(year)s年恢复为按法定节假日暂定推算。") % {"year": year}
    )
    _remember_run(request, summary)
    return redirect("backoffice:calendar_year", year=year)


@login_required
@require_POST
def calendar_override_add(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_edit_calendar(request.user), services.DENIED)
    form = OverrideForm(request.POST)
    page_year = (
        parse_int(request.POST.get("year", ""), minimum=1000, maximum=9999) or timezone.localdate().year
    )
    if form.is_valid():
        day = form.cleaned_data["day"]
        try:
            summary = services.add_override(
                actor=request.user, day=day, is_workday=form.is_workday, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            # The service names the choice "is_workday"; the form asks it as "kind".
            if hasattr(error, "error_dict") and "is_workday" in error.error_dict:
                error.error_dict["kind"] = error.error_dict.pop("is_workday")
            add_service_errors(form, error)
        else:
            kind = _("工作日") if form.is_workday else _("休息日")
            messages.success(
                request, _("已将%(day)s调整为%(kind)s。") % {"day": day.isoformat(), "kind": kind}
            )
            _remember_run(request, summary)
            return redirect("backoffice:calendar_year", year=day.year)
    if not services.FIRST_YEAR <= page_year <= services.LAST_YEAR:
        page_year = timezone.localdate().year
    return _year_page(request, page_year, override_form=form)


@login_required
@require_POST
def calendar_override_delete(request: HttpRequest, pk: int) -> HttpResponse:
    deny_unless(policy.can_edit_calendar(request.user), services.DENIED)
    override = get_object_or_404(CalendarOverride, pk=pk)
    day = override.date
    summary = services.remove_override(actor=request.user, override=override)
    messages.success(request, _("已删除%(day)s的日历调整。") % {"day": day.isoformat()})
    _remember_run(request, summary)
    return redirect("backoffice:calendar_year", year=day.year)
