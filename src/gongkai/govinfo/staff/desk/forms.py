"""Forms of the desk's screens (信息编辑 and 信息刊物). Every change they carry goes through
``govinfo.services.desk``; these forms only read and validate what was typed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.backoffice.richtext import RichTextWidget
from gongkai.govinfo.models import Edition, Issue, Kind, Publication, PublicationLevel, Submission
from gongkai.orgs.models import Organization

#: The desk list's tabs: (key, label, states).
TABS = (
    ("pending", gettext_lazy("待处理"), ("submitted", "received")),
    ("reserved", gettext_lazy("储备"), ("reserved",)),
    ("adopted", gettext_lazy("已采用"), ("adopted",)),
    ("returned", gettext_lazy("已退回"), ("returned",)),
    ("merged", gettext_lazy("已合并"), ("merged",)),
)
TAB_STATES = {key: states for key, _label, states in TABS}

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class DeskFilterForm(forms.Form):
    """The desk list's filters (GET): tab, 已报送 only (the inbox's queue), unit, kind, month."""

    tab = forms.ChoiceField(
        label=gettext_lazy("分类"), choices=[(k, label) for k, label, _s in TABS], required=False
    )
    state = forms.ChoiceField(
        label=gettext_lazy("状态"),
        choices=[("", gettext_lazy("全部")), ("submitted", gettext_lazy("待签收"))],
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("报送单位"), queryset=Organization.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("信息类别"), choices=[("", gettext_lazy("全部")), *Kind.choices], required=False
    )
    month = forms.CharField(
        label=gettext_lazy("报送月份"),
        required=False,
        max_length=7,
        help_text=gettext_lazy("格式：2026-03"),
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].empty_label = _("全部")  # type: ignore[attr-defined]

    def clean_month(self) -> tuple[int, int] | None:
        raw = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            return None
        match = _MONTH.match(raw)
        if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1000:
            raise forms.ValidationError(_("月份格式应为“2026-03”。"))
        return int(match.group(1)), int(match.group(2))


class EditForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    body = forms.CharField(label=gettext_lazy("正文"), widget=RichTextWidget(toolbar="narrative"))
    note = forms.CharField(
        label=gettext_lazy("修改说明"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("作者可见，例如“压缩篇幅，突出数据”"),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("退回原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdoptForm(forms.Form):
    publication = forms.ModelChoiceField(
        label=gettext_lazy("采用到刊物"), queryset=Publication.objects.none()
    )
    new_issue = forms.BooleanField(
        label=gettext_lazy("另起新的一期"),
        required=False,
        help_text=gettext_lazy("不勾选时编入该刊物当前编辑中的一期"),
    )

    def __init__(self, *args: Any, publications: QuerySet[Publication], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publication"].queryset = publications  # type: ignore[attr-defined]


class ForwardForm(forms.Form):
    to_name = forms.CharField(
        label=gettext_lazy("转报单位（平台外）"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("上级不在平台上时填写，例如“省政府办公厅”"),
    )


class MergeForm(forms.Form):
    others = forms.ModelMultipleChoiceField(
        label=gettext_lazy("合并的信息"),
        queryset=Submission.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: QuerySet[Submission], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["others"].label_from_instance = lambda s: f"{s.organization.name}：{s.title}"  # type: ignore[attr-defined]


class IssueForm(forms.Form):
    editor_note = forms.CharField(
        label=gettext_lazy("编者按"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bao = forms.CharField(label=gettext_lazy("报"), max_length=300, required=False)
    song = forms.CharField(label=gettext_lazy("送"), max_length=300, required=False)
    fa = forms.CharField(label=gettext_lazy("发"), max_length=300, required=False)
    copies = forms.IntegerField(
        label=gettext_lazy("共印（份）"), required=False, min_value=1, max_value=1_000_000
    )

    @classmethod
    def for_issue(cls, issue: Issue) -> IssueForm:
        return cls(
            initial={
                "editor_note": issue.editor_note,
                "bao": issue.bao,
                "song": issue.song,
                "fa": issue.fa,
                "copies": issue.copies,
            }
        )


class EntryForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    body = forms.CharField(label=gettext_lazy("正文"), widget=RichTextWidget(toolbar="narrative"))


class NewIssueForm(forms.Form):
    publication = forms.ModelChoiceField(label=gettext_lazy("刊物"), queryset=Publication.objects.none())

    def __init__(self, *args: Any, publications: QuerySet[Publication], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publication"].queryset = publications  # type: ignore[attr-defined]


class PublicationForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("刊物名称"), max_length=60, help_text=gettext_lazy("例如《政务信息》《每日要情》")
    )
    level = forms.ChoiceField(label=gettext_lazy("层级"), choices=PublicationLevel.choices)
    edition = forms.ChoiceField(label=gettext_lazy("类别"), choices=Edition.choices)
    publisher_name = forms.CharField(
        label=gettext_lazy("编印单位名称"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("留空时用本单位名称"),
    )
    default_bao = forms.CharField(label=gettext_lazy("默认报送（报）"), max_length=300, required=False)
    default_song = forms.CharField(label=gettext_lazy("默认抄送（送）"), max_length=300, required=False)
    default_fa = forms.CharField(label=gettext_lazy("默认分发（发）"), max_length=300, required=False)
    is_active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)

    @classmethod
    def for_publication(cls, publication: Publication) -> PublicationForm:
        return cls(initial={f: getattr(publication, f) for f in cls.base_fields})


class AdoptionAboveForm(forms.Form):
    """Adoption by a publication outside the platform, from its notice (上级采用通报)."""

    submissions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("被采用的信息"),
        queryset=Submission.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    publication = forms.ModelChoiceField(label=gettext_lazy("采用刊物"), queryset=Publication.objects.none())
    issue_label = forms.CharField(
        label=gettext_lazy("期号"), max_length=40, help_text=gettext_lazy("例如“2026年第15期”")
    )
    adopted_on = forms.DateField(
        label=gettext_lazy("采用日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notice = forms.CharField(label=gettext_lazy("依据（通报文号）"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        submissions: QuerySet[Submission],
        publications: QuerySet[Publication],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submissions"].queryset = submissions  # type: ignore[attr-defined]
        self.fields["submissions"].label_from_instance = lambda s: f"{s.organization.name}：{s.title}"  # type: ignore[attr-defined]
        self.fields["publication"].queryset = publications  # type: ignore[attr-defined]

    def clean_adopted_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["adopted_on"]
        if day.year < 2000:
            raise forms.ValidationError(_("采用日期不正确。"))
        return day
