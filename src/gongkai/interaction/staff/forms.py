"""Forms of the 互动 screens. They check the fields; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from gongkai.interaction.models import MessageState
from gongkai.interaction.selectors import WORK_CHOICES
from gongkai.orgs.models import Organization


class FilterForm(forms.Form):
    q = forms.CharField(label=_("编号或标题"), required=False, max_length=100)
    org: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("收信机关"), queryset=Organization.objects.none(), required=False
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *MessageState.choices]
    )
    work = forms.ChoiceField(label=_("我的工作"), required=False, choices=[("", _("全部")), *WORK_CHOICES])
    overdue = forms.BooleanField(label=_("已超期"), required=False)
    long_unanswered = forms.BooleanField(label=_("超过3个月未答复（互动回应差）"), required=False)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = organizations  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("承办人"), queryset=get_user_model().objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.full_name or user.get_username()  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)


class PublishForm(forms.Form):
    subject = forms.CharField(label=_("公开标题"), max_length=100)
    text = forms.CharField(
        label=_("公开的留言内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=2000
    )
    answer = forms.CharField(
        label=_("公开的答复内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200, required=False)


class KindForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=30)
    answer_workdays = forms.IntegerField(label=_("答复期限（工作日）"), min_value=1, max_value=60)
    is_active = forms.BooleanField(label=_("启用"), required=False)
