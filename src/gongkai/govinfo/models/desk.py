"""The information section's desk: numbered issues (期) of its publications, the items adopted into
them, adoptions by publications above, and the circulation log (传阅) of every issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.govinfo.models.config import Publication, PublicationLevel
from gongkai.govinfo.models.submissions import Submission


class IssueState(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    ISSUED = "issued", _("已印发")


class Issue(models.Model):
    """One issue of a publication. Its number (第N期) is taken when it is issued, from a counter per
    publication and year (``core.serials``), so numbers have no gaps; 总第N期 counts all years."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="issues", verbose_name=_("刊物")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True)
    total_number = models.PositiveIntegerField(_("总期号"), null=True, blank=True)
    date = models.DateField(_("印发日期"), null=True, blank=True)
    editor_note = models.TextField(_("编者按"), blank=True)
    bao = models.CharField(_("报"), max_length=300, blank=True)
    song = models.CharField(_("送"), max_length=300, blank=True)
    fa = models.CharField(_("发"), max_length=300, blank=True)
    #: 共印N份 at the foot of the issue (optional).
    copies = models.PositiveIntegerField(_("印数"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=IssueState.choices, default=IssueState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: 信息建档: the archive reference given when the issue is filed.
    archive_code = models.CharField(_("档号"), max_length=40, blank=True)
    archived_at = models.DateTimeField(_("建档时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("刊期")
        verbose_name_plural = _("刊期")
        ordering = ["publication", "-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "year", "number"], name="unique_issue_number")
        ]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.publication.name}（待编期号）"
        return f"{self.publication.name} {self.year}年第{self.number}期"


class IssueEntry(models.Model):
    """An item of an issue, in order; the text as edited for the publication."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="entries")
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="issue_entries")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))

    class Meta:
        verbose_name = _("刊期条目")
        verbose_name_plural = _("刊期条目")
        ordering = ["issue", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["issue", "submission"], name="unique_issue_entry")]

    def __str__(self) -> str:
        return self.title


class AdoptionSource(models.TextChoices):
    ISSUE = "issue", _("本平台刊期")
    AUTOMATIC = "automatic", _("上级采用（自动）")
    MANUAL = "manual", _("上级采用通报（手工登记）")


class Adoption(models.Model):
    """A publication adopted (采用) a submission: into an issue on the platform, automatically for the
    units below when an office above on the platform adopts what was forwarded to it, or by hand from
    the notice of a publication outside the platform. Points are computed from these rows."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="adoptions")
    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("刊物")
    )
    level = models.CharField(_("层级"), max_length=10, choices=PublicationLevel.choices)
    issue = models.ForeignKey(
        Issue, on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions"
    )
    issue_label = models.CharField(_("期号"), max_length=40, blank=True)
    adopted_on = models.DateField(_("采用日期"), db_index=True)
    source = models.CharField(_("来源"), max_length=10, choices=AdoptionSource.choices)
    #: Reached the publication through a forward (转报) by the section above: multiplied by level.
    via_forward = models.BooleanField(_("经转报采用"), default=False)
    notice = models.CharField(_("依据（通报文号）"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("采用记录")
        verbose_name_plural = _("采用记录")
        ordering = ["-adopted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "publication", "issue_label"], name="unique_adoption"
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication_id} · {self.issue_label}"


class Circulation(models.Model):
    """传阅: who opened an issue, and when (every opening is a row)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="circulation")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("阅看时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("传阅记录")
        verbose_name_plural = _("传阅记录")
        ordering = ["issue", "opened_at"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.opened_at:%Y-%m-%d %H:%M}"
