"""The parameters of the 考核看板 screens (``assessment.staff.dashboards.views``): year, indicator,
body, and the dates of a drill-down. Every refusal is a Chinese message and the page answers 400."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.assessment import dashboards, indicators
from gongkai.core.params import parse_id
from gongkai.orgs.models import Organization

#: The platform holds no records from before this year.
FIRST_YEAR = 2000
#: The drill-down's code for the heat map's cells: every overdue indicator together.
OVERDUE = "overdue"


class DashboardForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        required=False,
        error_messages={"invalid": gettext_lazy("年度应为四位数字，例如 2026。")},
    )
    code = forms.CharField(label=gettext_lazy("指标"), required=False)
    org = forms.CharField(label=gettext_lazy("机构"), required=False)

    def __init__(self, data: Any, *, today: dt.date, organizations: list[Any]) -> None:
        """``organizations``: the bodies the person reads, or only their ids (a province's region
        page reads a thousand: the chosen one is then read alone)."""
        super().__init__(data)
        self.today = today
        self.organizations: dict[int, Any] = {
            (o if isinstance(o, int) else o.pk): (None if isinstance(o, int) else o) for o in organizations
        }

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year")
        if year is None:
            return self.today.year
        if not FIRST_YEAR <= year <= self.today.year:
            raise forms.ValidationError(
                _("请选择%(first)s年至%(last)s年之间的年度。")
                % {"first": FIRST_YEAR, "last": self.today.year}
            )
        return int(year)

    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip()
        defs = indicators.definitions()
        if not code:
            return next(iter(defs), "")
        if code not in defs:
            raise forms.ValidationError(_("没有这个指标，请从列表中选择。"))
        return code

    def clean_org(self) -> Any:
        raw = (self.cleaned_data.get("org") or "").strip()
        if not raw:
            return None
        pk = parse_id(raw)
        if pk is None:
            raise forms.ValidationError(_("机构参数无效，请从列表中选择。"))
        org = None
        if pk in self.organizations:
            org = self.organizations[pk] or Organization.objects.filter(pk=pk).first()
        if org is None:
            raise forms.ValidationError(_("所选机构不存在或不在您的查看范围内，请重新选择。"))
        return org

    def definitions(self) -> list[indicators.Definition]:
        return list(indicators.definitions().values())

    def year_choices(self) -> list[int]:
        return list(range(self.today.year, max(FIRST_YEAR, self.today.year - 9) - 1, -1))


class RecordsForm(forms.Form):
    """The drill-down: one indicator (or ``overdue``) of one body over a span of days."""

    code = forms.CharField(
        label=gettext_lazy("指标"), error_messages={"required": gettext_lazy("请指明要查看的指标。")}
    )
    org = forms.CharField(
        label=gettext_lazy("机构"), error_messages={"required": gettext_lazy("请指明要查看的机构。")}
    )
    start = forms.DateField(
        label=gettext_lazy("起始日期"),
        error_messages={
            "required": gettext_lazy("请填写起始日期。"),
            "invalid": gettext_lazy("起始日期格式应为 2026-01-31。"),
        },
    )
    end = forms.DateField(
        label=gettext_lazy("截止日期"),
        error_messages={
            "required": gettext_lazy("请填写截止日期。"),
            "invalid": gettext_lazy("截止日期格式应为 2026-01-31。"),
        },
    )

    def __init__(self, data: Any) -> None:
        super().__init__(
            {
                "code": data.get("code"),
                "org": data.get("org"),
                "start": data.get("from"),
                "end": data.get("to"),
            }
        )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code != OVERDUE and code not in indicators.definitions():
            raise forms.ValidationError(_("没有这个指标。"))
        return code

    def clean_org(self) -> int:
        pk = parse_id(self.cleaned_data["org"])
        if pk is None:
            raise forms.ValidationError(_("机构参数无效。"))
        return pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("截止日期不能早于起始日期。"))
            if (end - start).days > 366 * 5:
                raise forms.ValidationError(_("一次最多查看五年的记录，请缩短日期范围。"))
        return data

    def codes(self) -> list[str]:
        code = self.cleaned_data["code"]
        if code == OVERDUE:
            return [d.code for d in dashboards.overdue_definitions()]
        return [code]
