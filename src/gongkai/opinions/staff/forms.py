"""Forms of the 意见征集 screens. They shape the input; ``opinions.services`` validates and acts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.backoffice.richtext import RichTextWidget
from gongkai.opinions.models import Adoption, RejectReason
from gongkai.opinions.services import MAX_DAYS, MIN_DAYS
from gongkai.orgs.models import Organization


class ConsultationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("起草机关"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("标题"), max_length=300, help_text=_("如：关于……的通知（征求意见稿）"))
    body = forms.CharField(label=_("征求意见稿正文"), required=False, widget=RichTextWidget())
    how_to_comment = forms.CharField(
        label=_("意见反馈方式说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明公众可通过哪些方式提出意见（网上提交、信函、电子邮件）以及联系电话。"),
    )
    duration_days = forms.IntegerField(
        label=_("征求意见期限（日）"),
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        help_text=_("自签发之日起计算；一般不少于30日（《重大行政决策程序暂行条例》第十五条）。"),
    )
    attachment = forms.FileField(
        label=_("附件"), required=False, help_text=_("按文件内容检查格式，并提取文字供保密审查。")
    )

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organizations


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=300)


class FindingForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=200)
    note = forms.CharField(label=_("不涉密的理由"), max_length=300)


class PassForm(forms.Form):
    opinion = forms.CharField(label=_("审查意见"), required=False, max_length=1000)


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("accept", _("通过")), ("reject", _("不通过"))],
        widget=forms.RadioSelect,
    )
    publish = forms.BooleanField(label=_("通过后在网站公开（不含联系方式）"), required=False, initial=True)
    reason = forms.ChoiceField(
        label=_("不通过的原因"), choices=[("", "—"), *RejectReason.choices], required=False
    )
    note = forms.CharField(label=_("补充说明"), required=False, max_length=300)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    adoption = forms.ChoiceField(label=_("采纳情况"), choices=[("", "—"), *Adoption.choices], required=False)
    adoption_reason = forms.CharField(
        label=_("理由（部分采纳或未采纳时必填）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ThemeForm(forms.Form):
    title = forms.CharField(label=_("主题"), max_length=200)
    comments = forms.TypedMultipleChoiceField(
        label=_("归入该主题的意见"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, comments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["comments"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.pk, c.text[:60]) for c in comments]


class ThemeAnswerForm(AnswerForm):
    title = forms.CharField(label=_("主题"), max_length=200, required=False)
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 4}))


class SummaryForm(forms.Form):
    text = forms.CharField(label=_("采纳情况说明"), widget=forms.Textarea(attrs={"rows": 12}))


class FinalForm(forms.Form):
    item = forms.IntegerField(label=_("正式文件"), min_value=1, max_value=2**63 - 1)
