"""Forms of 预警与通报批评."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.assessment import overruns
from gongkai.orgs.models import Organization


class FilterForm(forms.Form):
    authority = forms.ModelChoiceField(
        label=_("主管部门"), queryset=Organization.objects.none(), required=False, empty_label=None
    )
    on = forms.DateField(
        label=_("统计期所含日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=_("超限类别"), required=False)

    def __init__(self, *args: Any, authorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = authorities
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [
            ("", _("全部计入的类别")),
            *((code, label) for code, (_s, label) in overruns.KINDS.items()),
        ]


class PolicyForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("计入的超限"),
        choices=[(code, label) for code, (_s, label) in overruns.KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    period = forms.ChoiceField(
        label=_("统计周期"), choices=[("month", _("月")), ("quarter", _("季度")), ("year", _("年度"))]
    )
    remind_at = forms.IntegerField(label=_("提醒起点（次）"), min_value=1, max_value=99)
    threshold = forms.IntegerField(label=_("通报批评起点（次）"), min_value=1, max_value=99)


class TextForm(forms.Form):
    text = forms.CharField(label=_("通报正文"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)


class IssueForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    number = forms.CharField(label=_("文号"), max_length=60, required=False, help_text=_("不填则自动编号"))


class DismissForm(forms.Form):
    decision_reason = forms.CharField(
        label=_("不予通报的理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500)


def today_or(value: dt.date | None) -> dt.date:
    from django.utils import timezone

    return value or timezone.localdate()
