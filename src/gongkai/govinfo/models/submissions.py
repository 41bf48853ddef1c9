"""A submission (信息稿件) and what hangs on it: its credited units and authors, the revisions the
editors made, its sign-off signatures, attachments, and forwarding (转报) upward (docs/SPEC.md §8).

State changes happen only in ``govinfo.services`` (permission, audit, notifications); the model
holds the data and the transitions the workflow allows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from gongkai.govinfo.models.config import Carrier
from gongkai.orgs.models import Organization

#: ``SignOffStep.workflow`` of the submissions' chain (section head → deputy director → head).
SUBMISSION_WORKFLOW = "submission"


class Kind(models.TextChoices):
    DYNAMIC = "dynamic", _("动态信息")
    EXPERIENCE = "experience", _("经验做法")
    PROBLEM = "problem", _("问题/反映")
    PROPOSAL = "proposal", _("建议/对策")
    RESEARCH = "research", _("调研")
    ECONOMY = "economy", _("经济运行")
    EMERGENCY = "emergency", _("紧急信息/突发事件")


class TimeClass(models.TextChoices):
    """When it must be reported (docs/SPEC.md §8: 经济运行信息当月报，动态信息当天报，突发信息随时报)."""

    MONTH = "month", _("当月报")
    DAY = "day", _("当天报")
    ANY_TIME = "any_time", _("随时报")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    MAJOR = "major", _("重大")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SIGNING = "signing", _("签发中")
    SUBMITTED = "submitted", _("已报送")
    RECEIVED = "received", _("已签收")
    RETURNED = "returned", _("已退回")
    RESERVED = "reserved", _("储备")
    ADOPTED = "adopted", _("已采用")
    MERGED = "merged", _("已合并")
    WITHDRAWN = "withdrawn", _("已撤回")


class Submission(ConcurrentTransitionMixin, models.Model):
    """One information submission, from the unit that wrote it (``organization``) to the information
    section of the office it reports to (``recipient``)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="govinfo_submissions", verbose_name=_("报送单位")
    )
    recipient = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="govinfo_received",
        verbose_name=_("报送至"),
    )
    serial = models.CharField(_("编号"), max_length=30, blank=True, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    kind = models.CharField(_("信息类别"), max_length=12, choices=Kind.choices, default=Kind.DYNAMIC)
    time_class = models.CharField(_("时效"), max_length=10, choices=TimeClass.choices, default=TimeClass.DAY)
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    is_region_wide = models.BooleanField(_("全区（市）性"), default=False)
    carrier = models.ForeignKey(
        Carrier, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("目标载体")
    )
    commission = models.ForeignKey(
        "govinfo.Commission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("所答约稿"),
    )
    state = FSMField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFT, protected=True)
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("起草人")
    )
    #: The sign-off chain's position in the current round (``orgs.signoff``), and the round.
    signoff_position = models.PositiveSmallIntegerField(default=0)
    signoff_round = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    sent_for_signoff_at = models.DateTimeField(_("送签时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True, db_index=True)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    #: A submission forwarded upward (转报) by an information section: the one it was made from.
    forwarded_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("转报自"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("合并至"),
    )
    #: The text of the body without markup, counted by ``govinfo.lengths`` and segmented for the
    #: near-duplicate search.
    plain_text = models.TextField(blank=True)
    length = models.PositiveIntegerField(_("字数"), default=0)

    class Meta:
        verbose_name = _("信息稿件")
        verbose_name_plural = _("信息稿件")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "state", "submitted_at"], name="govinfo_sub_desk"),
            # The unit's counts by month read this index alone (govinfo.scoring.monthly_submissions,
            # and govinfo.figures.unit_dashboard, which leaves out forwarded copies; the id is for the
            # adopted ones' semi-join on PostgreSQL, SQLite keeps it in every index anyway).
            models.Index(
                fields=["organization", "submitted_at", "state", "forwarded_from", "id"],
                name="govinfo_sub_unit",
            ),
            # An office's table (govinfo.figures.office_figures: what was sent to it in a year, by
            # unit and month) reads this index alone; the desk index above has no unit.
            models.Index(
                fields=["recipient", "submitted_at", "organization", "state", "id"],
                name="govinfo_sub_desk_counts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_head(self) -> bool:
        """A region-wide, urgent or major item also needs the head's signature (docs/SPEC.md §8)."""
        return self.is_region_wide or self.urgency != Urgency.NORMAL

    # -- transitions (called by govinfo.services only) -------------------------------------------

    @transition(field=state, source=[State.DRAFT, State.RETURNED], target=State.SIGNING)
    def send_for_signoff(self) -> None:
        pass

    @transition(field=state, source=State.SIGNING, target=State.DRAFT)
    def recall(self) -> None:
        pass

    @transition(field=state, source=[State.SIGNING, State.DRAFT, State.RETURNED], target=State.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=state, source=[State.DRAFT, State.SIGNING, State.SUBMITTED, State.RETURNED],
                target=State.WITHDRAWN)  # fmt: skip
    def withdraw(self) -> None:
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.RECEIVED)
    def receive(self) -> None:
        pass

    @transition(field=state, source=[State.SUBMITTED, State.RECEIVED, State.RESERVED], target=State.RETURNED)
    def send_back(self) -> None:
        pass

    @transition(field=state, source=[State.SUBMITTED, State.RECEIVED], target=State.RESERVED)
    def reserve(self) -> None:
        pass

    @transition(field=state, source=[State.SUBMITTED, State.RECEIVED, State.RESERVED, State.ADOPTED],
                target=State.ADOPTED)  # fmt: skip
    def adopt(self) -> None:
        pass

    @transition(field=state, source=State.ADOPTED, target=State.RECEIVED)
    def unadopt(self) -> None:
        """Taken out of its last draft issue before it was issued (adopted nowhere)."""

    @transition(field=state, source=[State.SUBMITTED, State.RECEIVED, State.RESERVED], target=State.MERGED)
    def merge(self) -> None:
        pass


