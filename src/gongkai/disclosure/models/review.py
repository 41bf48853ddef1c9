"""Records of the review side of publishing: secrecy reviews, finding decisions, sign-offs, and
不予公开 filings to the competent authority."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure.legal import ExemptionReason


class ReviewConclusion(models.TextChoices):
    PASS = "pass", _("同意公开")
    RETURN = "return", _("退回修改")
    REFER = "refer", _("呈报上级主管部门审定")


class SecrecyReview(models.Model):
    """保密审查表: reviewer, date, conclusion and the findings of the automatic scan at that time."""

    item = models.ForeignKey("disclosure.Item", on_delete=models.CASCADE, related_name="secrecy_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("审查人"))
    reviewed_at = models.DateTimeField(_("审查日期"), auto_now_add=True)
    conclusion = models.CharField(_("审查结论"), max_length=20, choices=ReviewConclusion.choices)
    opinion = models.TextField(_("审查意见"), blank=True)
    findings = models.JSONField(_("自动扫描结果"), default=list)

    class Meta:
        verbose_name = _("保密审查记录")
        verbose_name_plural = _("保密审查记录")
        ordering = ["item", "reviewed_at"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.get_conclusion_display()}"  # type: ignore[attr-defined]


class FindingDecision(models.Model):
    """A reviewer's decision on one high finding (identified by field, kind and matched text).

    "已删除或遮盖" is never a claim: it is recorded only by the services that mask the text, replace
    or remove the file, and only after a rescan no longer finds the finding (``method`` says how).
    A removal decision never clears a finding that is found again. "不涉密，按原样公开" needs a reason.
    """

    class Decision(models.TextChoices):
        NOT_SECRET = "not_secret", _("不涉密，按原样公开")
        REMOVED = "removed", _("已删除或遮盖")

    class Method(models.TextChoices):
        MASKED = "masked", _("已遮盖，经复查确认")
        FILE_REPLACED = "file_replaced", _("已替换附件，经复查确认")
        FILE_REMOVED = "file_removed", _("已删除附件")
        RESCAN = "rescan", _("复查未再发现")

    item = models.ForeignKey("disclosure.Item", on_delete=models.CASCADE, related_name="finding_decisions")
    fingerprint = models.CharField(max_length=200)
    field = models.CharField(max_length=60)
    kind = models.CharField(max_length=40)
    matched = models.CharField(max_length=200)
    decision = models.CharField(_("决定"), max_length=20, choices=Decision.choices)
    note = models.TextField(_("说明"), blank=True)
    method = models.CharField(_("处理方式"), max_length=20, choices=Method.choices, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("扫描结果处理")
        verbose_name_plural = _("扫描结果处理")
        constraints = [
            models.UniqueConstraint(fields=["item", "fingerprint"], name="unique_finding_decision")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.matched}"


class SecrecyKeyword(models.Model):
    """The installation's configurable keyword list for the secrecy scan."""

    class Severity(models.TextChoices):
        HIGH = "high", _("高")
        MEDIUM = "medium", _("中")
        LOW = "low", _("低")

    text = models.CharField(_("关键词"), max_length=60, unique=True)
    severity = models.CharField(_("级别"), max_length=10, choices=Severity.choices, default=Severity.HIGH)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("保密关键词")
        verbose_name_plural = _("保密关键词")
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text


class SignOff(models.Model):
    """One signature in an item's sign-off chain.

    ``round`` is the number of the secrecy review the item passed before this signature: an item
    returned and reviewed again starts a new round and is signed again from the first step. One
    signature per step and round is a database constraint, so two signers who opened the same step
    at once cannot both sign it even if the service's row lock were bypassed. ``round`` is empty
    only on a second signature of an already signed step recorded before that rule was enforced
    (kept for the record; NULLs never collide in a unique constraint).
    """

    item = models.ForeignKey("disclosure.Item", on_delete=models.CASCADE, related_name="signoffs")
    step_title = models.CharField(_("环节"), max_length=60)
    position = models.PositiveSmallIntegerField()
    round = models.PositiveSmallIntegerField(_("签发轮次"), null=True, blank=True)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("签发人"))
    signed_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    opinion = models.TextField(_("签发意见"), blank=True)

    class Meta:
        verbose_name = _("签发记录")
        verbose_name_plural = _("签发记录")
        ordering = ["item", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "position", "round"], name="unique_signoff_per_step_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.step_title} {self.signer}"


class ExemptionFiling(models.Model):
    """不予公开备案: a decision not to disclose, with its legal reason, filed with the competent
    authority of the body's region, which sees every filing of its region."""

    item = models.OneToOneField("disclosure.Item", on_delete=models.PROTECT, related_name="filing")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    competent_authority = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, null=True, related_name="received_filings"
    )
    reason = models.CharField(_("不予公开理由"), max_length=30, choices=ExemptionReason.choices)
    legal_basis = models.CharField(_("法律依据"), max_length=200)
    explanation = models.TextField(_("说明"), blank=True)
    filed_at = models.DateTimeField(_("备案时间"), auto_now_add=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("主管部门确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("不予公开备案")
        verbose_name_plural = _("不予公开备案")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.item}"
