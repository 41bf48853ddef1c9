"""Configuration of the information work: carriers with their length limits, the publications
(信息刊物) of each information section and of the offices above, and the deadlines of urgent
reports. All of it is configuration (docs/SPEC.md §8: "configuration, not code")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Organization


class LimitKind(models.TextChoices):
    """How a carrier's length limit binds (``govinfo.lengths``)."""

    AT_MOST = "at_most", _("不超过")
    ABOUT = "about", _("左右")


class Carrier(models.Model):
    """A target carrier (载体) of a submission with its length limit, e.g. 普刊 ≤ 200 字, 要情 ≈ 200,
    报国办要情/综合 ≤ 150, 专供信息 ≈ 1,500, 政务情况交流 ≈ 3,000, 特刊 ≈ 2,000 (docs/SPEC.md §8)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("载体"), max_length=60)
    limit = models.PositiveIntegerField(_("字数"))
    limit_kind = models.CharField(_("限制方式"), max_length=10, choices=LimitKind.choices)
    tolerance_percent = models.PositiveSmallIntegerField(
        _("允许超出（%）"), default=10, help_text=_("“左右”的载体允许超出的比例；“不超过”的载体不适用")
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("报送载体")
        verbose_name_plural = _("报送载体")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        sign = "≤" if self.limit_kind == LimitKind.AT_MOST else "≈"
        return f"{self.name}（{sign}{self.limit}字）"


class PublicationLevel(models.TextChoices):
    """The level of a publication, which its points depend on (docs/SPEC.md §8)."""

    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("国办")


class Edition(models.TextChoices):
    """What kind of publication it is (docs/SPEC.md §8: the provincial general issue and its internet
    edition score differently)."""

    GENERAL = "general", _("综合刊")
    INTERNET = "internet", _("网络版")
    DAILY = "daily", _("每日要情")
    SPECIAL = "special", _("专报")
    BRIEF = "brief", _("简报")


class Publication(models.Model):
    """An information publication (信息刊物): 《政务信息》, 《每日要情》, 专报, 简报.

    A publication of an office on the platform has ``organization`` (its information section edits
    numbered issues of it here); a publication of an office outside the platform (the province's,
    国办's) has none: its adoptions are recorded by hand from its notices.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("编印单位"),
    )
    name = models.CharField(_("刊物名称"), max_length=60)
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    level = models.CharField(_("层级"), max_length=10, choices=PublicationLevel.choices)
    edition = models.CharField(_("类别"), max_length=10, choices=Edition.choices, default=Edition.GENERAL)
    publisher_name = models.CharField(
        _("编印单位名称"),
        max_length=100,
        blank=True,
        help_text=_("刊头所印的编印单位，例如“宿州市人民政府办公室”"),
    )
    default_bao = models.CharField(_("默认报送（报）"), max_length=300, blank=True)
    default_song = models.CharField(_("默认抄送（送）"), max_length=300, blank=True)
    default_fa = models.CharField(_("默认分发（发）"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("信息刊物")
        verbose_name_plural = _("信息刊物")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def on_platform(self) -> bool:
        return self.organization_id is not None


class Severity(models.TextChoices):
    """The grade of an emergency (突发事件分级)."""

    ORDINARY = "ordinary", _("一般")
    LARGE = "large", _("较大")
    MAJOR = "major", _("重大")
    GRAVE = "grave", _("特别重大")


class Channel(models.TextChoices):
    PHONE = "phone", _("电话报告")
    WRITTEN = "written", _("书面报告")


class UrgentDeadline(models.Model):
    """How soon after learning of an event it must be reported, by severity and channel (local
    rules: 30 minutes by phone and 60 written for major events; Lanzhou's ≤ 2 hours)."""

    severity = models.CharField(_("事件等级"), max_length=10, choices=Severity.choices)
    channel = models.CharField(_("报告方式"), max_length=10, choices=Channel.choices)
    minutes = models.PositiveIntegerField(_("时限（分钟）"))
    source_document = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("紧急信息报告时限")
        verbose_name_plural = _("紧急信息报告时限")
        constraints = [models.UniqueConstraint(fields=["severity", "channel"], name="unique_urgent_deadline")]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} · {self.get_channel_display()} · {self.minutes} 分钟"
