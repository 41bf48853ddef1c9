"""The public comment form (意见征集). The service validates again; the form only shapes the input.
``website`` is a honeypot: hidden from people (``hidden``, out of the tab order), filled by bots."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("意见内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("意见经审核后在本页公开，您的姓名和联系方式不会公开。"),
    )
    name = forms.CharField(label=_("姓名（选填）"), required=False, max_length=200)
    phone = forms.CharField(label=_("联系电话（选填）"), required=False, max_length=200)
    email = forms.CharField(label=_("电子邮箱（选填）"), required=False, max_length=300)
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
