"""Forms of the secrecy review screen and of a correction's attachments.

They validate input for ``gongkai.disclosure.services.masking`` and ``workflow``; they never save.
Masking, replacing and removing a file are separate small forms so each works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core.files.uploads import read_upload
from gongkai.disclosure.models import Attachment, FindingDecision
from gongkai.disclosure.services.content import ACCEPTED_LABEL


class FindingDecisionForm(forms.Form):
    """The reviewer's decision on one high finding: "不涉密，按原样公开" with a reason, or
    "已删除或遮盖", which the service accepts only when a rescan no longer finds it."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=200)
    decision = forms.ChoiceField(
        label=_("处理决定"), choices=FindingDecision.Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=500,
        help_text=_("选择“不涉密，按原样公开”时必填，例如“经核实为单位公开的办公电话”"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("decision") == FindingDecision.Decision.NOT_SECRET
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("选择“不涉密，按原样公开”必须填写理由，说明为什么可以公开。"))
        return data


class MaskForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=200)


class ReplaceFileForm(forms.Form):
    file = forms.FileField(label=_("替换为"), help_text=_("可接受 %(kinds)s") % {"kinds": ACCEPTED_LABEL})

    def clean_file(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["file"]
        return upload.name, read_upload(upload)  # never more than the limit in memory (audit 4.3)


class RemoveFileForm(forms.Form):
    reason = forms.CharField(label=_("删除理由"), max_length=500, help_text=_("起草人将看到该理由"))

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise ValidationError(_("删除附件必须填写理由。"))
        return value


class CorrectionFilesForm(forms.Form):
    """A correction's file changes: for each current attachment, replace it or remove it; and
    new files. Field names carry the attachment id (``replace_12``, ``remove_12``)."""

    add = forms.FileField(
        label=_("增加附件"),
        required=False,
        help_text=_("可接受 %(kinds)s") % {"kinds": ACCEPTED_LABEL},
    )

    def __init__(self, *args: Any, attachments: list[Attachment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attachments = attachments
        for a in attachments:
            self.fields[f"replace_{a.pk}"] = forms.FileField(
                label=_("用新文件替换《%(name)s》") % {"name": a.original_name}, required=False
            )
            self.fields[f"remove_{a.pk}"] = forms.BooleanField(
                label=_("删除《%(name)s》") % {"name": a.original_name}, required=False
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for a in self.attachments:
            if data.get(f"replace_{a.pk}") and data.get(f"remove_{a.pk}"):
                self.add_error(f"remove_{a.pk}", _("同一个附件不能既替换又删除。"))
        # Read every file now (bounded), so a too-large one is reported on its own field.
        for name in [f"replace_{a.pk}" for a in self.attachments] + ["add"]:
            upload = data.get(name)
            if upload:
                try:
                    data[name] = (upload.name, read_upload(upload))
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def rows(self) -> list[tuple[Attachment, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"replace_{a.pk}"], self[f"remove_{a.pk}"]) for a in self.attachments]

    def changes(self) -> dict[str, Any]:
        """Keyword arguments for ``workflow.correct_item``."""
        replace: dict[int, tuple[str, bytes]] = {}
        remove: list[Attachment] = []
        for a in self.attachments:
            upload = self.cleaned_data.get(f"replace_{a.pk}")
            if upload:
                replace[a.pk] = upload
            elif self.cleaned_data.get(f"remove_{a.pk}"):
                remove.append(a)
        added = self.cleaned_data.get("add")
        return {
            "replace_attachments": replace,
            "remove_attachments": remove,
            "add_attachments": [added] if added else [],
        }
