"""Forms of the annual report's back-office pages (``reports/staff/views/reports.py``): the editor
(six sections, the entered figures of 表二 with their sources), the review comment, and the year of a
new report; and the choice of body and year of 统计分析 (``reports/staff/views/statistics.py``). They
only check the shape of the input; the rules live in ``reports.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Field

from gongkai.backoffice.richtext import RichTextWidget
from gongkai.orgs.models import Organization
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.statistics import FIRST_YEAR as STATISTICS_FIRST_YEAR


def _label(name: str) -> Any:
    field = AnnualReport._meta.get_field(name)
    assert isinstance(field, Field)
    return field.verbose_name


_COUNT_ERRORS = {
    "invalid": "请填写不小于0的整数",
    "min_value": "请填写不小于0的整数",
    "max_value": "数字过大，请核对",
}
_AMOUNT_ERRORS = {
    "invalid": "请填写金额（万元），如 12.5",
    "min_value": "金额不能为负数",
    "max_digits": "金额过大，请核对",
    "max_decimal_places": "金额最多保留4位小数（单位：万元）",
    "max_whole_digits": "金额过大，请核对",
}
#: The label of each section's text box (the section's title is the legend around it).
SECTION_LABEL = "本年度报告正文"
_SOURCE_HELP = "填写不为0时必须注明，如：本机关行政审批系统统计、财务决算报表"


def _narrative(rows: int) -> RichTextWidget:
    """A section's text box: the rich-text editor (without headings: the section's title is fixed);
    without JavaScript a textarea taking plain text, one paragraph a line, or HTML."""
    return RichTextWidget(attrs={"rows": rows}, toolbar="narrative")


def _decision_count(label: str, article: str) -> forms.IntegerField:
    """An entered 表二 count (本年处理决定数量): a whole number, not negative."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        error_messages=_COUNT_ERRORS,
        help_text=article,
    )


class ReportForm(forms.Form):
    """The editable parts of a report: the six sections and the entered figures of 表二."""

    section_1 = forms.CharField(label=SECTION_LABEL, required=False, widget=_narrative(10))
    section_2 = forms.CharField(label=SECTION_LABEL, required=False, widget=_narrative(8))
    section_3 = forms.CharField(label=SECTION_LABEL, required=False, widget=_narrative(8))
    section_4 = forms.CharField(label=SECTION_LABEL, required=False, widget=_narrative(6))
    section_5 = forms.CharField(label=SECTION_LABEL, required=False, widget=_narrative(8))
    section_6 = forms.CharField(label=SECTION_LABEL, required=False, widget=_narrative(6))

    licensing_decisions = _decision_count("行政许可 本年处理决定数量（件）", "第二十条第（五）项")
    licensing_source = forms.CharField(
        label=_label("licensing_source"), required=False, max_length=200, help_text=_SOURCE_HELP
    )
    penalty_decisions = _decision_count("行政处罚 本年处理决定数量（件）", "第二十条第（六）项")
    penalty_source = forms.CharField(
        label=_label("penalty_source"), required=False, max_length=200, help_text=_SOURCE_HELP
    )
    coercion_decisions = _decision_count("行政强制 本年处理决定数量（件）", "第二十条第（六）项")
    coercion_source = forms.CharField(
        label=_label("coercion_source"), required=False, max_length=200, help_text=_SOURCE_HELP
    )
    fee_income = forms.DecimalField(
        label="行政事业性收费 本年收费金额（万元）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=4,
        error_messages=_AMOUNT_ERRORS,
        help_text="第二十条第（八）项；单位：万元",
    )
    fee_income_source = forms.CharField(
        label=_label("fee_income_source"), required=False, max_length=200, help_text=_SOURCE_HELP
    )

    def entered_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[field], self[source]) for field, source, _ in services.ENTERED_FIGURES]


def initial_data(report: AnnualReport) -> dict[str, Any]:
    return {name: getattr(report, name) for name in services.EDITABLE_FIELDS}


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="审核意见",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回时必须填写，说明需要修改的内容",
    )


class StartForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=services.FIRST_YEAR,
        error_messages={
            "invalid": "请填写年份，如 2025",
            "min_value": f"年度不能早于{services.FIRST_YEAR}年",
        },
    )


class StatisticsForm(forms.Form):
    org = forms.ModelChoiceField(
        label="机构",
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": "所选机构不存在或不在您的查看范围内，请重新选择。"},
    )
    year = forms.TypedChoiceField(label="年度", coerce=int)

    def __init__(self, data: dict[str, Any], *, organizations: Any, this_year: int) -> None:
        super().__init__(data)
        org = self.fields["org"]
        assert isinstance(org, forms.ModelChoiceField)
        org.queryset = organizations.order_by("path", "position", "name")
        org.empty_label = "全部（我可以查看的全部机构）"
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, f"{y}年") for y in range(this_year, STATISTICS_FIRST_YEAR - 1, -1)]
        year.error_messages["invalid_choice"] = f"请选择{STATISTICS_FIRST_YEAR}年至{this_year}年之间的年度。"
