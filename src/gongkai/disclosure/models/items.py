"""Information items (政府信息, docs/SPEC.md §2.1), their versions, links, attachments and 索引号 counters.

The workflow state lives in one protected FSM field; transitions are declared here and called only
from the service functions in ``gongkai.disclosure.services`` (which check permission, write the
audit log and queue side effects).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from gongkai.disclosure.legal import (
    Channel,
    DisclosureAttribute,
    Duration,
    ExemptionReason,
    Scope,
    Stage,
    Validity,
)


class ItemState(models.TextChoices):
    DRAFT = "draft", _("起草")
    REVIEW = "review", _("保密审查")
    SIGNOFF = "signoff", _("签发")
    RETURNED = "returned", _("退回")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class ItemQuerySet(models.QuerySet["Item"]):
    def public(self) -> ItemQuerySet:
        """The only items the public may ever see (docs/SPEC.md §3, "never a leak").

        Published, 主动公开, 面向社会, and not past the end of a 限时公开 period. Every public page,
        feed, sitemap, search result and API response starts from this queryset.
        """
        today = timezone.localdate()
        return self.filter(
            state=ItemState.PUBLISHED,
            disclosure_attribute=DisclosureAttribute.ACTIVE,
            scope=Scope.PUBLIC,
            organization__is_active=True,
        ).filter(Q(duration=Duration.LONG_TERM) | Q(public_until__isnull=True) | Q(public_until__gte=today))

    def in_progress(self) -> ItemQuerySet:
        return self.filter(
            state__in=[ItemState.DRAFT, ItemState.REVIEW, ItemState.SIGNOFF, ItemState.RETURNED]
        )


def classification_field(scheme: str, label: Any) -> models.ForeignKey[Any, Any]:
    """An optional value of one of the class lists (主题/体裁/服务对象/组配分类)."""
    return models.ForeignKey(
        "disclosure.Classification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
        limit_choices_to={"scheme": scheme},
    )


#: The metadata a published item may lack (监督考核's 缺失元数据项, docs/SPEC.md §7): each a bit of
#: ``Item.metadata_gaps``, set when the field is blank.
METADATA_GAP_BITS: dict[str, int] = {"summary": 1, "topic": 2, "genre": 4, "keywords": 8}


def _metadata_gaps() -> Any:
    blank = {"summary": Q(summary=""), "topic": Q(topic__isnull=True), "genre": Q(genre__isnull=True)}
    blank["keywords"] = Q(keywords="")
    terms = [
        models.Case(models.When(blank[name], then=models.Value(bit)), default=models.Value(0))
        for name, bit in METADATA_GAP_BITS.items()
    ]
    total: Any = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


class Item(ConcurrentTransitionMixin, models.Model):
    """One piece of government information in a body's catalog."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="items", verbose_name=_("发布机构")
    )
    index_number = models.CharField(
        _("索引号"), max_length=80, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("信息名称"), max_length=300)
    document_number = models.CharField(_("发文字号"), max_length=80, blank=True, db_index=True)
    date_formed = models.DateField(
        _("成文日期"), help_text=_("信息形成或者变更的日期；20个工作日的公开时限由此起算")
    )
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, editable=False, db_index=True)
    topic = classification_field("topic", _("主题分类"))
    genre = classification_field("genre", _("体裁分类"))
    audience = classification_field("audience", _("服务对象分类"))
    combined = classification_field("combined", _("组配分类"))
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    column = models.ForeignKey(
        "disclosure.CatalogColumn", on_delete=models.PROTECT, related_name="items", verbose_name=_("栏目")
    )
    also_in = models.ManyToManyField(
        "disclosure.CatalogColumn", blank=True, related_name="cross_listed", verbose_name=_("同时列入栏目")
    )
    disclosure_attribute = models.CharField(
        _("公开方式"), max_length=20, choices=DisclosureAttribute.choices, default=DisclosureAttribute.ACTIVE
    )
    exemption_reason = models.CharField(
        _("不予公开理由"), max_length=30, choices=ExemptionReason.choices, blank=True
    )
    exemption_explanation = models.TextField(_("不予公开说明"), blank=True)
    scope = models.CharField(_("公开范围"), max_length=20, choices=Scope.choices, default=Scope.PUBLIC)
    duration = models.CharField(
        _("公开时限"), max_length=20, choices=Duration.choices, default=Duration.LONG_TERM
    )
    public_until = models.DateField(_("限时公开截止日期"), null=True, blank=True)
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    validity_changed_on = models.DateField(_("失效/废止日期"), null=True, blank=True)
    stage = models.CharField(_("五公开"), max_length=20, choices=Stage.choices, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True, help_text=_("富文本，保存时净化"))
    body_text = models.TextField(_("正文纯文本"), blank=True, editable=False)
    channels = models.JSONField(_("载体"), default=list, blank=True)
    is_urgent = models.BooleanField(_("紧急"), default=False)
    is_region_wide = models.BooleanField(_("全区（市）性"), default=False)
    is_regulation = models.BooleanField(_("规章"), default=False, help_text=_("计入年报表二“规章”"))
    is_normative = models.BooleanField(
        _("行政规范性文件"), default=False, help_text=_("计入年报表二“行政规范性文件”")
    )

    state = FSMField(
        _("状态"), max_length=20, choices=ItemState.choices, default=ItemState.DRAFT, protected=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_items",
        verbose_name=_("起草人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("退回理由"), blank=True, editable=False)
    signoff_position = models.PositiveSmallIntegerField(default=0, editable=False)
    workdays_to_publish = models.PositiveIntegerField(
        _("成文至发布工作日数"), null=True, blank=True, editable=False
    )
    revision = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    correction_note = models.TextField(_("更正说明"), blank=True, editable=False)
    corrected_at = models.DateTimeField(_("更正日期"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True, editable=False)
    #: Which of the metadata of ``METADATA_GAP_BITS`` are blank, kept by the database itself (a
    #: stored generated column: every writer, bulk imports included, gets it right), so that a
    #: province's count of missing metadata reads the covering index ``item_release_meta`` alone.
    metadata_gaps = models.GeneratedField(
        expression=_metadata_gaps(), output_field=models.PositiveSmallIntegerField(), db_persist=True
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "state"]),
            models.Index(fields=["organization", "state", "-published_at"], name="item_org_state_pub"),
            models.Index(fields=["column", "state", "-published_at"]),
            models.Index(fields=["state", "disclosure_attribute", "-published_at"]),
            # 表二 of the annual report reads only the ~2 % of items that are 规章 or 规范性文件, by body:
            # a partial covering index (SQLite: 30 s → 0.8 s for a province, docs/PERFORMANCE.md).
            models.Index(
                fields=[
                    "organization",
                    "is_regulation",
                    "date_formed",
                    "validity",
                    "validity_changed_on",
                    "published_at",
                    "is_normative",
                ],
                condition=Q(is_regulation=True) | Q(is_normative=True),
                name="item_rules_by_org",
            ),
            # 监督考核's column and timeliness indicators for a province (docs/PERFORMANCE.md,
            # "Supervision"): covering indexes, read without touching the table's wide rows — the
            # last release of every column (空白/不更新栏目) and a period's releases per body and column
            # (the first: the same leading columns as the index above, so the planner takes it), a
            # period's working days to publication per body (the second). Not partial: SQLite uses a
            # partial index only when the query spells its condition in literals, and Django binds them.
            # The first ends with the metadata gaps, for the count of missing metadata.
            models.Index(
                fields=[
                    "state",
                    "disclosure_attribute",
                    "published_at",
                    "scope",
                    "organization",
                    "column",
                    "metadata_gaps",
                ],
                name="item_release_meta",
            ),
            models.Index(
                fields=["state", "published_at", "organization", "workdays_to_publish"],
                name="item_timed_cover",
            ),
            # The portal at 1M items (docs/PERFORMANCE.md, "Uncached pages"): every column of
            # ItemQuerySet.public() in one index, so a body's or a column's capped count and the
            # per-body and per-column counts read the index alone; and listings in their exact order
            # (published_at, id; ascending, read backwards), so a page stops after 20 rows without
            # sorting the ties of a publication time.
            models.Index(
                fields=[
                    "state",
                    "disclosure_attribute",
                    "scope",
                    "organization",
                    "column",
                    "duration",
                    "public_until",
                ],
                name="item_public_cover",
            ),
            models.Index(fields=["state", "disclosure_attribute", "published_at", "id"], name="item_latest"),
            models.Index(fields=["organization", "state", "published_at", "id"], name="item_org_latest"),
            models.Index(fields=["column", "state", "published_at", "id"], name="item_col_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(disclosure_attribute=DisclosureAttribute.EXEMPT) | ~Q(exemption_reason=""),
                name="exempt_needs_reason",
                violation_error_message=_("不予公开的信息必须载明法定理由"),
            ),
            models.CheckConstraint(
                condition=Q(duration=Duration.LONG_TERM) | Q(public_until__isnull=False),
                name="limited_needs_end_date",
                violation_error_message=_("限时公开的信息必须填写截止日期"),
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(index_number__isnull=False),
                name="published_has_index_number",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # --- state machine --------------------------------------------------------------------------
    # The transitions carry no side effects; the service layer does the rest (STYLE: one entry point).

    @transition(field=state, source=[ItemState.DRAFT, ItemState.RETURNED], target=ItemState.REVIEW)
    def submit(self) -> None:
        self.submitted_at = timezone.now()
        self.return_reason = ""

    @transition(field=state, source=ItemState.REVIEW, target=ItemState.SIGNOFF)
    def pass_review(self) -> None:
        self.signoff_position = 0

    @transition(field=state, source=[ItemState.REVIEW, ItemState.SIGNOFF], target=ItemState.RETURNED)
    def send_back(self, reason: str) -> None:
        self.return_reason = reason

    @transition(field=state, source=ItemState.SIGNOFF, target=ItemState.PUBLISHED)
    def release(self) -> None:
        self.published_at = timezone.now()

    @transition(field=state, source=ItemState.PUBLISHED, target=ItemState.WITHDRAWN)
    def withdraw(self, reason: str) -> None:
        self.withdrawn_reason = reason

    # --- derived facts --------------------------------------------------------------------------

    @property
    def is_editable(self) -> bool:
        return self.state in (ItemState.DRAFT, ItemState.RETURNED)

    @property
    def status_label(self) -> str:
        if self.state == ItemState.PUBLISHED and self.disclosure_attribute == DisclosureAttribute.EXEMPT:
            return str(_("不予公开（已备案）"))
        if self.state == ItemState.PUBLISHED and self.disclosure_attribute == DisclosureAttribute.ON_REQUEST:
            return str(_("已登记（依申请公开）"))
        return str(self.get_state_display())  # type: ignore[attr-defined]

    @property
    def published_date(self) -> dt.date | None:
        return timezone.localtime(self.published_at).date() if self.published_at else None


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Store Chinese as itself, not as \\uXXXX escapes (half the size of a snapshot on SQLite)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class ItemRevision(models.Model):
    """A frozen copy of a published version. Corrections add one; none is ever deleted."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本号"))
    snapshot = models.JSONField(_("内容"), encoder=UnicodeJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    correction_note = models.TextField(_("更正说明"), blank=True)

    class Meta:
        verbose_name = _("历史版本")
        verbose_name_plural = _("历史版本")
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_item_revision")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class LinkKind(models.TextChoices):
    INTERPRETS = "interprets", _("解读")
    REPLACES = "replaces", _("替代")
    ABOLISHES = "abolishes", _("废止")


class ItemLink(models.Model):
    """``source`` interprets / replaces / abolishes ``target``. Shown on both items' pages."""

    source = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("关联类型"), max_length=20, choices=LinkKind.choices)

    class Meta:
        verbose_name = _("关联")
        verbose_name_plural = _("关联")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_item_link"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never reuses the uploader's file name (no path tricks, no leaks by guessing):
    # the content's SHA-256 with the extension of the kind detected from the bytes (audit 4.6).
    from gongkai.core.files.kinds import stored_name

    return f"attachments/{instance.sha256[:2]}/{stored_name(instance.sha256, instance.kind)}"


class TextStatus(models.TextChoices):
    """How an attachment's text was obtained; an unreadable file is a finding, never "no findings"."""

    READ = "read", _("已提取")
    OCR = "ocr", _("文字识别")
    UNREADABLE = "unreadable", _("无法读取")


class ReadFile(models.Model):
    """A file whose text the platform reads (secrecy scan, search): stored under the content's
    SHA-256 with the kind detected from the bytes, its text and how that was obtained. Each concrete
    model adds what it belongs to and its ``file`` field (where it is stored)."""

    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    kind = models.CharField(_("格式"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("提取文本"), blank=True)
    text_status = models.CharField(
        _("文本提取"), max_length=12, choices=TextStatus.choices, default=TextStatus.READ
    )
    text_problem = models.CharField(_("无法读取的原因"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class Attachment(ReadFile):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["item", "position", "id"]


__all__ = ["Channel"]
