"""Forms of the calendar screen. They shape input for :mod:`gongkai.workdays.services`; they save nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.workdays.notice_text import NoticeHoliday, NoticeTextError, default_title, parse_notice_text
from gongkai.workdays.services import FIRST_YEAR, LAST_YEAR

NOTICE_HELP = _(
    "每行一个节日：节日名称、放假起止日期（一天的只写一个日期），有调休上班日的在后面写“调休上班”和日期，"
    "多个日期用顿号隔开。例如：<br><code>春节 2027-02-05 至 2027-02-13 调休上班 2027-01-31、2027-02-20</code>"
    "<br><code>端午 2027-06-09</code><br>"
    "日期也可写成“2027年2月5日”；日期后的“（星期日）”等会被忽略。放假期间内的周末一并写入起止日期即可。"
    "元旦假期跨年的，可包含上年12月下旬的日期。"
)


class NoticeForm(forms.Form):
    """A year's State Council notice: its title, number, and one line per holiday."""

    title = forms.CharField(label=_("通知名称"), max_length=200)
    document_number = forms.CharField(
        label=_("文号"), max_length=60, required=False, help_text=_("如：国办发明电〔2026〕12号")
    )
    holidays = forms.CharField(
        label=_("放假安排"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "notice-lines"}),
        help_text=NOTICE_HELP,
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["title"].initial = default_title(year)

    def clean_holidays(self) -> list[NoticeHoliday]:
        try:
            return parse_notice_text(self.cleaned_data["holidays"], self.year)
        except NoticeTextError as error:
            raise forms.ValidationError(error.messages) from error


class OverrideForm(forms.Form):
    """One day made a working day or a day off (单日调整)."""

    KIND_CHOICES = [("off", _("休息（放假）")), ("work", _("上班（工作日）"))]

    day = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"],
        error_messages={"invalid": _("请按 2027-02-05 的形式填写日期")},
    )
    kind = forms.ChoiceField(label=_("调整为"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("说明"), max_length=100, required=False, help_text=_("如：春节调休上班、本地区特殊安排")
    )

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                gettext("日期应在%(first_year)s至%(last_year)s年之间")
                % {"first_year": FIRST_YEAR, "last_year": LAST_YEAR}
            )
        return day

    @property
    def is_workday(self) -> bool:
        return self.cleaned_data["kind"] == "work"


class YearForm(forms.Form):
    """Go to any year of the calendar."""

    year = forms.IntegerField(
        label=_("年度"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "min_value": _("年度应在%(first_year)s至%(last_year)s年之间")
            % {"first_year": FIRST_YEAR, "last_year": LAST_YEAR},
            "max_value": _("年度应在%(first_year)s至%(last_year)s年之间")
            % {"first_year": FIRST_YEAR, "last_year": LAST_YEAR},
            "invalid": _("请填写四位数的年度，如2027"),
            "required": _("请填写年度"),
        },
    )