class CreditedUnit(models.Model):
    """A unit credited with a submission: the submitting unit, the partners of a joint submission,
    and every unit of a merged one. Points are split evenly among them (docs/SPEC.md §8)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="credits")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )

    class Meta:
        verbose_name = _("署名单位")
        verbose_name_plural = _("署名单位")
        constraints = [
            models.UniqueConstraint(fields=["submission", "organization"], name="unique_credited_unit")
        ]
        #: A ranking counts the submissions credited to the units of an office from this side
        #: (``scoring``): without it SQLite walks every submission of the period and probes each
        #: for every unit (benchmarks/bench_govinfo.py: 23 s instead of 0.7 s for a city office).
        indexes = [models.Index(fields=["organization", "submission"], name="govinfo_credit_by_unit")]

    def __str__(self) -> str:
        return str(self.organization_id)


class Author(models.Model):
    """An author of a submission with their share (the shares of a submission add up to 1)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("作者"), max_length=60)
    share = models.DecimalField(_("份额"), max_digits=4, decimal_places=3, default=Decimal(1))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("作者")
        verbose_name_plural = _("作者")
        ordering = ["submission", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """A saved version of a submission's title and body: every save by the author and every edit by
    the information section, so the author sees the editor's changes as a diff."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_editor = models.BooleanField(_("编辑修改"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("修改记录")
        verbose_name_plural = _("修改记录")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="unique_submission_revision")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class Signature(models.Model):
    """A signature of one step of the unit's chain, one per submission, step and round."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="signatures")
    position = models.PositiveSmallIntegerField(_("环节"))
    title = models.CharField(_("环节名称"), max_length=60)
    round = models.PositiveSmallIntegerField(_("轮次"))
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    opinion = models.CharField(_("意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("签发记录")
        verbose_name_plural = _("签发记录")
        ordering = ["submission", "round", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position", "round"], name="unique_submission_signature"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.signer_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    from gongkai.core.files.kinds import stored_name

    return f"govinfo/{instance.sha256[:2]}/{stored_name(instance.sha256, instance.kind)}"


class Attachment(models.Model):
    """An attachment or photo of a submission, stored under its content hash with its detected kind."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    kind = models.CharField(_("格式"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    is_photo = models.BooleanField(_("照片"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return self.original_name


class Forward(models.Model):
    """An information section forwarding (转报) a submission upward: to the next office on the
    platform (``created`` is the submission it became there), or to an office outside it, recorded
    by hand (``to_name``)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="forwarded")
    to_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("转报至"),
    )
    to_name = models.CharField(_("转报至（平台外）"), max_length=100, blank=True)
    created = models.OneToOneField(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="forward_record"
    )
    at = models.DateTimeField(_("转报时间"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("转报")
        verbose_name_plural = _("转报")
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.to_name or str(self.to_organization_id)
