"""The choice of body, year and month on the 社会评议 screen (``ratings.staff.views``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Organization

#: Ratings began with this platform's 社会评议 (issue 11); earlier years hold none.
FIRST_YEAR = 2020


class RatingsFilterForm(forms.Form):
    org: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("机构"),
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("所选机构不存在或不在您的查看范围内，请重新选择。")},
    )
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("月份"),
        coerce=int,
        choices=[(m, _("%(m)d月") % {"m": m}) for m in range(1, 13)],
        error_messages={"invalid_choice": _("请选择1月至12月中的一个月份。")},
    )

    def __init__(self, data: dict[str, Any], *, organizations: Any, this_year: int) -> None:
        super().__init__(data)
        org = self.fields["org"]
        assert isinstance(org, forms.ModelChoiceField)
        org.queryset = organizations.order_by("path", "position", "name")
        org.empty_label = _("全部（我可以查看的全部机构）")
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, _("%(y)d年") % {"y": y}) for y in range(this_year, FIRST_YEAR - 1, -1)]
        year.error_messages["invalid_choice"] = _("请选择%(first)d年至%(last)d年之间的年度。") % {
            "first": FIRST_YEAR,
            "last": this_year,
        }
