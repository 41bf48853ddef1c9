"""Forms of the scoring screens (排名通报, docs/SPEC.md §8)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.govinfo import points as kernel
from gongkai.govinfo.models import PenaltyKind, PeriodKind, PointsRuleSet
from gongkai.orgs.models import Organization


class PeriodForm(forms.Form):
    """Which office, which period (month, quarter, year containing ``date``), under which rules."""

    office = forms.ModelChoiceField(
        label=gettext_lazy("办公室"), queryset=Organization.objects.none(), empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("无权查看所选办公室的排名。")},
    )  # fmt: skip
    period = forms.ChoiceField(
        label=gettext_lazy("周期"), choices=PeriodKind.choices, initial=PeriodKind.MONTH
    )
    date = forms.DateField(
        label=gettext_lazy("日期"),
        help_text=gettext_lazy("统计该日期所在的月份、季度或年度"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rules = forms.ModelChoiceField(
        label=gettext_lazy("计分规则"), queryset=PointsRuleSet.objects.all(), required=False,
        empty_label=gettext_lazy("期末生效的规则（默认）"),
        error_messages={"invalid_choice": gettext_lazy("所选计分规则不存在。")},
    )  # fmt: skip

    def __init__(self, *args: Any, offices: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in offices]).order_by("path")

    def clean_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["date"]
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("请填写2000年至2100年之间的日期。"))
        return value


class BulletinForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    number = forms.CharField(
        label=gettext_lazy("文号"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("例如：测政办通〔2026〕12号；印发前必须填写"),
    )
    foreword = forms.CharField(
        label=gettext_lazy("导语"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class RuleSetForm(forms.Form):
    """A new version of the points rules; ``rules`` is the JSON checked whole by the kernel."""

    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    effective_from = forms.DateField(
        label=gettext_lazy("生效日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source_document = forms.CharField(label=gettext_lazy("依据文件"), max_length=300)
    rules = forms.CharField(
        label=gettext_lazy("计分规则（JSON）"), widget=forms.Textarea(attrs={"rows": 24, "class": "code"}),
        help_text=gettext_lazy("采用计分按刊物层级（county/city/province/national）和类别（general/internet/daily/special/brief）；"
        "转报倍数、批示加分、扣分范围、约稿清零次数、月度任务档次、每周最少条数、年终考核标准。"),
    )  # fmt: skip

    def clean_rules(self) -> Any:
        raw = self.cleaned_data["rules"]
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("JSON 格式有误（第%(lineno)s行第%(colno)s列）：请检查逗号、引号和括号。")
                % {"lineno": exc.lineno, "colno": exc.colno}
            ) from exc
        try:
            kernel.parse_rules(data)
        except kernel.RuleSetError as exc:
            raise forms.ValidationError(exc.errors) from exc
        return data


class PenaltyForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("单位"),
        queryset=Organization.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("该单位不向本办公室报送信息。")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=PenaltyKind.choices)
    points = forms.DecimalField(
        label=gettext_lazy("扣分"),
        max_digits=7,
        decimal_places=2,
        help_text=gettext_lazy("负数，须在规则范围内（迟报 −100，漏报/瞒报 −200，信息失实 −50至−100）"),
    )
    on = forms.DateField(label=gettext_lazy("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    notice = forms.CharField(label=gettext_lazy("依据（通报文号）"), max_length=200, required=False)
    reason = forms.CharField(label=gettext_lazy("事由"), widget=forms.Textarea(attrs={"rows": 3}))
    submission = forms.IntegerField(
        label=gettext_lazy("相关稿件编号（ID，可选）"), required=False, min_value=1, max_value=2**31 - 1
    )
    event = forms.IntegerField(
        label=gettext_lazy("相关突发事件编号（ID，可选）"), required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args: Any, units: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[u.pk for u in units]).order_by("path")

    def clean_points(self) -> Decimal:
        value: Decimal = self.cleaned_data["points"]
        if value >= 0:
            raise forms.ValidationError(_("扣分应为负数。"))
        return value
