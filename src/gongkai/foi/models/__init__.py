"""Disclosure on request (依申请公开, docs/SPEC.md §4): requests, their clock events, consultations, fees,
letters, appeals and reminders; the applicant's online corrections (``corrections``) and the counts
of request deflection (``deflection``) live in their own modules beside this one.

A request's due date is never written by hand: ``ClockEvent`` rows are the record, and
``gongkai.foi.services.clock.refresh_clock`` folds them through the pure kernel
``gongkai.foi.clock`` into the stored (derived, indexed) ``due_date`` columns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from gongkai.foi.clock import KIND_LABELS, STATUS_LABELS, ClockStatus
from gongkai.foi.legal import (
    AppealKind,
    AppealResult,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    FeeMethod,
    Format,
    IdType,
    Outcome,
    ReplyType,
)


class RequestState(models.TextChoices):
    REGISTERED = "registered", _("待分办")
    CORRECTION = "correction", _("待补正")
    ASSIGNED = "assigned", _("办理中")
    DRAFTED = "drafted", _("待审核")
    APPROVED = "approved", _("待送达")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已终止")


OPEN_STATES = [
    RequestState.REGISTERED,
    RequestState.CORRECTION,
    RequestState.ASSIGNED,
    RequestState.DRAFTED,
    RequestState.APPROVED,
]
FINISHED_STATES = [RequestState.ANSWERED, RequestState.CLOSED]


class Routing(models.TextChoices):
    """The two ways of handling of docs/SPEC.md §4.3."""

    OFFICE = "office", _("公开办登记分办，承办部门答复")
    WINDOW = "window", _("窗口受理、部门拟办、公开办审核、窗口送达（接办分离）")


class RequestSettings(models.Model):
    """How one body handles requests: routing, the internal lead, and what its letters cite."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="request_settings"
    )
    routing = models.CharField(_("办理模式"), max_length=20, choices=Routing.choices, default=Routing.OFFICE)
    internal_lead_days = models.PositiveSmallIntegerField(
        _("内部办理提前工作日数"),
        default=5,
        help_text=_("承办部门的内部期限比法定答复期限提前的工作日数"),
    )
    due_soon_days = models.PositiveSmallIntegerField(_("临期提醒工作日数"), default=3)
    review_body = models.CharField(_("行政复议机关"), max_length=120, blank=True)
    court = models.CharField(_("管辖人民法院"), max_length=120, blank=True)
    letter_prefix = models.CharField(
        _("告知书文号前缀"), max_length=40, blank=True, help_text=_("如：宿教依复，生成“宿教依复〔2026〕3号”")
    )

    class Meta:
        verbose_name = _("依申请公开办理设置")
        verbose_name_plural = _("依申请公开办理设置")

    def __str__(self) -> str:
        return f"{self.organization}：{self.get_routing_display()}"


