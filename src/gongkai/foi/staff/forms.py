"""Forms of the request pages (依申请公开, docs/SPEC.md §4). They validate input and shape it for the services
of
``gongkai.foi.services``; they never save anything themselves. Field names follow the services'
keyword arguments, so a service's ``ValidationError`` keyed by field lands on the right control."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import User
from gongkai.backoffice.forms import DateInput, MultipleFileField
from gongkai.core.idnumbers import InvalidIdNumber, validate_resident_id
from gongkai.foi.clock import MAX_EXTENSION_WORKDAYS
from gongkai.foi.inbox import WORK_CHOICES
from gongkai.foi.legal import (
    OUTCOME_GROUPS,
    RECEIPT_RULES,
    AppealKind,
    AppealResult,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    FeeMethod,
    IdType,
    Outcome,
    ReplyType,
)
from gongkai.foi.models import Appeal, InfoRequest, RequestState
from gongkai.foi.services.clock import local_today
from gongkai.foi.services.intake import APPLICATION_FIELDS
from gongkai.orgs.models import Organization, RoleName
from gongkai.orgs.policy import readable_orgs
from gongkai.orgs.selectors import staff_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The channels staff register by hand (the online form registers itself, 第三十一条第（三）项).
OFFLINE_CHANNELS = [Channel.LETTER, Channel.IN_PERSON, Channel.FAX, Channel.EMAIL]


def _date(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = "", today: bool = True
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        initial=local_today if today else None,
    )


def _text(
    label: StrOrPromise, *, required: bool = True, rows: int = 3, help_text: StrOrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


# -- the register (登记簿) ------------------------------------------------------------------------


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("登记编号"), required=False, help_text=_("可只输入编号的一部分"))
    org = forms.ModelChoiceField(
        label=_("受理机关"), queryset=Organization.objects.none(), required=False, empty_label=_("全部机关")
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *RequestState.choices]
    )
    overdue = forms.BooleanField(label=_("超期"), required=False)
    due_soon = forms.BooleanField(label=_("临期（按各机关设置的临期提醒工作日数）"), required=False)
    provisional = forms.BooleanField(label=_("暂定期限"), required=False)
    correction = forms.BooleanField(label=_("待补正"), required=False)
    paused = forms.BooleanField(label=_("暂停计时"), required=False)
    work = forms.ChoiceField(label=_("我的工作"), required=False, choices=[("", _("全部")), *WORK_CHOICES])

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = organizations  # type: ignore[attr-defined]


# -- registration of applications received offline ----------------------------------------------


class RegisterForm(forms.ModelForm):
    """登记: an application received by letter, in person, by fax or by e-mail (docs/SPEC.md §4.1)."""

    organization = forms.ModelChoiceField(
        label=_("受理机关"), queryset=Organization.objects.none(), empty_label=_("请选择受理机关")
    )
    channel = forms.ChoiceField(
        label=_("申请方式"),
        choices=[(c.value, c.label) for c in OFFLINE_CHANNELS],
        widget=forms.RadioSelect,
        help_text="<br>".join(f"{Channel(c).label}：{RECEIPT_RULES[c]}" for c in OFFLINE_CHANNELS),
    )
    submitted_on = _date(
        _("提交/寄出日期"),
        help_text=format_lazy(
            "{}{}",
            _("当面提交的，为提交之日；信函为寄出（邮戳）日期；传真、电子邮件为发送日期。"),
            RECEIPT_RULES[Channel.IN_PERSON],
        ),
    )
    signed_for_on = _date(
        _("签收日期（信函）"), required=False, today=False, help_text=RECEIPT_RULES[Channel.LETTER]
    )
    confirmed_on = _date(
        _("双方确认日期（传真、电子邮件）"),
        required=False,
        today=False,
        help_text=format_lazy("{}；{}", RECEIPT_RULES[Channel.FAX], RECEIPT_RULES[Channel.EMAIL]),
    )

    class Meta:
        model = InfoRequest
        fields = APPLICATION_FIELDS
        widgets = {
            "applicant_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "fee_waiver_reason": forms.Textarea(attrs={"rows": 2}),
            "format": forms.RadioSelect,
            "delivery": forms.RadioSelect,
        }

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["legal_representative"].help_text = _("法人或其他组织申请的，填写法定代表人或联系人")
        order = [
            "organization",
            "channel",
            "submitted_on",
            "signed_for_on",
            "confirmed_on",
            *APPLICATION_FIELDS,
        ]
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # An early message from the one validator (core.idnumbers); the intake service enforces it.
        if data.get("id_type") == IdType.RESIDENT_ID and data.get("id_number"):
            try:
                data["id_number"] = validate_resident_id(data["id_number"], today=local_today()).number
            except InvalidIdNumber as error:
                self.add_error("id_number", error.message)
        return data

    def application_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in APPLICATION_FIELDS}


# -- handling ------------------------------------------------------------------------------------


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class AssignForm(forms.Form):
    """分办: a department (the body itself, its units, or a body its staff may reach) and/or a person."""

    handling_unit = forms.ModelChoiceField(
        label=_("承办部门"), queryset=Organization.objects.none(), required=False, empty_label=_("（不变）")
    )
    assignee = UserChoiceField(
        label=_("承办人"), queryset=User.objects.none(), required=False, empty_label=_("（由承办部门分配）")
    )
    note = _text(_("分办意见"), required=False, rows=2)

    def __init__(self, *args: Any, request: InfoRequest, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = request.organization
        units = Organization.objects.filter(
            Q(path__startswith=org.path) | Q(pk__in=readable_orgs(user).values("pk")), is_active=True
        ).order_by("path")
        self.fields["handling_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = (  # type: ignore[attr-defined]
            staff_of(units, RoleName.REQUEST_HANDLER).order_by("full_name", "username")
        )


class CorrectionForm(forms.Form):
    """告知补正 (第三十条)."""

    on = _date(_("告知日期"), help_text=_("应当自收到申请之日起7个工作日内一次性告知（第三十条）"))
    what = _text(_("需要补正的事项"), help_text=_("一次性写明需要补正的事项和合理的补正期限"))
    until = _date(_("补正期限"), required=False, today=False, help_text=_("不填写的，为告知之日起15个工作日"))
    contact_person = forms.CharField(
        label=_("联系人"),
        max_length=60,
        required=False,
        help_text=_("告知书中写明的联系人；不填写的，为拟稿人"),
    )
    contact_phone = forms.CharField(
        label=_("联系电话"),
        max_length=60,
        required=False,
        help_text=_("不填写的，为本机关的依申请公开咨询电话（机构联系方式）"),
    )


class CorrectionReceivedForm(forms.Form):
    on = _date(_("收到补正日期"), help_text=_("答复期限自收到补正后的申请之日起重新计算（第三十条）"))
    note = forms.CharField(label=_("说明"), required=False, max_length=150)


class LapseForm(forms.Form):
    on = _date(_("处理日期"))


class ConsultForm(forms.Form):
    """征求意见 (第三十二条 third party, 第三十四条 other body): the clock pauses."""

    kind = forms.ChoiceField(
        label=_("征求意见类型"), choices=ConsultationKind.choices, widget=forms.RadioSelect
    )
    party = forms.CharField(label=_("被征求意见方"), max_length=120)
    party_contact = forms.CharField(label=_("联系方式"), max_length=200, required=False)
    on = _date(_("发出日期"), help_text=_("自次日起暂停计时；被征求意见方有15个工作日提出意见"))
    note = _text(_("征求意见的事项"), required=False, rows=2)


class ConsultationAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("意见"), choices=ConsultationAnswer.choices)
    on = _date(_("收到意见日期"), required=False, help_text=_("登记“逾期未提出意见”时不填"))
    opinion = _text(_("意见内容"), required=False, rows=2)


class ExtendForm(forms.Form):
    """延期答复 (第三十三条第二款), approved by the head of the disclosure office."""

    on = _date(_("批准日期"), help_text=_("须在答复期限届满前批准"))
    days = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=MAX_EXTENSION_WORKDAYS,
        initial=MAX_EXTENSION_WORKDAYS,
        help_text=_("延长的期限最长不得超过20个工作日（第三十三条第二款）"),
        error_messages={
            "max_value": _("延长答复期限最长不得超过20个工作日（第三十三条第二款）"),
            "min_value": _("延长的工作日数至少为1"),
        },
    )
    reason = _text(_("延长理由"), rows=2)


def outcome_choices() -> list[tuple[str, list[tuple[str, StrOrPromise]]]]:
    """The 21 outcome codes of 表三, grouped as the report groups them (optgroups)."""
    groups: dict[str, list[tuple[str, StrOrPromise]]] = {}
    for outcome in Outcome:
        groups.setdefault(outcome.group, []).append((outcome.value, outcome.label))
    return [(f"（{_ZH_NUMBERS[int(key) - 1]}）{label}", groups[key]) for key, label in OUTCOME_GROUPS.items()]


_ZH_NUMBERS = "一二三四五六"


class ReplyForm(forms.Form):
    """答复 (第三十六条): model A issues it; in model B the department submits it as a draft."""

    outcome = forms.ChoiceField(label=_("办理结果"), choices=[("", _("请选择办理结果")), *outcome_choices()])
    reply_type = forms.ChoiceField(
        label=_("答复类型（第三十六条）"),
        required=False,
        choices=[("", _("（请选择）")), *ReplyType.choices],
    )
    reasons = _text(_("理由"), required=False, help_text=_("除予以公开外须说明理由，并写明法律依据"))
    withheld = _text(
        _("不予公开的内容"),
        required=False,
        rows=2,
        help_text=_("部分公开的，写明不予公开的内容及理由（第三十七条）"),
    )
    access = _text(
        _("获取方式和途径"),
        required=False,
        rows=2,
        help_text=_("已主动公开的，告知获取该政府信息的方式、途径（第三十六条第（一）项）"),
    )
    query_channel = forms.CharField(
        label=_("查询渠道"),
        required=False,
        max_length=200,
        help_text=_("属于行政查询事项的，告知申请人办理查询的渠道"),
    )
    referred_body = forms.CharField(
        label=_("负责公开的机关及联系方式"),
        required=False,
        max_length=200,
        help_text=_("答复类型为“不属于本机关负责公开”时填写（第三十六条第（五）项）"),
    )
    title = forms.CharField(label=_("告知书标题"), required=False, max_length=200)
    body = _text(
        _("告知书正文"),
        required=False,
        rows=14,
        help_text=_("选择办理结果后点击“按办理结果生成正文”，可在生成的正文上修改"),
    )
    on = _date(_("答复日期"))
    attachments = MultipleFileField(
        label=_("提供的信息（附件）"),
        required=False,
        help_text=_("可一次选择多个文件；提交未成功时须重新选择文件"),
    )
    keep_personal = forms.BooleanField(
        label=_("附件中的个人信息属于申请人本人，不作遮盖"),
        required=False,
        help_text=_(
            "默认对附件中的身份证号码、电话号码、银行卡号、电子邮箱自动遮盖（Word文档）或拒绝上传（其他格式）"
        ),
    )
    redact = forms.MultipleChoiceField(
        label=_("区分处理（部分公开）"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, redaction_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["redact"].choices = redaction_choices or []  # type: ignore[attr-defined]


class ReturnDraftForm(forms.Form):
    reason = _text(_("退回意见"), rows=2)


class DeliverForm(forms.Form):
    """Model B, last step: the window issues the approved reply and delivers it (出具并送达)."""

    on = _date(_("出具日期"))
    delivery = forms.ChoiceField(label=_("送达方式"), choices=Delivery.choices)
    delivered_on = _date(_("送达日期"), required=False, help_text=_("已送达的填写；邮寄的可在签收后再登记"))
    delivery_note = forms.CharField(
        label=_("送达说明"), required=False, max_length=200, help_text=_("如：邮件单号、签收人")
    )
    attachments = MultipleFileField(label=_("提供的信息（附件）"), required=False)
    keep_personal = forms.BooleanField(
        label=_("附件中的个人信息属于申请人本人，不作遮盖"),
        required=False,
        help_text=_(
            "默认对附件中的身份证号码、电话号码、银行卡号、电子邮箱自动遮盖（Word文档）或拒绝上传（其他格式）"
        ),
    )


class WithdrawForm(forms.Form):
    on = _date(_("撤回日期"))
    reason = _text(_("撤回情况"), rows=2, help_text=_("申请人撤回的，按（六）其他处理 3 统计"))


class RemindForm(forms.Form):
    message = _text(_("催办内容"), rows=2)
    escalation = forms.BooleanField(
        label=_("超期督办（同时告知公开工作机构负责人和主管部门）"), required=False
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=_("重复于（登记编号）"), required=False, max_length=60, help_text=_("留空则取消关联")
    )


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=AppealKind.choices, widget=forms.RadioSelect)
    filed_on = _date(_("申请/起诉日期"))
    authority = forms.CharField(label=_("复议机关/人民法院"), max_length=120)
    case_number = forms.CharField(label=_("案号"), max_length=80, required=False)
    after_review = forms.ModelChoiceField(
        label=_("复议后起诉（所依据的复议）"),
        queryset=Appeal.objects.none(),
        required=False,
        empty_label=_("未经复议直接起诉／不适用"),
    )
    note = _text(_("说明"), required=False, rows=2)

    def __init__(self, *args: Any, request: InfoRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["after_review"].queryset = request.appeals.filter(  # type: ignore[attr-defined]
            kind=AppealKind.REVIEW
        )


class AppealDecisionForm(forms.Form):
    result = forms.ChoiceField(label=_("结果"), choices=AppealResult.choices)
    decided_on = _date(_("审结日期"), required=False)


class FeeForm(forms.Form):
    """收费通知 (第四十二条, 国办函〔2020〕109号)."""

    method = forms.ChoiceField(
        label=_("计收方式"),
        choices=FeeMethod.choices,
        widget=forms.RadioSelect,
        help_text=_("按件计收或按量计收，只能选择一种"),
    )
    quantity = forms.IntegerField(
        label=_("件数/页数"),
        min_value=1,
        help_text=_("按件计收：本申请计为几件（通常为1，本月此前的申请自动累计）；按量计收：提供信息的页数"),
    )
    on = _date(_("通知日期"), help_text=_("发出收费通知后暂停计时，申请人应于20个工作日内缴费"))
    payment_method = forms.CharField(
        label=_("缴费方式"),
        required=False,
        max_length=200,
        help_text=_("不填写的，告知到本机关公开工作机构缴纳"),
    )
    waiver_reply = _text(
        _("对减免申请的意见"), required=False, rows=2, help_text=_("申请人申请减免费用的须填写")
    )


class PaymentForm(forms.Form):
    on = _date(_("缴费日期"))


class LetterDeliveryForm(forms.Form):
    on = _date(_("送达日期"))
    delivery = forms.ChoiceField(label=_("送达方式"), choices=Delivery.choices)
    note = forms.CharField(
        label=_("送达说明"), required=False, max_length=200, help_text=_("如：邮件单号、签收人")
    )
