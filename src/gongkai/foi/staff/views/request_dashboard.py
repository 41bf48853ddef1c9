"""Back-office views: the requests dashboard (依申请公开办理情况, docs/SPEC.md §4.3) and each body's
request-handling settings (routes in ``urlpatterns``, mounted by ``gongkai.foi.staff.urls``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.backoffice.views.common import add_service_errors, deny_unless, readable_org_or_404
from gongkai.foi import deflection, policy
from gongkai.foi.models import RequestSettings, Routing
from gongkai.foi.selectors import dashboard
from gongkai.foi.services import letters
from gongkai.foi.services.clock import local_today
from gongkai.foi.services.request_settings import (
    DUE_SOON_ERROR,
    LEAD_ERROR,
    MAX_DUE_SOON_DAYS,
    MAX_INTERNAL_LEAD_DAYS,
    SETTINGS_FIELDS,
    settings_for,
    update_request_settings,
)
from gongkai.orgs.models import Organization


def _label(name: str) -> Any:
    field = RequestSettings._meta.get_field(name)
    assert isinstance(field, Field)
    return field.verbose_name


class RequestSettingsForm(forms.Form):
    routing = forms.ChoiceField(
        label=_label("routing"),
        choices=Routing.choices,
        widget=forms.RadioSelect,
        help_text=_("两种依申请公开办理模式（接办分离模式下，承办部门的拟答复须经公开办审核后由窗口送达）"),
    )
    internal_lead_days = forms.IntegerField(
        label=_label("internal_lead_days"),
        min_value=0,
        max_value=MAX_INTERNAL_LEAD_DAYS,
        error_messages={"min_value": LEAD_ERROR, "max_value": LEAD_ERROR, "invalid": LEAD_ERROR},
        help_text=_(
            "承办部门的内部办理期限比法定答复期限（20个工作日，第三十三条第一款）提前的工作日数；"
            "修改后，本机关未办结申请的内部办理期限随即重新计算"
        ),
    )
    due_soon_days = forms.IntegerField(
        label=_label("due_soon_days"),
        min_value=0,
        max_value=MAX_DUE_SOON_DAYS,
        error_messages={"min_value": DUE_SOON_ERROR, "max_value": DUE_SOON_ERROR, "invalid": DUE_SOON_ERROR},
        help_text=_("距答复期限不超过该工作日数的申请列为“临期”，并每日提醒承办人和公开办"),
    )
    review_body = forms.CharField(
        label=_label("review_body"),
        max_length=120,
        required=False,
        help_text=_("答复告知书中告知申请人可以申请行政复议的机关，如：测试市人民政府"),
    )
    court = forms.CharField(
        label=_label("court"),
        max_length=120,
        required=False,
        help_text=_("答复告知书中告知申请人可以提起行政诉讼的人民法院，如：测试市某某区人民法院"),
    )
    letter_prefix = forms.CharField(
        label=_label("letter_prefix"),
        max_length=40,
        required=False,
        help_text=_("如：宿教依复，生成“宿教依复〔2026〕3号”"),
    )


def _show_letter_defaults(
    form: RequestSettingsForm, organization: Organization, current: RequestSettings
) -> None:
    """For each letter field left blank, say what the letters use instead (foi.services.letters)."""
    defaults = {
        "review_body": letters.review_body_for,
        "court": letters.court_for,
        "letter_prefix": letters.letter_prefix,
    }
    for name, default_for in defaults.items():
        if getattr(current, name):
            continue
        value = default_for(organization)
        field = form.fields[name]
        field.widget.attrs["placeholder"] = value
        field.help_text = gettext("%(help_text)s。不填则告知书使用：%(value)s") % {
            "help_text": field.help_text,
            "value": value,
        }


@login_required
def request_dashboard(request: HttpRequest) -> HttpResponse:
    today = local_today()
    data = dashboard(request.user, today)
    # Request deflection this month over the bodies of the table (第三十六条第（一）项).
    figures = deflection.monthly_figures(
        today.year,
        today.month,
        org_ids=[row.organization.pk for row in data.rows if row.organization is not None],
    )
    return render(
        request,
        "backoffice/requests/dashboard.html",
        {
            "dashboard": data,
            "deflection": deflection.total(figures),
            "deflection_month": today,
            "nav_section": "request_dashboard",
        },
    )


@login_required
def request_settings(request: HttpRequest, org_pk: int) -> HttpResponse:
    organization = readable_org_or_404(request.user, org_pk)
    deny_unless(
        policy.can_configure(request.user, organization),
        gettext("只有本机关的机构管理员或政府信息公开工作机构负责人可以修改依申请公开办理设置。"),
    )
    current = settings_for(organization)
    form = RequestSettingsForm(
        request.POST or None, initial={name: getattr(current, name) for name in SETTINGS_FIELDS}
    )
    _show_letter_defaults(form, organization, current)
    if request.method == "POST" and form.is_valid():
        try:
            update_request_settings(
                organization,
                actor=request.user,
                fields={name: form.cleaned_data[name] for name in SETTINGS_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, gettext("%(name)s的依申请公开办理设置已保存。") % {"name": organization.name}
            )
            return redirect("backoffice:request_dashboard")
    return render(
        request,
        "backoffice/requests/settings.html",
        {
            "organization": organization,
            "form": form,
            "saved": current.pk is not None,
            "crumbs": [
                (gettext("依申请公开办理情况"), reverse("backoffice:request_dashboard")),
                (organization.name, None),
                (gettext("办理设置"), None),
            ],
            "nav_section": "request_dashboard",
        },
    )


urlpatterns: list[URLPattern] = [
    path("requests/dashboard/", request_dashboard, name="request_dashboard"),
    path("requests/settings/<id:org_pk>/", request_settings, name="request_settings"),
]
