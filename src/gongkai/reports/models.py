"""The annual report of one body for one year (政府信息公开工作年度报告, docs/SPEC.md §6).

Figures the platform holds are never stored while the report is a draft: they are computed from
the catalog, the request register and the appeals (``reports.figures``). On submission they are
frozen into ``figures`` (the report as submitted must not move when a late correction arrives), so
the competent authority accepts exactly what was checked. Entered figures (表二 licensing, penalty,
coercion, fee income) carry their source.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class ReportState(models.TextChoices):
    DRAFT = "draft", _("编写中")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已审核")
    PUBLISHED = "published", _("已公开")


class AnnualReport(ConcurrentTransitionMixin, models.Model):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="annual_reports", verbose_name=_("机关")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    state = FSMField(_("状态"), default=ReportState.DRAFT, choices=ReportState.choices, protected=True)

    # Narrative sections (一 … 六); 二, 三, 四 hold the text around the tables.
    section_1 = models.TextField(_("一、总体情况"), blank=True)
    section_2 = models.TextField(_("二、主动公开政府信息情况"), blank=True)
    section_3 = models.TextField(_("三、收到和处理政府信息公开申请情况"), blank=True)
    section_4 = models.TextField(_("四、政府信息公开行政复议、行政诉讼情况"), blank=True)
    section_5 = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    section_6 = models.TextField(_("六、其他需要报告的事项"), blank=True)

    # 表二 figures the platform cannot know, entered with their source.
    licensing_decisions = models.PositiveIntegerField(_("行政许可本年处理决定数量"), null=True, blank=True)
    licensing_source = models.CharField(_("行政许可数据来源"), max_length=200, blank=True)
    penalty_decisions = models.PositiveIntegerField(_("行政处罚本年处理决定数量"), null=True, blank=True)
    penalty_source = models.CharField(_("行政处罚数据来源"), max_length=200, blank=True)
    coercion_decisions = models.PositiveIntegerField(_("行政强制本年处理决定数量"), null=True, blank=True)
    coercion_source = models.CharField(_("行政强制数据来源"), max_length=200, blank=True)
    fee_income = models.DecimalField(
        _("行政事业性收费本年收费金额（万元）"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    fee_income_source = models.CharField(_("收费金额数据来源"), max_length=200, blank=True)

    #: The computed figures as submitted (JSON of ``reports.figures.to_json``); empty while a draft.
    figures = models.JSONField(default=dict, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_report_per_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization}{self.year}年政府信息公开工作年度报告"

    @property
    def is_editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)

    @property
    def is_frozen(self) -> bool:
        return bool(self.figures)

    @transition(field=state, source=[ReportState.DRAFT, ReportState.RETURNED], target=ReportState.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=state, source=ReportState.SUBMITTED, target=ReportState.RETURNED)
    def send_back(self, comment: str) -> None:
        self.review_comment = comment
        self.figures = {}

    @transition(field=state, source=ReportState.SUBMITTED, target=ReportState.ACCEPTED)
    def accept(self, comment: str = "") -> None:
        self.review_comment = comment

    @transition(field=state, source=ReportState.ACCEPTED, target=ReportState.PUBLISHED)
    def publish(self) -> None:
        pass
