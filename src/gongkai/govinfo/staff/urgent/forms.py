"""Forms of the urgent-report screens (紧急信息). The times a person types are the event's
(occurred, learned); every step's time is the server's and has no field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.govinfo.models import Channel, ReportKind, Severity
from gongkai.orgs.models import Organization

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_LOCAL_INPUT = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


def _moment(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        input_formats=_LOCAL_INPUT,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": gettext("请填写%(label)s。") % {"label": label},
            "invalid": gettext("%(label)s格式不正确，例如 2026-03-01 08:30。") % {"label": label},
        },
    )


class EventForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("报告单位"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("请选择报告单位。"), "invalid_choice": _("请选择您担任信息员的单位。")},
    )
    title = forms.CharField(
        label=_("事件名称"), max_length=200, error_messages={"required": _("请填写事件名称。")}
    )
    severity = forms.ChoiceField(
        label=_("事件等级"), choices=Severity.choices, error_messages={"invalid_choice": _("事件等级无效。")}
    )
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    occurred_at = _moment(_("发生时间"))
    learned_at = _moment(_("获知时间"), _("报告时限从获知时起算；平台另行记录登记的时间。"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"), choices=ReportKind.choices, error_messages={"invalid_choice": _("报告类别无效。")}
    )
    channel = forms.ChoiceField(
        label=_("方式"),
        choices=Channel.choices,
        initial=Channel.WRITTEN,
        help_text=_("电话报告记录已电话报告的内容，不需签发；日报、终报均为书面报告。"),
        error_messages={"invalid_choice": _("报告方式无效。")},
    )
    text = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("请填写报告内容。")},
    )


class PenaltyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[("late", _("迟报")), ("missed", _("漏报")), ("concealed", _("瞒报"))],
        error_messages={"invalid_choice": _("扣分类别无效。")},
    )
    report = forms.IntegerField(required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput)
    flag = forms.IntegerField(required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("事由"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
