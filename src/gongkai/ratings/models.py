"""Satisfaction ratings (社会评议, docs/SPEC.md §3, §7): a visitor's grade of one public item
("这条信息对您有帮助吗") or of a body's disclosure work, with an optional comment.

**One scale, two wordings.** Both kinds use the three grades of the 社会评议 of government openness
(满意 / 基本满意 / 不满意); an item's page asks "这条信息对您有帮助吗" and words the same grades
有帮助 / 有一定帮助 / 没有帮助 (``ITEM_GRADE_LABELS``), so that both kinds add up in one satisfaction
rate, (满意 + 基本满意) / 评价总数, as the supervision module reads it (``ratings.figures``).

**No personal data.** A rating holds no IP address, no user agent, no cookie and no account: nothing
that identifies the visitor. The comment is masked (``secrecy.textmask``) before it is stored and is
never shown to the public. The one-rating-per-day rule and the rate limit live in short-lived
counters under a keyed hash (``ratings.limits``), never in these rows. ``token`` is the random
idempotency token of the form that was sent (a double submit stores one rating); it names the
form, not the person.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Longest comment kept (characters, after trimming).
COMMENT_MAX_LENGTH = 300


class TargetKind(models.TextChoices):
    ITEM = "item", _("信息")
    BODY = "body", _("机构政务公开工作")


class Grade(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


#: How an item's page words the grades (usefulness of the information).
ITEM_GRADE_LABELS = {
    Grade.SATISFIED: _("有帮助"),
    Grade.BASIC: _("有一定帮助"),
    Grade.UNSATISFIED: _("没有帮助"),
}


def month_of(moment: dt.datetime | None = None) -> dt.date:
    """The first day of the local month of ``moment`` (now when omitted)."""
    return timezone.localdate(moment or timezone.now()).replace(day=1)


class Rating(models.Model):
    kind = models.CharField(_("评价对象"), max_length=8, choices=TargetKind.choices)
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("机构"),
        help_text=_("被评价的机构，或被评价信息的发布机构"),
    )
    item = models.ForeignKey(
        "disclosure.Item",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("信息"),
    )
    grade = models.CharField(_("评价"), max_length=12, choices=Grade.choices)
    comment = models.TextField(_("意见建议（已遮盖个人信息）"), blank=True, max_length=COMMENT_MAX_LENGTH)
    month = models.DateField(_("月份"), help_text=_("评价所在月份的第一天，按月统计用"))
    created_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    token = models.CharField(_("提交标识"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("社会评议")
        verbose_name_plural = _("社会评议")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="item", item__isnull=False) | models.Q(kind="body", item__isnull=True)
                ),
                name="ratings_item_iff_item_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(grade__in=[g.value for g in Grade]), name="ratings_grade_known"
            ),
        ]
        indexes = [
            # The monthly figures: one index-only GROUP BY over a month for any set of bodies.
            models.Index(fields=["month", "organization", "kind", "grade"], name="ratings_month_org"),
            # A body's year and its recent comments.
            models.Index(fields=["organization", "created_at"], name="ratings_org_created"),
            models.Index(fields=["item", "grade"], name="ratings_item_grade"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_grade_display()} · {self.month:%Y-%m}"

    @property
    def grade_label(self) -> str:
        if self.kind == TargetKind.ITEM:
            return str(ITEM_GRADE_LABELS[Grade(self.grade)])
        return str(self.get_grade_display())
