"""The catalog (目录): templates shipped as data, each body's column tree, and the class lists."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UpdateClass(models.TextChoices):
    """How often a column must receive an item (栏目更新类别), for the stale-column indicator of
    监督考核 (docs/SPEC.md §7, after the national website checking indicators, 国办秘函〔2019〕19号:
    动态/要闻 2 weeks, 通知公告/政策文件 6 months, 人事 and 规划计划 1 year, historical topics exempt).
    The intervals are in ``gongkai.disclosure.column_updates``."""

    NEWS = "news", _("动态/要闻（2周）")
    NOTICES = "notices", _("通知公告/政策文件（6个月）")
    YEARLY = "yearly", _("人事/规划计划（1年）")
    HISTORICAL = "historical", _("历史专题（不考核更新）")
    #: Pages that describe rather than report (机构职能, 内设机构, a group of sub-columns): no
    #: update duty; such a column can still be empty (空白栏目).
    STATIC = "static", _("无更新要求（如机构职能）")


class CatalogTemplate(models.Model):
    """A catalog template (docs/SPEC.md §2.3); the four shipped ones are loaded by a data migration."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("目录模板")
        verbose_name_plural = _("目录模板")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class TemplateColumn(models.Model):
    template = models.ForeignKey(CatalogTemplate, on_delete=models.CASCADE, related_name="columns")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("编码"), max_length=20)
    name = models.CharField(_("栏目名称"), max_length=120)
    position = models.PositiveIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)
    #: For the basic-level standard catalog: 公开内容(要素), 公开依据, 公开时限, 公开主体, 公开渠道和载体,
    #: 公开对象, 公开方式.
    standard = models.JSONField(_("标准目录要素"), default=dict, blank=True)
    update_class = models.CharField(
        _("更新类别"), max_length=12, choices=UpdateClass.choices, default=UpdateClass.NOTICES
    )

    class Meta:
        verbose_name = _("模板栏目")
        verbose_name_plural = _("模板栏目")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="unique_template_column_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CatalogColumn(models.Model):
    """A column (栏目) of one body's catalog. Administrators may add, rename and hide columns."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="columns", verbose_name=_("机构")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级栏目"),
    )
    code = models.CharField(_("编码"), max_length=20)
    name = models.CharField(_("栏目名称"), max_length=120)
    position = models.PositiveIntegerField(_("排序"), default=0)
    is_hidden = models.BooleanField(_("隐藏"), default=False)
    description = models.TextField(_("说明"), blank=True)
    standard = models.JSONField(_("标准目录要素"), default=dict, blank=True)
    template_column = models.ForeignKey(TemplateColumn, on_delete=models.SET_NULL, null=True, blank=True)
    update_class = models.CharField(
        _("更新类别"),
        max_length=12,
        choices=UpdateClass.choices,
        default=UpdateClass.NOTICES,
        help_text=_("栏目应多久更新一次；由目录模板给出默认值，超过期限未更新的栏目计为未及时更新栏目"),
    )
    update_interval_days = models.PositiveSmallIntegerField(
        _("更新周期（天）"),
        null=True,
        blank=True,
        help_text=_("留空则按更新类别的周期；历史专题和无更新要求的栏目不考核更新"),
    )
    #: Null for the columns that existed before the date was kept (they count as always there).
    created_at = models.DateTimeField(
        _("创建时间"), null=True, blank=True, default=timezone.now, editable=False
    )

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["organization", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="unique_column_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent is not None else self.name


class ClassificationScheme(models.TextChoices):
    TOPIC = "topic", _("主题分类")
    GENRE = "genre", _("体裁分类")
    AUDIENCE = "audience", _("服务对象分类")
    COMBINED = "combined", _("组配分类")


class Classification(models.Model):
    """A value of one of the configurable class lists (主题/体裁/服务对象/组配分类)."""

    scheme = models.CharField(_("分类体系"), max_length=20, choices=ClassificationScheme.choices)
    code = models.CharField(_("代码"), max_length=20)
    name = models.CharField(_("名称"), max_length=60)
    position = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("分类")
        verbose_name_plural = _("分类")
        ordering = ["scheme", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_classification_code")]

    def __str__(self) -> str:
        return self.name
