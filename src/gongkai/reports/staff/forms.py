"""Forms of the annual report's back-office pages (``reports/staff/views/reports.py``): the editor
(six sections, the entered figures of 表二 with their sources), the review comment, and the year of a
new report; and the choice of body and year of 统计分析 (``reports/staff/views/statistics.py``). They
only check the shape of the input; the rules live in ``reports.services``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Field
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.backoffice.richtext import RichTextWidget
from gongkai.orgs.models import Organization
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.statistics import FIRST_YEAR as STATISTICS_FIRST_YEAR

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _label(name: str) -> Any:
    field = AnnualReport._meta.get_field(name)
    assert isinstance(field, Field)
    return field.verbose_name


_COUNT_ERRORS = {
    "invalid": gettext_lazy("请填写不小于0的整数"),
    "min_value": gettext_lazy("请填写不小于0的整数"),
    "max_value": gettext_lazy("数字过大，请核对"),
}
_AMOUNT_ERRORS = {
    "invalid": gettext_lazy("请填写金额（万元），如 12.5"),
    "min_value": gettext_lazy("金额不能为负数"),
    "max_digits": gettext_lazy("金额过大，请核对"),
    "max_decimal_places": gettext_lazy("金额最多保留4位小数（单位：万元）"),
    "max_whole_digits": gettext_lazy("金额过大，请核对"),
}
#: The label of each section's text box (the section's title is the legend around it).
SECTION_LABEL = gettext_lazy("本年度报告正文")
_SOURCE_HELP = gettext_lazy("填写不为0时必须注明，如：本机关行政审批系统统计、财务决算报表")


def _narrative(rows: int) -> RichTextWidget:
    """A section's text box: the rich-text editor (without headings: the section's title is fixed);
    without JavaScript a textarea taking plain text, one paragraph a line, or HTML."""
    return RichTextWidget(attrs={"rows": rows}, toolbar="narrative")


def _decision_count(label: StrOrPromise, article: StrOrPromise) -> forms.IntegerField:
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

    licensing_decisions = _decision_count(
        gettext_lazy("行政许可 本年处理决定数量（件）"), gettext_lazy("第二十条第（五）项")
    )
    licensing_source = forms.CharField(
        label=_label("licensing_source"), required=False, max_length=200, help_text=_SOURCE_HELP
    )
    penalty_decisions = _decision_count(
        gettext_lazy("行政处罚 本年处理决定数量（件）"), gettext_lazy("第二十条第（六）项")
    )
    penalty_source = forms.CharField(
        label=_label("penalty_source"), required=False, max_length=200, help_text=_SOURCE_HELP
    )
    coercion_decisions = _decision_count(
        gettext_lazy("行政强制 本年处理决定数量（件）"), gettext_lazy("第二十条第（六）项")
    )
    coercion_source = forms.CharField(
        label=_label("coercion_source"), required=False, max_length=200, help_text=_SOURCE_HELP
    )
    fee_income = forms.DecimalField(
        label=gettext_lazy("行政事业性收费 本年收费金额（万元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=4,
        error_messages=_AMOUNT_ERRORS,
        help_text=gettext_lazy("第二十条第（八）项；单位：万元"),
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
        label=gettext_lazy("审核意见"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("退回时必须填写，说明需要修改的内容"),
    )


class StartForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=services.FIRST_YEAR,
        error_messages={
            "invalid": gettext_lazy("请填写年份，如 2025"),
            "min_value": gettext_lazy("年度不能早于%(first_year)s年") % {"first_year": services.FIRST_YEAR},
        },
    )


class StatisticsForm(forms.Form):
    org = forms.ModelChoiceField(
        label=gettext_lazy("机构"),
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("所选机构不存在或不在您的查看范围内，请重新选择。")},
    )
    year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int)

    def __init__(self, data: dict[str, Any], *, organizations: Any, this_year: int) -> None:
        super().__init__(data)
        org = self.fields["org"]
        assert isinstance(org, forms.ModelChoiceField)
        org.queryset = organizations.order_by("path", "position", "name")
        org.empty_label = _("全部（我可以查看的全部机构）")
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, _("%(y)s年") % {"y": y}) for y in range(this_year, STATISTICS_FIRST_YEAR - 1, -1)]
        year.error_messages["invalid_choice"] = _(
            "请选择%(statistics_first_year)s年至%(this_year)s年之间的年度。"
        ) % {"statistics_first_year": STATISTICS_FIRST_YEAR, "this_year": this_year}
