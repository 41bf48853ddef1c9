"""Assessment schemes (评议考核细则, docs/SPEC.md §7) as versioned configuration.

A ``Scheme`` names the document it comes from. Its criteria form a tree with maximum points; what a
criterion deducts, adds or vetoes is data (``Criterion.rules``), read by the pure scoring kernel
(``assessment/scoring.py``), which also defines and checks the format of ``rules`` and of
``Scheme.config`` (peer groups with their scaling, grade thresholds, minimum samples).

A published scheme never changes: a correction is a new version (``supersedes`` the old one), and a
closed round is recomputed under it as one action that shows what changed (``Recomputation``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class Scheme(models.Model):
    authority = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("制定机关"),
        help_text=_("空：平台自带的模板"),
    )
    code = models.SlugField(_("方案代码"), max_length=60, help_text=_("同一方案的各个版本共用一个代码"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    name = models.CharField(_("方案名称"), max_length=200)
    source_document = models.CharField(_("依据文件"), max_length=300)
    source_note = models.TextField(_("依据说明"), blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=SchemeState.choices, default=SchemeState.DRAFT)
    config = models.JSONField(
        _("计分配置"),
        default=dict,
        blank=True,
        help_text=_("参评分组、折算、等次、最小样本（格式见计分规则）"),
    )
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("替代版本")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "code", "version"], name="assessment_scheme_version"
            ),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(authority=None),
                name="assessment_template_version",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(name)s（第%(version)s版）")) % {"name": self.name, "version": self.version}


class CriterionKind(models.TextChoices):
    GROUP = "group", _("分类")
    INDICATOR = "indicator", _("按指标扣分")
    MANUAL = "manual", _("人工评分")
    BONUS = "bonus", _("加分")
    VETO = "veto", _("单项否决")


class Criterion(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级"),
    )
    code = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("考核内容"), max_length=300)
    kind = models.CharField(_("计分方式"), max_length=12, choices=CriterionKind.choices)
    max_points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, default=0)
    position = models.PositiveIntegerField(_("排序"), default=0)
    groups = models.JSONField(_("适用分组"), default=list, blank=True, help_text=_("空：所有参评单位"))
    rules = models.JSONField(_("计分规则"), default=list, blank=True)
    guidance = models.TextField(_("评分标准"), blank=True)
    evidence_required = models.BooleanField(_("须附佐证材料"), default=False)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="assessment_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