class InfoRequest(ConcurrentTransitionMixin, models.Model):
    """One application for government information (政府信息公开申请)."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="info_requests",
        verbose_name=_("受理机关"),
    )
    registration_number = models.CharField(_("登记编号"), max_length=60, unique=True)
    lookup_code_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到申请日期"), db_index=True)

    # The applicant: personal information, never public (docs/SPEC.md §4.5).
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("姓名/名称"), max_length=120)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40)
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    description = models.TextField(_("所需信息的名称、文号或便于查询的其他特征性描述"))
    format = models.CharField(_("信息提供形式"), max_length=20, choices=Format.choices)
    delivery = models.CharField(_("获取方式"), max_length=20, choices=Delivery.choices)
    fee_waiver_requested = models.BooleanField(_("申请减免费用"), default=False)
    fee_waiver_reason = models.TextField(_("减免理由"), blank=True)

    state = FSMField(_("状态"), default=RequestState.REGISTERED, choices=RequestState.choices, protected=True)
    handling_unit = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_requests",
        verbose_name=_("承办部门"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("承办人"),
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("退回意见"), blank=True)

    outcome = models.CharField(
        _("办理结果"), max_length=4, choices=Outcome.choices, blank=True, db_index=True
    )
    reply_type = models.CharField(_("答复类型"), max_length=20, choices=ReplyType.choices, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    referred_body = models.CharField(_("负责公开的机关及联系方式"), max_length=200, blank=True)
    draft_title = models.CharField(_("拟答复标题"), max_length=200, blank=True)
    draft_body = models.TextField(_("拟答复正文"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("终止日期"), null=True, blank=True, db_index=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("重复于"),
    )

    # Derived from the clock events (gongkai.foi.services.clock.refresh_clock); never edited.
    clock_status = models.CharField(
        max_length=30,
        choices=[(s.value, label) for s, label in STATUS_LABELS.items()],
        default=ClockStatus.RUNNING,
    )
    due_date = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    internal_due_date = models.DateField(_("内部办理期限"), null=True, blank=True)
    due_projected = models.BooleanField(default=False)
    provisional_years = models.CharField(max_length=40, blank=True)
    correction_due = models.DateField(_("补正期限"), null=True, blank=True)

    # What the 补正告知书 asked (第三十条), shown to the applicant on the look-up page, and whom to ask.
    correction_items = models.TextField(_("需要补正的事项"), blank=True)
    correction_contact = models.CharField(_("补正联系人"), max_length=60, blank=True)
    correction_phone = models.CharField(_("补正联系电话"), max_length=60, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "state", "due_date"]),
            # The dashboards' "due soon / overdue" over open requests only (history stays out of it).
            models.Index(
                fields=["due_date"], condition=models.Q(state__in=OPEN_STATES), name="foi_request_open_due"
            ),
        ]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def due_provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def applicant_is_person(self) -> bool:
        return self.applicant_type == ApplicantType.PERSON

    # -- transitions (services call these; they record events and audit) ----------------------------

    @transition(
        field=state, source=[RequestState.REGISTERED, RequestState.ASSIGNED], target=RequestState.CORRECTION
    )
    def ask_correction(self) -> None:
        pass

    @transition(field=state, source=RequestState.CORRECTION, target=RequestState.REGISTERED)
    def receive_correction(self) -> None:
        pass

    @transition(
        field=state,
        source=[RequestState.REGISTERED, RequestState.ASSIGNED, RequestState.DRAFTED],
        target=RequestState.ASSIGNED,
    )
    def assign(self) -> None:
        self.return_reason = ""

    @transition(field=state, source=RequestState.ASSIGNED, target=RequestState.DRAFTED)
    def submit_draft(self) -> None:
        self.return_reason = ""

    @transition(
        field=state, source=[RequestState.DRAFTED, RequestState.APPROVED], target=RequestState.ASSIGNED
    )
    def send_back(self, reason: str) -> None:
        self.return_reason = reason

    @transition(field=state, source=RequestState.DRAFTED, target=RequestState.APPROVED)
    def approve(self) -> None:
        pass

    @transition(
        field=state,
        source=[RequestState.REGISTERED, RequestState.ASSIGNED, RequestState.DRAFTED, RequestState.APPROVED],
        target=RequestState.ANSWERED,
    )
    def answer(self) -> None:
        pass

    @transition(field=state, source=OPEN_STATES, target=RequestState.CLOSED)
    def close(self) -> None:
        pass


class ClockEvent(models.Model):
    """One event of a request's clock (docs/SPEC.md §4.2). The due date is derived from these."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="clock_events")
    kind = models.CharField(
        _("事件"), max_length=30, choices=[(k.value, label) for k, label in KIND_LABELS.items()]
    )
    on = models.DateField(_("日期"))
    label = models.CharField(_("事项"), max_length=200, blank=True)
    days = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=40, blank=True)
    until = models.DateField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("计时事件")
        verbose_name_plural = _("计时事件")

    def __str__(self) -> str:
        return f"{self.on} {self.kind} {self.label}"


