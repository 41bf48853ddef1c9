"""民主评议 (docs/SPEC.md §7): a yearly survey with a configurable questionnaire, answered on the
portal by the public and by invited panels with access codes, with figures per body."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")


class Survey(models.Model):
    authority = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织评议机关")
    )
    year = models.PositiveSmallIntegerField(_("评议年度"))
    title = models.CharField(_("标题"), max_length=200)
    introduction = models.TextField(_("说明"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT)
    opens_on = models.DateField(_("开始日期"), null=True, blank=True)
    closes_on = models.DateField(_("结束日期"), null=True, blank=True)
    open_to_public = models.BooleanField(_("向社会公众开放"), default=True)
    #: The public's weight beside the panels' (``Panel.weight``): each group's mean counts with it.
    public_weight = models.DecimalField(_("社会公众权重"), max_digits=5, decimal_places=2, default=1)
    choices = models.JSONField(
        _("评价等次"), default=list, help_text=_("如 优秀/满意/基本满意/不满意，各带分值")
    )
    bodies = models.ManyToManyField("orgs.Organization", related_name="+", verbose_name=_("被评议单位"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        ordering = ["-year", "-id"]
        constraints = [
            # One survey per authority and year (a year's results are that survey's).
            models.UniqueConstraint(fields=["authority", "year"], name="assessment_survey_one_per_year"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    text = models.CharField(_("评议内容"), max_length=300)

    class Meta:
        verbose_name = _("评议项目")
        verbose_name_plural = _("评议项目")
        ordering = ["survey", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Panel(models.Model):
    """An invited panel (e.g. 人大代表、政协委员、企业代表、群众代表), answering with access codes."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("评议代表类别"), max_length=100)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2, default=1)

    class Meta:
        verbose_name = _("评议代表")
        verbose_name_plural = _("评议代表")
        ordering = ["survey", "id"]

    def __str__(self) -> str:
        return self.name


class AccessCode(models.Model):
    """One invited person's code: kept as a keyed hash, usable once."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("评议码")
        verbose_name_plural = _("评议码")

    def __str__(self) -> str:
        return f"{self.panel} · {self.pk}"


class SurveyResponse(models.Model):
    """One questionnaire sent: by the public (no personal data) or by a panel member's code."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    panel = models.ForeignKey(
        Panel, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    token = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评议答卷")
        verbose_name_plural = _("评议答卷")

    def __str__(self) -> str:
        return f"{self.survey} · {self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("评价"), max_length=20)

    class Meta:
        verbose_name = _("评议结果")
        verbose_name_plural = _("评议结果")
        indexes = [models.Index(fields=["organization", "question"])]

    def __str__(self) -> str:
        return f"{self.organization_id} · {self.question_id} · {self.choice}"
