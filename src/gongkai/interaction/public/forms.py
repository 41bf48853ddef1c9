"""The public forms of 互动: writing a message, and looking one up with its tracking code.

The form checks the fields; the rules of a message are the intake service's
(``interaction.services.intake``), whose ``ValidationError`` the view attaches to these same names.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.interaction.models import MessageKind
from gongkai.interaction.services.intake import SUBJECT_MAX, TEXT_MAX
from gongkai.orgs.models import Organization


class MessageForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("写信给"),
        queryset=Organization.objects.none(),
        empty_label=_("请选择机关"),
        error_messages={"required": _("请选择收信的机关。"), "invalid_choice": _("请选择收信的机关。")},
    )
    kind = forms.ModelChoiceField(
        label=_("留言类别"),
        queryset=MessageKind.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("请选择留言类别。"), "invalid_choice": _("请选择留言类别。")},
    )
    subject = forms.CharField(label=_("标题"), max_length=SUBJECT_MAX)
    text = forms.CharField(
        label=_("留言内容"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("请写明您要咨询、建议或反映的具体事项。请勿填写身份证号码等个人敏感信息。"),
    )
    writer_name = forms.CharField(label=_("姓名"), max_length=60, required=False)
    writer_phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    writer_email = forms.EmailField(
        label=_("电子邮箱"), required=False, error_messages={"invalid": _("请填写正确的电子邮箱地址。")}
    )
    consent_publish = forms.BooleanField(
        label=_("同意公开我的留言及答复（公开时隐去姓名、电话、证件号码等个人信息）"), required=False
    )
    # A field people never see (hidden): a robot that fills every field fills it too.
    website = forms.CharField(label=_("网址（请勿填写）"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.active().order_by("path")  # type: ignore[attr-defined]
        self.fields["kind"].queryset = MessageKind.objects.filter(is_active=True)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("提交未被接受。"))
        return ""


class TrackForm(forms.Form):
    tracking_number = forms.CharField(label=_("留言编号"), max_length=40)
    code = forms.CharField(label=_("查询码"), max_length=40)