class Consultation(models.Model):
    """A third party's (第三十二条) or another body's (第三十四条) opinion sought; pauses the clock."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(_("征求意见类型"), max_length=20, choices=ConsultationKind.choices)
    party = models.CharField(_("被征求意见方"), max_length=120)
    party_contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    sent_on = models.DateField(_("发出日期"))
    answer_due = models.DateField(_("意见期限"))
    answered_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    answer = models.CharField(_("意见"), max_length=10, choices=ConsultationAnswer.choices, blank=True)
    opinion = models.TextField(_("意见内容"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party}"

    @property
    def clock_key(self) -> str:
        return f"consultation:{self.pk}"

    @property
    def silence_means_consent(self) -> bool:
        return self.kind == ConsultationKind.OTHER_BODY  # 第三十四条


class FeeNotice(models.Model):
    """信息处理费 notice (第四十二条, 国办函〔2020〕109号); pauses the clock until paid."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="fee_notices")
    method = models.CharField(_("计收方式"), max_length=10, choices=FeeMethod.choices)
    quantity = models.PositiveIntegerField(_("件数/页数"))
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("通知日期"))
    pay_by = models.DateField(_("缴费期限"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    lapsed_on = models.DateField(_("逾期日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = _("收费通知")
        verbose_name_plural = _("收费通知")

    def __str__(self) -> str:
        return f"{self.request} {self.amount} 元"

    @property
    def clock_key(self) -> str:
        return f"fee:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.paid_on is None and self.lapsed_on is None


class LetterKind(models.TextChoices):
    REPLY = "reply", _("政府信息公开申请答复告知书")
    CORRECTION = "correction", _("补正申请告知书")
    EXTENSION = "extension", _("延期答复告知书")
    CONSULTATION = "consultation", _("征求意见函")
    FEE = "fee", _("收费通知书")
    TERMINATION = "termination", _("终止办理告知书")
    RECEIPT = "receipt", _("申请登记回执")


class Letter(models.Model):
    """A letter issued in a request (告知书 and others), kept as issued."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("文书类型"), max_length=20, choices=LetterKind.choices)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    outcome = models.CharField(_("办理结果"), max_length=4, choices=Outcome.choices, blank=True)
    issued_on = models.DateField(_("出具日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    to_applicant = models.BooleanField(_("送申请人"), default=True)
    delivery = models.CharField(_("送达方式"), max_length=20, choices=Delivery.choices, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery_note = models.CharField(
        _("送达说明"), max_length=200, blank=True, help_text=_("如：邮件单号、签收人")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()


class LetterAttachment(models.Model):
    """Information provided with a reply (redacted where partial disclosure applies)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="requests/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    redacted = models.BooleanField(_("已作区分处理"), default=False)

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")

    def __str__(self) -> str:
        return self.name


class Appeal(models.Model):
    """行政复议 or 行政诉讼 against the handling of a request (表四)."""

    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField(_("类型"), max_length=20, choices=AppealKind.choices)
    filed_on = models.DateField(_("申请/起诉日期"))
    authority = models.CharField(_("复议机关/人民法院"), max_length=120)
    case_number = models.CharField(_("案号"), max_length=80, blank=True)
    result = models.CharField(
        _("结果"), max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    after_review = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="litigations",
        verbose_name=_("复议后起诉（所依据的复议）"),
    )
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = _("行政复议和行政诉讼")
        verbose_name_plural = _("行政复议和行政诉讼")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()

    @property
    def litigation_route(self) -> str:
        if self.kind != AppealKind.LITIGATION:
            return ""
        return "复议后起诉" if self.after_review_id else "未经复议直接起诉"


class Reminder(models.Model):
    """催办: a reminder to the handling department, or an escalation when overdue."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="reminders")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    message = models.TextField(_("催办内容"))
    escalation = models.BooleanField(_("超期升级"), default=False)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("催办")
        verbose_name_plural = _("催办")

    def __str__(self) -> str:
        return f"{self.request} {self.sent_at:%Y-%m-%d}"


# Split by sub-domain (docs/ARCHITECTURE.md): the applicant's online correction and request deflection.
from gongkai.foi.models.corrections import Correction, CorrectionFile  # noqa: E402
from gongkai.foi.models.deflection import DeflectionTally, PortalDeflectionCount  # noqa: E402

__all__ = [
    "FINISHED_STATES",
    "OPEN_STATES",
    "Appeal",
    "ClockEvent",
    "Consultation",
    "Correction",
    "CorrectionFile",
    "DeflectionTally",
    "FeeNotice",
    "InfoRequest",
    "Letter",
    "LetterAttachment",
    "LetterKind",
    "PortalDeflectionCount",
    "Reminder",
    "RequestSettings",
    "RequestState",
    "Routing",
]
