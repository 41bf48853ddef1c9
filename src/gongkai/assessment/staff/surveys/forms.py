"""The forms of the 民主评议 screens: they shape the input; ``services.surveys`` validates again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.services import surveys as svc
from gongkai.orgs.models import Organization


class SurveyForm(forms.Form):
    authority: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("组织评议机关"),
        queryset=Organization.objects.none(),
        error_messages={
            "invalid_choice": _("请选择您所在的主管部门。"),
            "required": _("请选择组织评议机关。"),
        },
    )
    year = forms.IntegerField(
        label=_("评议年度"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("请填写年度，如2026。"), "required": _("请填写评议年度。")},
    )
    title = forms.CharField(
        label=_("标题"), max_length=200, error_messages={"required": _("请填写评议标题。")}
    )
    introduction = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    opens_on = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请按“2026-11-01”的格式填写日期。")},
    )
    closes_on = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请按“2026-11-30”的格式填写日期。")},
    )
    open_to_public = forms.BooleanField(
        label=_("向社会公众开放（不填评议码也可参加）"), required=False, initial=True
    )
    public_weight = forms.DecimalField(
        label=_("社会公众权重"),
        min_value=0,
        max_digits=5,
        decimal_places=2,
        initial=1,
        help_text=_("社会公众的平均分按此权重与各评议代表类别的平均分加权平均。"),
        error_messages={"invalid": _("请填写数字，如40。")},
    )
    grades = forms.CharField(
        label=_("评价等次及分值"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial=svc.grades_text(svc.default_grades()),
        help_text=_("每行一个，写作“名称=分值”。分值为0的等次（如“不满意”）不计入满意率。"),
        error_messages={"required": _("请设置评价等次。")},
    )
    questions = forms.CharField(
        label=_("评议内容"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial=_("政务公开工作总体评价\n信息公开及时准确\n依申请公开答复质量\n互动回应"),
        help_text=_("每行一项。"),
        error_messages={"required": _("请至少填写一项评议内容。")},
    )
    bodies: forms.ModelMultipleChoiceField[Organization] = forms.ModelMultipleChoiceField(
        label=_("被评议单位"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请至少选择一个被评议单位。"),
            "invalid_choice": _("所选单位不在本行政区域内，请重新选择。"),
            "invalid_pk_value": _("所选单位不在本行政区域内，请重新选择。"),
        },
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        authorities = svc.authorities_for(user).order_by("path")
        authority = self.fields["authority"]
        assert isinstance(authority, forms.ModelChoiceField)
        authority.queryset = authorities
        if len(authorities) == 1:
            authority.initial = authorities[0].pk
        ids: set[int] = set()
        for a in authorities:
            ids |= set(svc.region_bodies(a).values_list("pk", flat=True))
        bodies = self.fields["bodies"]
        assert isinstance(bodies, forms.ModelMultipleChoiceField)
        bodies.queryset = Organization.objects.filter(pk__in=ids).order_by("path", "position", "name")

    def clean_grades(self) -> list[Any]:
        try:
            return svc.parse_grades(self.cleaned_data["grades"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["grades"]) from error

    def clean_questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]

    def survey_data(self) -> svc.SurveyData:
        d = self.cleaned_data
        return svc.SurveyData(
            year=d["year"],
            title=d["title"],
            introduction=d["introduction"],
            opens_on=d["opens_on"],
            closes_on=d["closes_on"],
            open_to_public=d["open_to_public"],
            public_weight=d["public_weight"],
            grades=d["grades"],
            questions=d["questions"],
            bodies=list(d["bodies"]),
        )


class PanelForm(forms.Form):
    name = forms.CharField(
        label=_("评议代表类别"),
        max_length=100,
        help_text=_("如人大代表、政协委员、企业代表、群众代表。"),
        error_messages={"required": _("请填写评议代表类别。")},
    )
    weight = forms.DecimalField(
        label=_("权重"),
        min_value=0,
        max_digits=5,
        decimal_places=2,
        initial=1,
        error_messages={"invalid": _("请填写数字，如30。"), "required": _("请填写权重。")},
    )


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("生成数量"),
        min_value=1,
        max_value=svc.MAX_CODES_PER_ISSUE,
        initial=10,
        error_messages={
            "invalid": _("请填写数量。"),
            "required": _("请填写数量。"),
            "min_value": _("每次可生成1至1000个评议码。"),
            "max_value": _("每次可生成1至1000个评议码。"),
        },
    )
    format = forms.ChoiceField(
        label=_("输出方式"),
        choices=[("html", _("打印清单")), ("xlsx", _("Excel表格"))],
        initial="html",
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("请选择打印清单或Excel表格。"),
            "required": _("请选择输出方式。"),
        },
    )
