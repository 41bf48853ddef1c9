"""Forms of the 约稿 and 领导批示 screens. They check the shape of the input; the rules (who may,
deadlines, targets reporting to the office) live in ``govinfo.services.commissions`` and
``govinfo.services.instructions``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.govinfo import policy
from gongkai.govinfo.models import CommissionKind, LeaderLevel
from gongkai.govinfo.services.commissions import Target, units_of
from gongkai.orgs.models import Organization

_DATETIME = {"invalid": _("请按“2026-03-09 17:00”的格式填写时间。")}
_DATE = {"invalid": _("请按“2026-03-09”的格式填写日期。")}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class CommissionForm(forms.Form):
    """A commission of ``office``: its kind (fixed once created), year, quarter (要点), title, text,
    deadline and targets (约稿通知: units, and people of those units by name)."""

    kind = forms.ChoiceField(label=_("类别"), choices=CommissionKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[("", "—"), (1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("报送要点按季度印发。"),
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    deadline = forms.DateTimeField(
        label=_("截止时间"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        error_messages=_DATETIME,
        help_text=_("约稿通知必填。"),
    )
    units = UnitChoiceField(
        label=_("约稿单位"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("约稿通知发至所选单位的信息员。"),
    )
    people = PersonChoiceField(
        label=_("约稿人员"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("也可直接点名约稿：通知只发给所点名的人员。"),
    )

    def __init__(self, *args: Any, office: Organization, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office
        self.unit_list = units_of(office)
        ids = [u.pk for u in self.unit_list]
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.ModelMultipleChoiceField)
        units_field.queryset = Organization.objects.filter(pk__in=ids).order_by("path")
        people_field = self.fields["people"]
        assert isinstance(people_field, forms.ModelMultipleChoiceField)
        people_field.queryset = self._people(ids)
        if editing:
            self.fields["kind"].disabled = True

    @staticmethod
    def _people(unit_ids: list[int]) -> QuerySet[Any]:
        return (
            get_user_model()
            .objects.filter(
                is_active=True, roles__organization_id__in=unit_ids, roles__role__in=policy.WRITER_ROLES
            )
            .distinct()
            .order_by("full_name", "username")
        )

    def targets(self) -> list[Target]:
        """(unit, None) per chosen unit, then (unit, person) per named person not already covered."""
        chosen: list[Organization] = list(self.cleaned_data.get("units") or [])
        result: list[Target] = [(u, None) for u in chosen]
        taken = {u.pk for u in chosen}
        by_id = {u.pk: u for u in self.unit_list}
        for person in self.cleaned_data.get("people") or []:
            unit_id = next(
                (
                    r.organization_id
                    for r in person.roles.all()
                    if r.organization_id in by_id and r.role in policy.WRITER_ROLES
                ),
                None,
            )
            if unit_id is None or unit_id in taken:
                continue
            taken.add(unit_id)
            result.append((by_id[unit_id], person))
        return result


class InstructionForm(forms.Form):
    """A leader's own instruction: the text and the day it was given (today by default)."""

    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    given_on = forms.DateField(
        label=_("批示日期"),
        required=False,
        widget=DateInput(),
        error_messages=_DATE,
        help_text=_("默认为今天。"),
    )


class RecordInstructionForm(forms.Form):
    """An instruction given on paper, recorded by the desk."""

    leader_name = forms.CharField(label=_("批示领导"), max_length=60)
    leader_title = forms.CharField(label=_("职务"), max_length=60, required=False)
    level = forms.ChoiceField(label=_("层级"), choices=LeaderLevel.choices)
    given_on = forms.DateField(label=_("批示日期"), widget=DateInput(), error_messages=_DATE)
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()


class FollowUpForm(forms.Form):
    """交办落实: the owner unit (among the units reporting to the office, or the office itself), an
    optional person of it, and the deadline."""

    organization = forms.ModelChoiceField(label=_("承办单位"), queryset=Organization.objects.none())
    owner = PersonField(
        label=_("责任人"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("不指定时由承办单位信息员反馈。"),
    )
    deadline = forms.DateField(label=_("反馈期限"), widget=DateInput(), error_messages=_DATE)

    def __init__(self, *args: Any, office: Organization | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in units_of(office)] + [office.pk] if office is not None else []
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = Organization.objects.filter(pk__in=ids, is_active=True).order_by("path")
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = (
            get_user_model().objects.filter(is_active=True, roles__organization_id__in=ids).distinct()
        )
        self.fields["deadline"].initial = timezone.localdate() + dt.timedelta(days=7)


class FollowUpReportForm(forms.Form):
    text = forms.CharField(label=_("落实情况"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    closes = forms.BooleanField(label=_("已落实完毕，申请办结"), required=False)
