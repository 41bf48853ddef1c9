"""An assessment round (docs/SPEC.md §7): the competent authority opens it for a period, a scheme and
the bodies assessed; each body writes its 自查报告 (pre-filled from its indicators) and submits it;
the supervisor scores, every change from the self-score with a reason; the body may object (申辩)
within a window; then the results are final, ranked, and announced in a 通报.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from gongkai.disclosure.models import ReadFile


class RoundState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SELF_ASSESSMENT = "self_assessment", _("单位自查")
    SCORING = "scoring", _("考核评分")
    OBJECTION = "objection", _("结果反馈（申辩）")
    FINAL = "final", _("结果确定")


class Round(ConcurrentTransitionMixin, models.Model):
    authority = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织考核机关")
    )
    title = models.CharField(_("考核名称"), max_length=200)
    period_start = models.DateField(_("考核期起"))
    period_end = models.DateField(_("考核期止"))
    scheme = models.ForeignKey(
        "assessment.Scheme", on_delete=models.PROTECT, related_name="rounds", verbose_name=_("考核方案")
    )
    state = FSMField(
        _("状态"), max_length=16, choices=RoundState.choices, default=RoundState.DRAFT, protected=True
    )
    self_assessment_due = models.DateField(_("自查报告截止日"), null=True, blank=True)
    objection_days = models.PositiveSmallIntegerField(
        _("申辩期限（工作日）"), default=5, help_text=_("自开始反馈结果之日起计算，首日不计入")
    )
    objection_due = models.DateField(_("申辩截止日"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    finalized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("考核")
        verbose_name_plural = _("考核")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return self.title

    # -- transitions (called by assessment.services.rounds only, under a lock of the row) ----------

    @transition(field=state, source=RoundState.DRAFT, target=RoundState.SELF_ASSESSMENT)
    def open(self, now: Any) -> None:
        self.opened_at = now

    @transition(field=state, source=RoundState.SELF_ASSESSMENT, target=RoundState.SCORING)
    def start_scoring(self) -> None:
        pass

    @transition(field=state, source=RoundState.SCORING, target=RoundState.OBJECTION)
    def open_objections(self, due: dt.date) -> None:
        self.objection_due = due

    @transition(field=state, source=RoundState.OBJECTION, target=RoundState.FINAL)
    def finalize(self, now: Any) -> None:
        self.finalized_at = now


class RoundBodyState(models.TextChoices):
    PENDING = "pending", _("待自查")
    SUBMITTED = "submitted", _("已提交自查报告")
    SCORED = "scored", _("已评分")
    OBJECTED = "objected", _("已申辩")
    FINAL = "final", _("结果确定")


class RoundBody(models.Model):
    """One body's part in a round: its 自查报告, its scores, its result."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bodies")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("参评单位")
    )
    peer_group = models.CharField(_("参评分组"), max_length=30)
    state = models.CharField(
        _("状态"), max_length=12, choices=RoundBodyState.choices, default=RoundBodyState.PENDING
    )
    indicators = models.JSONField(_("指标快照"), default=dict, blank=True)
    indicators_at = models.DateTimeField(_("指标计算时间"), null=True, blank=True)
    summary = models.TextField(_("自查情况总述"), blank=True)
    self_total = models.DecimalField(_("自评得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    raw_total = models.DecimalField(_("考核得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("折算得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    vetoes = models.JSONField(_("单项否决"), default=list, blank=True)
    grade = models.CharField(_("等次"), max_length=20, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    rank_tied = models.BooleanField(_("并列"), default=False)
    band = models.CharField(_("档次"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("参评单位")
        verbose_name_plural = _("参评单位")
        ordering = ["round", "rank", "organization__position", "organization_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="assessment_round_body"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organization}"

    @property
    def peer_group_label(self) -> str:
        """The peer group as its scheme names it (“市直部门”), not its code."""
        for group in self.round.scheme.config.get("groups") or []:
            if isinstance(group, dict) and group.get("code") == self.peer_group:
                return str(group.get("label") or self.peer_group)
        return self.peer_group

    @property
    def veto_labels(self) -> list[str]:
        """The veto items (单项否决) this body triggered, with their titles: "5 空白栏目或不更新栏目"."""
        if not self.vetoes:
            return []
        titles = _criterion_titles(self.round.scheme_id)
        return [f"{code} {titles.get(code, '')}".strip() for code in self.vetoes]


@functools.lru_cache(maxsize=64)
def _criterion_titles(scheme_id: int) -> dict[str, str]:
    """Code → title of a scheme's criteria. A round's scheme is published, and a published scheme
    never changes (a correction is a new version), so the titles may be kept for the process."""
    from gongkai.assessment.models.schemes import Criterion

    return dict(Criterion.objects.filter(scheme_id=scheme_id).values_list("code", "title"))


class CriterionScore(models.Model):
    """One criterion of one body in a round: what the indicators give, what the body claims in its
    自查报告, and what the supervisor decides (a change from the self-score needs a reason)."""

    round_body = models.ForeignKey(RoundBody, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("assessment.Criterion", on_delete=models.PROTECT, related_name="+")
    computed_points = models.DecimalField(
        _("系统计算"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    computed_detail = models.JSONField(_("计算明细"), default=list, blank=True)
    self_points = models.DecimalField(_("自评分"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("自查情况"), blank=True)
    final_points = models.DecimalField(_("评定分"), max_digits=6, decimal_places=2, null=True, blank=True)
    change_reason = models.TextField(_("调整理由"), blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["round_body", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["round_body", "criterion"], name="assessment_criterion_score"),
        ]

    def __str__(self) -> str:
        return f"{self.round_body} · {self.criterion_id}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"assessment/evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(ReadFile):
    """A file the body attaches to one criterion of its 自查报告 (佐证材料)."""

    score = models.ForeignKey(CriterionScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["score", "position", "id"]


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("待处理")
    # 采纳 an objection is to uphold it (not to adopt a comment, opinions.Adoption): its own context.
    UPHELD = "upheld", pgettext_lazy("objection outcome", "采纳")
    PARTLY = "partly", pgettext_lazy("objection outcome", "部分采纳")
    REJECTED = "rejected", pgettext_lazy("objection outcome", "不予采纳")


class Objection(models.Model):
    """A body's 申辩 against its scores, within the round's objection window."""

    round_body = models.ForeignKey(RoundBody, on_delete=models.CASCADE, related_name="objections")
    criterion = models.ForeignKey(
        "assessment.Criterion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("申辩理由"))
    filed_at = models.DateTimeField(auto_now_add=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        _("处理结果"), max_length=10, choices=ObjectionOutcome.choices, default=ObjectionOutcome.PENDING
    )
    response = models.TextField(_("答复"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("申辩")
        verbose_name_plural = _("申辩")
        ordering = ["round_body", "filed_at", "id"]

    def __str__(self) -> str:
        return f"{self.round_body} · 申辩 {self.pk}"


class Recomputation(models.Model):
    """A closed round recomputed under another version of its scheme: what changed, per body."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="recomputations")
    scheme_before = models.ForeignKey("assessment.Scheme", on_delete=models.PROTECT, related_name="+")
    scheme_after = models.ForeignKey("assessment.Scheme", on_delete=models.PROTECT, related_name="+")
    changes = models.JSONField(_("变化"), default=list)
    reason = models.TextField(_("理由"))
    done_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("重新计分")
        verbose_name_plural = _("重新计分")
        ordering = ["round", "-done_at"]

    def __str__(self) -> str:
        return f"{self.round} · {self.done_at:%Y-%m-%d}"


class BulletinKind(models.TextChoices):
    RESULTS = "results", _("考核结果通报")
    CRITICISM = "criticism", _("通报批评")


class Bulletin(models.Model):
    """A 通报: the results of a round, or a 通报批评 issued from a reviewed draft. Generated as DOCX;
    public on the portal once published."""

    authority = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=BulletinKind.choices)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="bulletins"
    )
    number = models.CharField(_("文号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
