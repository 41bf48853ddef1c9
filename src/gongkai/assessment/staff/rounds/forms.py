"""Forms of the round screens (考核评议). They only collect what was typed: the rules (who, when,
which points need a reason) are checked by ``gongkai.assessment.services.rounds``, whose errors the
views put back on these forms by field name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.models import CriterionKind, CriterionScore, ObjectionOutcome, Scheme, SchemeState
from gongkai.assessment.services.rounds import decided_by_rules, hand_scored, reference_points
from gongkai.orgs.models import Kind, Level, Organization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


#: The order of the kinds of bodies on the form: governments first, then their offices and departments.
KIND_ORDER = [kind.value for kind in Kind]
LEVEL_ORDER = [level.value for level in Level]


@dataclass
class BodyGroup:
    """Bodies of one level and kind (县（区）人民政府, 市政府部门, …) on the form, under one heading
    with a box that takes them all."""

    key: str
    label: str
    bodies: list[Organization]


def body_groups(bodies: Iterable[Organization]) -> list[BodyGroup]:
    """The bodies by level and kind, in the order of ``Level`` and ``Kind`` (each group's bodies in
    the order given)."""
    groups: dict[tuple[str, str], BodyGroup] = {}
    for org in bodies:
        group = groups.get((org.level, org.kind))
        if group is None:
            label = _("%(level)s%(kind)s") % {"level": Level(org.level).label, "kind": Kind(org.kind).label}
            group = groups[(org.level, org.kind)] = BodyGroup(f"{org.level}-{org.kind}", str(label), [])
        group.bodies.append(org)

    def order(key: tuple[str, str]) -> tuple[int, int]:
        level, kind = key
        return (LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER),
                KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER))  # fmt: skip

    return [groups[key] for key in sorted(groups, key=order)]


class RoundForm(forms.Form):
    """A new round. The bodies: each ticked one, and every body of a group whose 全部参评 is ticked,
    or every body at all (全部单位参评) — boxes the form understands without a script
    (``static/assessment/round-bodies.js`` only ticks and clears the bodies as they are ticked)."""

    title = forms.CharField(label=_("考核名称"), max_length=200)
    period_start = forms.DateField(label=_("考核期起"), widget=DATE)
    period_end = forms.DateField(label=_("考核期止"), widget=DATE)
    scheme = forms.ModelChoiceField(label=_("考核方案"), queryset=Scheme.objects.none())
    bodies = forms.ModelMultipleChoiceField(
        label=_("参评单位"),
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "本机关监督范围内的单位，按类别列出；勾选某类的“全部参评”即选中该类全部单位。"
            "参评分组按考核方案的分组规则自动确定，发布前可调整。"
        ),
    )
    all_bodies = forms.BooleanField(label=_("全部单位参评"), required=False)
    body_groups = forms.MultipleChoiceField(
        label=_("按类别全部参评"), required=False, widget=forms.CheckboxSelectMultiple
    )
    self_assessment_due = forms.DateField(label=_("自查报告截止日"), widget=DATE, required=False)
    objection_days = forms.IntegerField(
        label=_("申辩期限（工作日）"),
        min_value=1,
        max_value=30,
        initial=5,
        help_text=_("自反馈评分结果之日起计算，首日不计入。"),
    )

    def __init__(self, *args: Any, authority: Organization, bodies: QuerySet[Organization], **kwargs: Any):
        super().__init__(*args, **kwargs)
        scheme_field: Any = self.fields["scheme"]
        scheme_field.queryset = Scheme.objects.filter(
            Q(authority=None) | Q(authority=authority), state=SchemeState.PUBLISHED
        ).order_by("code", "-version")
        bodies_field: Any = self.fields["bodies"]
        bodies_field.queryset = bodies
        bodies_field.label_from_instance = lambda o: o.name
        self.groups = body_groups(bodies)
        self.fields["all_bodies"].label = _("全部单位参评（共%(n)d个）") % {
            "n": sum(len(g.bodies) for g in self.groups)
        }
        groups_field: Any = self.fields["body_groups"]
        groups_field.choices = [
            (g.key, _("%(group)s全部参评（%(n)d个）") % {"group": g.label, "n": len(g.bodies)})
            for g in self.groups
        ]
        groups_field.error_messages["invalid_choice"] = _("所选类别不在本机关考核范围内。")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = {o.pk for o in data.get("bodies") or []}
        wanted = set(data.get("body_groups") or [])
        for group in self.groups:
            if data.get("all_bodies") or group.key in wanted:
                chosen.update(o.pk for o in group.bodies)
        if not chosen and "bodies" not in self.errors:
            self.add_error("bodies", _("请至少选择一个参评单位。"))
        data["bodies"] = [o for g in self.groups for o in g.bodies if o.pk in chosen]
        return data

    def body_rows(self) -> list[dict[str, Any]]:
        """The groups for the template: each with its 全部参评 box and the boxes of its bodies."""
        boxes = {str(w.data["value"]): w for w in self["bodies"].subwidgets}
        group_boxes = {str(w.data["value"]): w for w in self["body_groups"].subwidgets}
        return [
            {
                "group": g,
                "all": group_boxes[g.key],
                "bodies": [boxes[str(o.pk)] for o in g.bodies if str(o.pk) in boxes],
            }
            for g in self.groups
        ]


class PeerGroupForm(forms.Form):
    group = forms.ChoiceField(label=_("参评分组"))

    def __init__(self, *args: Any, groups: Iterable[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["group"]
        field.choices = list(groups)


def _points_field(label: str, initial: Any, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        initial="" if initial is None else initial,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


#: A 单项否决 is yes or no, never points (``services.rounds.parse_veto``).
VETO_CHOICES = [("1", _("否决")), ("0", _("不否决"))]
VETO_INVALID = _("请选择“否决”或“不否决”。")


def _veto_initial(value: Any) -> str | None:
    return None if value is None else ("1" if value else "0")


def _veto_field(label: str, initial: Any, *, keep: str | None = None) -> forms.ChoiceField:
    """否决 / 不否决 as radio buttons (``keep``: the label of a first choice that changes nothing)."""
    choices = [("", keep), *VETO_CHOICES] if keep else VETO_CHOICES
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        initial="" if keep else _veto_initial(initial),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": VETO_INVALID},
    )


def _given_field(score: CriterionScore, label: str, initial: Any) -> forms.Field:
    """The field of what a person gives for a criterion: 否决/不否决 for a 单项否决, else points."""
    if score.criterion.kind == CriterionKind.VETO:
        return _veto_field(label, initial)
    return _points_field(label, initial)


class ReportForm(forms.Form):
    """The 自查报告: the overall narrative, per criterion the narrative and (criteria scored by hand)
    the self points, and files of 佐证材料."""

    summary = forms.CharField(
        label=_("自查情况总述"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, scores: list[CriterionScore], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.scores = scores
        for s in scores:
            code = {"code": s.criterion.code}
            self.fields[f"note_{s.pk}"] = forms.CharField(
                label=_("%(code)s 自查情况") % code,
                required=False,
                initial=s.self_note,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if hand_scored(s.criterion):
                label = (
                    _("%(code)s 自评结果") if s.criterion.kind == CriterionKind.VETO else _("%(code)s 自评分")
                )
                self.fields[f"points_{s.pk}"] = _given_field(s, str(label % code), s.self_points)
            self.fields[f"evidence_{s.pk}"] = forms.FileField(
                label=_("%(code)s 上传佐证材料") % code, required=False
            )

    def entries(self) -> dict[int, dict[str, Any]]:
        return {
            s.pk: {
                "note": self.cleaned_data.get(f"note_{s.pk}", ""),
                "points": self.cleaned_data.get(f"points_{s.pk}"),
            }
            for s in self.scores
        }

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "score": s,
                "note": self[f"note_{s.pk}"],
                "points": self[f"points_{s.pk}"] if f"points_{s.pk}" in self.fields else None,
                "evidence": self[f"evidence_{s.pk}"],
            }
            for s in self.scores
        ]


class ScoreForm(forms.Form):
    """The supervisor's points per criterion, each with the reason of a change from the self-score;
    a 单项否决 chosen by hand is 否决 or 不否决 (preset to 不否决 when nobody gave it), one with
    rules is the rules' and has no field."""

    def __init__(self, *args: Any, scores: list[CriterionScore], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.scores = scores
        for s in scores:
            if decided_by_rules(s.criterion):
                continue
            initial = s.final_points if s.final_points is not None else reference_points(s)
            code = {"code": s.criterion.code}
            if s.criterion.kind == CriterionKind.VETO:
                veto = _veto_field(str(_("%(code)s 评定结果") % code), initial)
                veto.initial = veto.initial or "0"
                self.fields[f"points_{s.pk}"] = veto
            else:
                self.fields[f"points_{s.pk}"] = _points_field(str(_("%(code)s 评定分") % code), initial)
            self.fields[f"reason_{s.pk}"] = forms.CharField(
                label=_("%(code)s 调整理由") % code,
                required=False,
                initial=s.change_reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def entries(self) -> dict[int, dict[str, Any]]:
        return {
            s.pk: {
                "points": self.cleaned_data.get(f"points_{s.pk}"),
                "reason": self.cleaned_data.get(f"reason_{s.pk}", ""),
            }
            for s in self.scores
        }

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "score": s,
                "points": self[f"points_{s.pk}"] if f"points_{s.pk}" in self.fields else None,
                "reason": self[f"reason_{s.pk}"] if f"reason_{s.pk}" in self.fields else None,
            }
            for s in self.scores
        ]


class ObjectionForm(forms.Form):
    criterion = forms.ChoiceField(label=_("申辩事项"), required=False)
    text = forms.CharField(label=_("申辩理由"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, scores: list[CriterionScore], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["criterion"]
        field.choices = [("", _("总体申辩")), *[(str(s.criterion_id), str(s.criterion)) for s in scores]]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[c for c in ObjectionOutcome.choices if c[0] != ObjectionOutcome.PENDING],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}))
    points = forms.CharField(
        label=_("调整后的评定分"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        help_text=_("仅针对具体指标的申辩；不调整分值请留空。"),
    )
    reason = forms.CharField(label=_("调整理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, score: CriterionScore | None = None, **kwargs: Any):
        """``score``: the criterion objected to (None for an overall objection). A 单项否决 is
        changed to 否决 or 不否决, or kept; one decided by its rules cannot be changed here."""
        super().__init__(*args, **kwargs)
        self.adjustable = score is not None and not decided_by_rules(score.criterion)
        if score is None or decided_by_rules(score.criterion):
            del self.fields["points"], self.fields["reason"]
        elif score.criterion.kind == CriterionKind.VETO:
            self.fields["points"] = _veto_field(str(_("调整后的评定结果")), None, keep=str(_("不调整")))
