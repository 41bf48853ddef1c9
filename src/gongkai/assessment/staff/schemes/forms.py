"""Forms of the scheme screens (考核方案). They only read input; the services validate and save
(``assessment.services.schemes``, ``assessment.services.recompute``)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.models import Criterion, CriterionKind, Scheme
from gongkai.assessment.results import group_labels


class SchemeForm(forms.Form):
    code = forms.CharField(
        label=_("方案代码"),
        max_length=60,
        help_text=_("字母、数字和连字符，同一方案的各个版本共用，如 city-2026"),
    )
    name = forms.CharField(label=_("方案名称"), max_length=200)
    source_document = forms.CharField(label=_("依据文件"), max_length=300)
    source_note = forms.CharField(
        label=_("依据说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    config = forms.CharField(
        label=_("计分配置（JSON）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "mono", "spellcheck": "false"}),
        help_text=_(
            "参评分组（groups）及折算系数（scale）、默认分组、等次分档（grades），格式见页面下方说明"
        ),
    )

    def __init__(self, *args: Any, with_code: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["code"]

    @staticmethod
    def initial_of(scheme: Scheme) -> dict[str, Any]:
        return {
            "name": scheme.name,
            "source_document": scheme.source_document,
            "source_note": scheme.source_note,
            "config": json.dumps(scheme.config or {}, ensure_ascii=False, indent=2),
        }


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("编号"), max_length=20)
    title = forms.CharField(label=_("考核内容"), max_length=300)
    kind = forms.ChoiceField(label=_("计分方式"), choices=CriterionKind.choices)
    max_points = forms.DecimalField(
        label=_("分值"), min_value=0, max_value=1000, decimal_places=2, help_text=_("单项否决填0")
    )
    parent = forms.TypedChoiceField(label=_("上级分类"), required=False, coerce=int, empty_value=None)
    position = forms.IntegerField(label=_("排序"), min_value=0, required=False)
    groups_text = forms.CharField(
        label=_("适用分组"), required=False, help_text=_("参评分组代码，以逗号分隔；空：所有参评单位")
    )
    rules = forms.CharField(
        label=_("计分规则（JSON）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono", "spellcheck": "false"}),
        help_text=_("规则数组，格式见页面下方说明"),
    )
    guidance = forms.CharField(label=_("评分标准"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_required = forms.BooleanField(label=_("须附佐证材料"), required=False)

    def __init__(self, *args: Any, scheme: Scheme, criterion: Criterion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = scheme.criteria.filter(kind=CriterionKind.GROUP).order_by("position", "pk")
        if criterion is not None:
            groups = groups.exclude(pk=criterion.pk)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.TypedChoiceField)
        parent.choices = [("", _("（第一层）")), *((g.pk, f"{g.code} {g.title}") for g in groups)]
        # The codes the field takes are the scheme's own peer groups: name them beside the field.
        labels = group_labels(scheme.config or {})
        if labels:
            self.fields["groups_text"].help_text = _(
                "参评分组代码，以逗号分隔；空：所有参评单位。本方案的分组：%(groups)s"
            ) % {"groups": "、".join(f"{code}（{label}）" for code, label in labels.items())}
        else:
            self.fields["groups_text"].help_text = _("本方案未设参评分组，请留空（适用于所有参评单位）。")

    @staticmethod
    def initial_of(criterion: Criterion) -> dict[str, Any]:
        return {
            "code": criterion.code,
            "title": criterion.title,
            "kind": criterion.kind,
            "max_points": criterion.max_points,
            "parent": criterion.parent_id or "",
            "position": criterion.position,
            "groups_text": ", ".join(str(g) for g in criterion.groups or []),
            "rules": json.dumps(criterion.rules or [], ensure_ascii=False, indent=2),
            "guidance": criterion.guidance,
            "evidence_required": criterion.evidence_required,
        }


class RecomputeForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label=_("更正后的方案版本"), queryset=Scheme.objects.none(), empty_label=None
    )
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, candidates: list[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scheme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Scheme.objects.filter(pk__in=[s.pk for s in candidates]).order_by("-version")
