"""Forms of the sign-in screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _code_field(*, max_length: int, help_text: StrOrPromise, **attrs: Any) -> forms.CharField:
    """The code typed from the authenticator (or a recovery code): filled in by the browser's
    one-time-code autocompletion."""
    return forms.CharField(
        label=_("验证码"),
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "class": "input-code", **attrs}),
        error_messages={"required": _("请输入验证码。")},
    )


class CodeForm(forms.Form):
    code = _code_field(
        max_length=20,
        help_text=gettext_lazy(
            "打开手机上的身份验证器，输入本平台当前显示的6位数字；手机不在身边时，可输入一个恢复码。"
        ),
        inputmode="text",
        autofocus=True,
    )


class EnrolForm(forms.Form):
    code = _code_field(
        max_length=10,
        help_text=gettext_lazy("扫描二维码（或手工输入密钥）后，输入身份验证器显示的6位数字。"),
        inputmode="numeric",
    )


class ResetForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("重置原因"),
        max_length=200,
        help_text=gettext_lazy("如：手机丢失、更换手机。将记入审计日志。"),
        error_messages={"required": gettext_lazy("请填写重置原因（如：手机丢失）。")},
    )


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=255)
    ip_address = forms.GenericIPAddressField(required=False)


class UserSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("用户名或姓名"), max_length=60, required=False)
