"""The rating form of the public pages (one form, worded for an item or for a body)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.ratings.models import COMMENT_MAX_LENGTH, ITEM_GRADE_LABELS, Grade, TargetKind
from gongkai.ratings.services import TOKEN

QUESTIONS = {
    TargetKind.ITEM: _("这条信息对您有帮助吗？"),
    TargetKind.BODY: _("您对本机关的政务公开工作是否满意？"),
}


def grade_choices(kind: str) -> list[tuple[str, Any]]:
    if kind == TargetKind.ITEM:
        return [(g.value, ITEM_GRADE_LABELS[g]) for g in Grade]
    return list(Grade.choices)


class RatingForm(forms.Form):
    grade = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择一项评价。"),
            "invalid_choice": _("请选择“满意”“基本满意”或“不满意”中的一项。"),
        },
    )
    comment = forms.CharField(
        label=_("意见建议（选填，不公开）"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "最多%(max)d个字。评价是匿名的，请不要填写姓名、电话、身份证号等个人信息；电话号码等会被自动遮盖。"
        )
        % {"max": COMMENT_MAX_LENGTH},
        error_messages={"max_length": _("意见建议最多%(limit_value)d个字，您输入了%(show_value)d个字。")},
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def clean_token(self) -> str:
        token: str = self.cleaned_data.get("token", "")
        if token and not TOKEN.match(token):
            raise forms.ValidationError(_("表单已失效，请刷新页面后重新评价。"))
        return token

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grade = self.fields["grade"]
        assert isinstance(grade, forms.ChoiceField)
        grade.choices = grade_choices(kind)
        grade.label = QUESTIONS[TargetKind(kind)]
