"""Back-office pages of urgent reports (紧急信息, docs/SPEC.md §8).

* ``govinfo_urgent`` — the events a person may read (a unit's own; an office's units'), late and
  missing reports in red; ``?work=due|receive|read`` opens exactly what 我的工作 counts;
* ``govinfo_urgent_new`` — register an event (信息员);
* ``govinfo_urgent_event`` — the event: expected reports with due times, the reports with every
  server stamp, the flags, and the event's log entries with their hashes and the chain's verdict;
* ``govinfo_urgent_report_new`` — write a 初报 / 续报 / 日报 / 终报;
* ``govinfo_urgent_sign`` / ``_send`` / ``_receive`` / ``_read`` — the steps (POST);
* ``govinfo_urgent_penalty`` — the office turns a late or missing report into a penalty (POST).

Every change goes through ``gongkai.govinfo.services.urgent``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.govinfo.models import EventState, PenaltyKind, UrgentEvent, UrgentReport
from gongkai.govinfo.models.urgent import UrgentFlag
from gongkai.govinfo.services import urgent as services
from gongkai.govinfo.staff.urgent.forms import EventForm, PenaltyForm, ReportForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

WORK_FILTERS = {
    "due": gettext_lazy("待报送"),
    "receive": gettext_lazy("待签收"),
    "read": gettext_lazy("待阅知"),
}


def _crumbs(*more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("紧急信息"), reverse("backoffice:govinfo_urgent")), *more]


def _event_or_404(user: Any, pk: int) -> UrgentEvent:
    qs = services.visible_events(user).select_related("organization", "office", "created_by")
    return get_object_or_404(qs, pk=pk)


def _report_or_404(user: Any, pk: int) -> UrgentReport:
    event_ids = services.visible_events(user).values("pk")
    qs = UrgentReport.objects.filter(event_id__in=event_ids).select_related("event", "event__organization")
    return get_object_or_404(qs, pk=pk)


def _message(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def _event_flags(event: UrgentEvent, now: Any, deadlines: Any) -> dict[str, bool]:
    reports = list(event.reports.all())
    slots = services.expected_slots(event, now, deadlines=deadlines)
    return {
        "late": any(r.is_late for r in reports),
        "missing": any(not s.sent and now > s.due_at for s in slots),
        "registered_late": services.registered_late(event),
    }


# -- list and new ------------------------------------------------------------------------------------


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(services.can_open(user), _("您没有紧急信息的权限。"))
    now = timezone.now()
    work = request.GET.get("work", "")
    qs = services.visible_events(user).select_related("organization", "office")
    if work == "due":
        qs = qs.filter(pk__in=services.pks(services.due_events(user, now)))
    elif work == "receive":
        qs = qs.filter(pk__in=services.events_to_receive(user).values("pk"))
    elif work == "read":
        qs = qs.filter(pk__in=services.events_to_read(user).values("pk"))
    elif work:
        work = ""
    events = list(qs.prefetch_related("reports").order_by("-learned_at", "-pk")[:200])
    deadlines = services.deadline_table()
    rows = [{"event": e, **_event_flags(e, now, deadlines)} for e in events]
    return render(
        request,
        "backoffice/govinfo/urgent/list.html",
        {
            "rows": rows,
            "work": work,
            "work_filters": WORK_FILTERS,
            "can_register": services.writing_units(user).exists(),
            "crumbs": _crumbs(),
        },
    )


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = services.writing_units(user)
    deny_unless(units.exists(), _("只有单位信息员可以登记突发事件。"))
    form = EventForm(request.POST or None, units=units, initial={"organization": units.first()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.create_event(
                actor=user,
                organization=data["organization"],
                title=data["title"],
                severity=data["severity"],
                place=data["place"],
                occurred_at=data["occurred_at"],
                learned_at=data["learned_at"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记突发事件，请立即报送初报。"))
            return redirect("backoffice:govinfo_urgent_event", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/govinfo/urgent/new.html",
        {"form": form, "crumbs": _crumbs((_("登记突发事件"), None))},
        status=status,
    )


# -- the event ---------------------------------------------------------------------------------------


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = _event_or_404(user, pk)
    now = timezone.now()
    reports = list(
        event.reports.select_related(
            "created_by", "signed_by", "sent_by", "received_by", "read_by", "penalty"
        )
    )
    slots = services.expected_slots(event, now)
    entries, verdict = services.event_log(event)
    can_penalize = services.can_penalize(user, event)
    flags = list(event.flags.select_related("report", "penalty"))
    return render(
        request,
        "backoffice/govinfo/urgent/event.html",
        {
            "event": event,
            "reports": reports,
            "slots": [
                {"slot": s, "late": s.late_at(now), "overdue": not s.sent and now > s.due_at} for s in slots
            ],
            "flags": flags,
            "entries": [
                {"entry": e, "label": services.ACTION_LABELS.get(e.action, e.action)} for e in entries
            ],
            "verdict": verdict,
            "registration_delay": services.registration_delay(event),
            "registered_late": services.registered_late(event),
            "can_report": services.can_report(user, event) and event.state == EventState.OPEN,
            "can_sign": services.can_sign(user, event),
            "can_send": services.can_send(user, event),
            "can_receive": services.can_receive(user, event),
            "can_read": services.can_read(user, event),
            "can_penalize": can_penalize,
            "penalty_form": PenaltyForm() if can_penalize else None,
            "crumbs": _crumbs((event.title, None)),
        },
    )


@login_required
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = _event_or_404(user, pk)
    deny_unless(services.can_report(user, event), _("只有本单位信息员可以撰写紧急信息报告。"))
    initial = {"kind": request.GET.get("kind", "first")}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_report(
                actor=user, event=event, kind=data["kind"], channel=data["channel"], text=data["text"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("报告已保存。书面报告请签发人签发后报出。"))
            return redirect("backoffice:govinfo_urgent_event", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/govinfo/urgent/report_new.html",
        {
            "event": event,
            "form": form,
            "crumbs": _crumbs(
                (event.title, reverse("backoffice:govinfo_urgent_event", args=[event.pk])),
                (_("撰写报告"), None),
            ),
        },
        status=status,
    )


def _step(
    service: Callable[..., UrgentReport], done: StrOrPromise
) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        report = _report_or_404(request.user, pk)
        try:
            service(actor=request.user, report=report)
        except ValidationError as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, done)
        return redirect("backoffice:govinfo_urgent_event", pk=report.event_id)

    return view


report_sign = _step(services.sign_report, gettext_lazy("已签发。"))
report_send = _step(services.send_report, gettext_lazy("已报出，报出时间以服务器时间为准。"))
report_receive = _step(services.receive_report, gettext_lazy("已签收。"))
report_read = _step(services.read_report, gettext_lazy("已阅知。"))


@login_required
@require_POST
def penalty_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = _event_or_404(user, pk)
    deny_unless(services.can_penalize(user, event), _("只有上级办公室的信息科编辑可以据此扣分。"))
    form = PenaltyForm(request.POST)
    back = redirect("backoffice:govinfo_urgent_event", pk=event.pk)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return back
    data = form.cleaned_data
    report = flag = None
    if data["report"]:
        report = UrgentReport.objects.filter(event=event, pk=data["report"]).first()
        if report is None:
            messages.error(request, "该报告不属于本事件。")
            return back
    if data["flag"]:
        flag = UrgentFlag.objects.filter(event=event, pk=data["flag"]).first()
        if flag is None:
            messages.error(request, "该记录不属于本事件。")
            return back
    try:
        penalty = services.record_penalty(
            actor=user, event=event, kind=data["kind"], report=report, flag=flag, reason=data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, _message(exc))
    else:
        label = PenaltyKind(penalty.kind).label
        messages.success(
            request,
            _("已按%(label)s记录扣分 %(points)s 分。")
            % {"label": label, "points": format(Decimal(penalty.points).normalize(), "f")},
        )
    return back
