"""操作日志 (issue 12 item 7; docs/SPEC.md §9): who did what, when, to which record — the audit log
searchable in the back office, not only by superusers through Django admin.

Scope: a supervisor sees the events of the bodies within their supervised region
(``orgs.policy.supervised_orgs``); a system administrator every event; nobody else has the screen.
Every filter narrows that scope and never widens it: a body outside the region given in the URL is
refused like any unknown body (400), and its events never show.

Filters: the person (username or name), the action (labelled by the app that records it,
``core.registry.audit_label``), the body (with or without the bodies below it), a date range and
free text (the record, the action, the reason). Pages are read without counting the table: a page
fetches one row more than it shows to know whether a next page exists. Exported as XLSX (at most
``EXPORT_MAX`` rows, the newest).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.views.common import deny_unless
from gongkai.core.registry import audit_data_label, audit_data_value, audit_label, audit_labels
from gongkai.core.tabular import Sheet, write_workbook
from gongkai.orgs import policy
from gongkai.orgs.models import Organization

PAGE_SIZE = 50
MAX_PAGE = 2000
EXPORT_MAX = 10_000
#: Data values not worth a line of the details.
EMPTY: tuple[Any, ...] = ("", None, [], {})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The back-office page of a record, by its model (``AuditEvent.target_type``): a URL name taking
#: the record's id. A record without a page here is shown without a link.
RECORD_PAGES = {
    "disclosure.item": "item",
    "foi.inforequest": "request_detail",
    "opinions.consultation": "opinions_detail",
    "interaction.message": "message_detail",
    "reports.annualreport": "report",
    "govinfo.submission": "govinfo_submission",
    "govinfo.commission": "govinfo_commission",
    "govinfo.issue": "govinfo_issue",
    "govinfo.bulletin": "govinfo_bulletin",
    "govinfo.instruction": "govinfo_instruction",
    "assessment.survey": "assessment_survey",
    "assessment.round": "assessment_round",
    "assessment.bulletin": "assessment_bulletin",
    "assessment.criticism": "assessment_criticism",
}


def can_search(user: Any) -> bool:
    """Does the audit log screen serve ``user``: a system administrator or a supervisor."""
    if not getattr(user, "is_authenticated", False):
        return False
    return policy.is_system_admin(user) or policy.supervised_orgs(user).exists()


def scope_orgs(user: Any) -> QuerySet[Organization]:
    if policy.is_system_admin(user):
        return Organization.objects.all()
    return policy.supervised_orgs(user)


def scoped_events(user: Any) -> QuerySet[AuditEvent]:
    """The events ``user`` may read: all for a system administrator, else those of the bodies of the
    supervised region (an event of no body is the installation's, for administrators only)."""
    if policy.is_system_admin(user):
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(organization__in=policy.supervised_orgs(user).values("pk"))


class LogFilterForm(forms.Form):
    person = forms.CharField(label=gettext_lazy("操作人"), required=False, max_length=60)
    action = forms.ChoiceField(
        label=gettext_lazy("操作"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("所选操作不存在，请重新选择。")},
    )
    org: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=gettext_lazy("机构"),
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("所选机构不存在或不在您的查看范围内，请重新选择。")},
    )
    below = forms.BooleanField(label=gettext_lazy("含下级机构"), required=False)
    start = forms.DateField(
        label=gettext_lazy("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("起始日期格式不正确，请按“2026-01-31”的格式填写。")},
    )
    end = forms.DateField(
        label=gettext_lazy("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("截止日期格式不正确，请按“2026-01-31”的格式填写。")},
    )
    q = forms.CharField(label=gettext_lazy("关键词"), required=False, max_length=100)
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": gettext_lazy("页码不正确。"),
            "min_value": gettext_lazy("页码不正确。"),
            "max_value": gettext_lazy("页码过大，请缩小查询范围。"),
        },
    )

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        org = self.fields["org"]
        assert isinstance(org, forms.ModelChoiceField)
        org.queryset = scope_orgs(user).order_by("path", "position", "name")
        org.empty_label = _("全部（我可以查看的全部机构）")
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        labels = sorted(audit_labels().items(), key=lambda kv: (kv[1], kv[0]))
        action.choices = [("", _("全部操作")), *((a, f"{label}（{a}）") for a, label in labels)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data


def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def filtered(form: LogFilterForm, user: Any) -> QuerySet[AuditEvent]:
    data = form.cleaned_data
    events = scoped_events(user)
    if data.get("person"):
        person = data["person"].strip()
        events = events.filter(Q(actor__username__iexact=person) | Q(actor__full_name__icontains=person))
    if data.get("action"):
        events = events.filter(action=data["action"])
    org: Organization | None = data.get("org")
    if org is not None:
        if data.get("below"):
            events = events.filter(organization__path__startswith=org.path)
        else:
            events = events.filter(organization=org)
    if data.get("start"):
        events = events.filter(at__gte=_local_start(data["start"]))
    if data.get("end"):
        events = events.filter(at__lt=_local_start(data["end"] + dt.timedelta(days=1)))
    if data.get("q"):
        q = data["q"].strip()
        events = events.filter(Q(target_label__icontains=q) | Q(reason__icontains=q) | Q(action__icontains=q))
    return events.select_related("actor", "organization").order_by("-at", "-id")


def record_url(event: AuditEvent) -> str:
    name = RECORD_PAGES.get(event.target_type)
    if not name or not event.target_id.isdigit():
        return ""
    try:
        return reverse(f"backoffice:{name}", args=[int(event.target_id)])
    except NoReverseMatch:
        return ""


def _pair(action: str, key: str, value: Any) -> str:
    return _("%(key)s：%(value)s") % {
        "key": audit_data_label(action, key),
        "value": _value(action, value, key),
    }


def _value(action: str, value: Any, key: str = "") -> str:
    """One value of an event's data in words: a code by the label its app gives (``key``'s values),
    yes/no, a list joined by 、 (its items that are data keys, such as the fields a change touched, or
    codes, by their labels), a mapping as its labelled pairs."""
    if isinstance(value, str):
        return audit_data_value(action, key, value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict):
        return _("，").join(_pair(action, str(k), v) for k, v in value.items() if v not in EMPTY)
    if isinstance(value, list):
        return _("、").join(
            _("（%(value)s）") % {"value": _value(action, v)}
            if isinstance(v, dict)
            else audit_data_label(action, audit_data_value(action, key, v))
            if isinstance(v, str)
            else _value(action, v)
            for v in value
        )
    return str(value)


def details(event: AuditEvent) -> str:
    """An event's data in words, its keys named by the labels the apps register
    (``core.registry.audit_data_label``), in the reader's language; at most 300 characters."""
    data = event.data or {}
    return _("；").join(
        _pair(event.action, k, v) for k, v in data.items() if k != "actor" and v not in EMPTY
    )[:300]


def _rows(events: list[AuditEvent]) -> list[dict[str, Any]]:
    return [
        {"event": e, "label": audit_label(e.action), "url": record_url(e), "details": details(e)}
        for e in events
    ]


def _form(request: HttpRequest) -> LogFilterForm:
    return LogFilterForm(request.GET, user=request.user)


@login_required
def log(request: HttpRequest) -> HttpResponse:
    deny_unless(can_search(request.user), _("只有监督人员和系统管理员可以查看操作日志。"))
    form = _form(request)
    context: dict[str, Any] = {"form": form, "nav_section": "audit_log", "rows": None}
    if not form.is_valid():
        return render(request, "backoffice/audit/log.html", context, status=400)
    page = form.cleaned_data.get("page") or 1
    start = (page - 1) * PAGE_SIZE
    events = list(filtered(form, request.user)[start : start + PAGE_SIZE + 1])
    context.update(
        {
            "rows": _rows(events[:PAGE_SIZE]),
            "page": page,
            "has_next": len(events) > PAGE_SIZE,
            "first": start + 1,
            "all_events": policy.is_system_admin(request.user),
        }
    )
    return render(request, "backoffice/audit/log.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    deny_unless(can_search(request.user), _("只有监督人员和系统管理员可以查看操作日志。"))
    form = _form(request)
    if not form.is_valid():
        return render(
            request, "backoffice/audit/log.html", {"form": form, "nav_section": "audit_log"}, status=400
        )
    events = list(filtered(form, request.user)[: EXPORT_MAX + 1])
    capped = len(events) > EXPORT_MAX
    heading = _("操作日志（按时间倒序）")
    if capped:
        heading += _("，仅含最近%(n)d条，请缩小查询范围") % {"n": EXPORT_MAX}
    rows = [
        [
            timezone.localtime(r["event"].at).strftime("%Y-%m-%d %H:%M:%S"),
            r["event"].actor_display,
            r["label"],
            r["event"].action,
            r["event"].organization.name if r["event"].organization else "",
            r["event"].target_label,
            r["event"].reason,
            r["details"],
        ]
        for r in _rows(events[:EXPORT_MAX])
    ]
    sheet = Sheet(
        _("操作日志"),
        heading,
        [_("时间"), _("操作人"), _("操作"), _("操作代码"), _("机构"), _("对象"), _("理由"), _("详情")],
        rows,
    )
    response = HttpResponse(write_workbook([sheet], first_column_width=20), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="audit-log.xlsx"'
    return response
