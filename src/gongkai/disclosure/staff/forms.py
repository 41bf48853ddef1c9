"""Forms of the active-disclosure screens (items, review and sign-off, correction, catalog,
timeliness). They validate input and shape it for ``gongkai.disclosure.services``; they never save
anything themselves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.backoffice.forms import DateInput, MultipleFileField
from gongkai.backoffice.richtext import RichTextWidget
from gongkai.core.files.uploads import read_upload
from gongkai.core.params import parse_id
from gongkai.disclosure.inbox import WORK_CHOICES
from gongkai.disclosure.legal import Channel, DisclosureAttribute, Duration
from gongkai.disclosure.models import (
    CatalogColumn,
    CatalogTemplate,
    Classification,
    Item,
    LinkKind,
    UpdateClass,
)
from gongkai.disclosure.models.review import ReviewConclusion
from gongkai.disclosure.services.content import ACCEPTED_LABEL, check_upload
from gongkai.disclosure.services.workflow import CORRECTABLE_FIELDS, EDITABLE_FIELDS
from gongkai.orgs.models import Organization


def _column_choices(organization: Organization, current: CatalogColumn | None = None) -> Any:
    qs = CatalogColumn.objects.filter(organization=organization).select_related("parent")
    visible = qs.filter(is_hidden=False)
    if current is not None:
        visible = visible | qs.filter(pk=current.pk)
    return visible.order_by("parent__position", "position", "code")


class ColumnChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CatalogColumn) -> str:
        return f"{obj.code} {obj.label}"


class ColumnMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CatalogColumn) -> str:
        return f"{obj.code} {obj.label}"


def _check_channels(form: forms.BaseForm) -> None:
    form.fields["channels"] = forms.MultipleChoiceField(
        label=_("载体（在何种载体上公开）"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ItemForm(forms.ModelForm):
    """The editor's draft: every field of ``workflow.EDITABLE_FIELDS`` plus cross-listing and uploads."""

    cross_listed = ColumnMultipleChoiceField(
        label=_("同时列入栏目"),
        queryset=CatalogColumn.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("信息在主栏目之外同时出现的栏目（可不选）"),
    )
    attachments = MultipleFileField(
        label=_("上传附件"),
        required=False,
        help_text=_("可一次选择多个文件。接受 %(kinds)s；文件类型按内容识别。") % {"kinds": ACCEPTED_LABEL},
    )

    class Meta:
        model = Item
        fields = EDITABLE_FIELDS
        widgets = {
            "date_formed": DateInput(),
            "public_until": DateInput(),
            "effective_from": DateInput(),
            "validity_changed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": RichTextWidget(),
            "exemption_explanation": forms.Textarea(attrs={"rows": 3}),
            "disclosure_attribute": forms.RadioSelect,
            "scope": forms.RadioSelect,
            "duration": forms.RadioSelect,
            "validity": forms.RadioSelect,
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        current = self.instance.column if self.instance.pk and self.instance.column_id else None
        self.fields["column"] = ColumnChoiceField(
            label=_("栏目"), queryset=_column_choices(organization, current), empty_label=_("请选择栏目")
        )
        self.fields["cross_listed"].queryset = _column_choices(organization)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["cross_listed"].initial = list(self.instance.also_in.all())
        for name in ("topic", "genre", "audience", "combined"):
            field = self.fields[name]
            field.queryset = Classification.objects.filter(scheme=name, is_active=True)  # type: ignore[attr-defined]
            field.empty_label = _("（不选）")  # type: ignore[attr-defined]
        _check_channels(self)
        self.fields["stage"].choices = [("", _("（不选）")), *self.fields["stage"].choices[1:]]  # type: ignore[attr-defined]
        self.fields["exemption_reason"].help_text = _("选择“不予公开”时必填：法定理由将随备案报送主管部门")
        self.fields["body"].help_text = _(
            "可从 Word、WPS 直接粘贴，标题和表格随之保留；未启用脚本时可直接填写 HTML。"
            "保存时自动净化，脚本、样式等不安全或多余的内容会被删除"
        )

    def clean_date_formed(self) -> dt.date:
        value = self.cleaned_data["date_formed"]
        if value and value > timezone.localdate():
            raise ValidationError(_("成文日期不能晚于今天。"))
        return value

    def clean_attachments(self) -> list[tuple[str, bytes]]:
        """Check every uploaded file by its content now, so that one bad file refuses the whole
        submission and every file's problem is reported at once (nothing is half-saved)."""
        checked: list[tuple[str, bytes]] = []
        errors: list[str] = []
        for upload in self.cleaned_data.get("attachments") or []:
            try:
                data = read_upload(upload)  # never more than the limit in memory (audit 4.3)
                check_upload(data, upload.name)
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            checked.append((upload.name, data))
        if errors:
            errors.append(str(_("其他内容已保留；请重新选择要上传的文件。")))
            raise ValidationError(errors)
        return checked

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # Messages here instead of the model's check constraints: attached to the field concerned.
        if data.get("disclosure_attribute") == DisclosureAttribute.EXEMPT and not data.get(
            "exemption_reason"
        ):
            self.add_error("exemption_reason", _("不予公开必须选择法定理由（公开为常态、不公开为例外）。"))
        if data.get("duration") == Duration.LIMITED and not data.get("public_until"):
            self.add_error("public_until", _("限时公开必须填写公开截止日期。"))
        if data.get("validity") and data.get("validity") != "valid" and not data.get("validity_changed_on"):
            self.add_error("validity_changed_on", _("失效或废止的信息必须填写失效/废止日期。"))
        return data

    def item_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.cleaned_data}


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("关联类型"), choices=LinkKind.choices)
    target = forms.ModelChoiceField(
        label=_("关联的信息"), queryset=Item.objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (  # type: ignore[attr-defined]
            Item.objects.filter(organization=item.organization).exclude(pk=item.pk).order_by("-date_formed")
        )
        self.fields["target"].label_from_instance = lambda obj: (  # type: ignore[attr-defined]
            f"{obj.title}（{obj.index_number or obj.status_label}）"
        )


class ReviewForm(forms.Form):
    """保密审查表."""

    conclusion = forms.ChoiceField(
        label=_("审查结论"), choices=ReviewConclusion.choices, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label=_("审查意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("退回修改或呈报上级审定时必填"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("conclusion") in (ReviewConclusion.RETURN, ReviewConclusion.REFER)
            and not (data.get("opinion") or "").strip()
        ):
            self.add_error("opinion", _("退回或呈报上级审定时必须填写审查意见。"))
        return data


class SignForm(forms.Form):
    opinion = forms.CharField(label=_("签发意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise ValidationError(_("请填写理由。"))
        return value


class CorrectionForm(forms.ModelForm):
    """更正: the correctable fields of a published item plus the public correction note."""

    note = forms.CharField(
        label=_("更正说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将与更正日期一起向社会公开"),
    )

    class Meta:
        model = Item
        fields = sorted(CORRECTABLE_FIELDS)
        widgets = {
            "effective_from": DateInput(),
            "validity_changed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": RichTextWidget(),
            "validity": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _check_channels(self)
        order = ["title", "document_number", "keywords", "summary", "body", "validity"]
        order += ["effective_from", "validity_changed_on", "channels", "note"]
        self.order_fields(order)

    def changed_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data if name in CORRECTABLE_FIELDS}


# --- catalog ----------------------------------------------------------------------------------


class TemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("目录模板"), queryset=CatalogTemplate.objects.all(), empty_label=_("请选择模板")
    )


class AddColumnForm(forms.Form):
    name = forms.CharField(label=_("栏目名称"), max_length=120)
    parent = ColumnChoiceField(
        label=_("上级栏目"),
        queryset=CatalogColumn.objects.none(),
        required=False,
        empty_label=_("（顶级栏目）"),
    )
    update_class = forms.ChoiceField(
        label=_("更新类别"),
        choices=UpdateClass.choices,
        initial=UpdateClass.NOTICES,
        required=False,  # not sent: 通知公告/政策文件, the default
        help_text=_("超过该类别的更新周期未发布信息的栏目，在监督考核中计为未及时更新栏目。"),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = CatalogColumn.objects.filter(  # type: ignore[attr-defined]
            organization=organization
        ).select_related("parent")


class RenameColumnForm(forms.Form):
    name = forms.CharField(label=_("新名称"), max_length=120)


class UpdateClassForm(forms.Form):
    update_class = forms.ChoiceField(label=_("更新类别"), choices=UpdateClass.choices)
    update_interval_days = forms.IntegerField(
        label=_("更新周期（天）"),
        required=False,
        min_value=1,
        max_value=1826,
        help_text=_("留空则按更新类别的周期。"),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DateInput())
    end = forms.DateField(label=_("截止日期"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("标题包含"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False)
    org = forms.ModelChoiceField(label=_("机构"), queryset=Organization.objects.none(), required=False)
    column = ColumnChoiceField(label=_("栏目"), queryset=CatalogColumn.objects.none(), required=False)
    work = forms.ChoiceField(label=_("我的工作"), required=False, choices=[("", _("全部")), *WORK_CHOICES])

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        from gongkai.disclosure.models import ItemState

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("全部")), *ItemState.choices]  # type: ignore[attr-defined]
        self.fields["org"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["org"].empty_label = _("全部机构")  # type: ignore[attr-defined]
        self.fields["column"].empty_label = _("全部栏目")  # type: ignore[attr-defined]
        self.fields["column"].queryset = CatalogColumn.objects.filter(  # type: ignore[attr-defined]
            organization__in=organizations
        ).select_related("parent", "organization")
        if organizations.count() > 1:
            # Bodies share template columns: say whose column it is.
            self.fields["column"].label_from_instance = lambda c: (  # type: ignore[attr-defined]
                f"{c.organization.display_short} · {c.code} {c.label}"
            )
        # A malformed ?org= (text, 10**30: core/params.py) filters nothing here; the org field
        # itself then says it is not a valid choice.
        org_id = parse_id(self.data.get("org")) if self.is_bound else None
        if org_id is not None:
            self.fields["column"].queryset = self.fields["column"].queryset.filter(  # type: ignore[attr-defined]
                organization_id=org_id
            )
