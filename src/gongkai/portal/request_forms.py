"""The public forms of disclosure on request (依申请公开, docs/SPEC.md §4.1): the online application, laid out
like the national 政府信息公开申请表, and the applicant's status look-up.

The forms check what can be checked from the fields alone — the format of an ID number (with the
GB 11643 check character), a 统一社会信用代码 (GB 32100), a phone number, a postcode — and leave the
rules of the application itself to ``gongkai.foi.services.intake``, whose ``ValidationError`` the
view attaches to these same field names.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.idnumbers import InvalidIdNumber, normalize_id_number, validate_resident_id
from gongkai.foi.legal import ORGANIZATION_TYPES, ApplicantType, Delivery, Format, IdType
from gongkai.orgs.models import Organization
from gongkai.orgs.unitcodes import InvalidUnitCode, validate_unit_code

#: Ways of getting the information the online form offers (a fax needs a number we do not ask for).
ONLINE_DELIVERIES = [Delivery.PICKUP, Delivery.POST, Delivery.EMAIL, Delivery.ONLINE]

#: ID documents of a natural person, and of a legal person or other organization.
PERSON_ID_TYPES = [t for t in IdType if t != IdType.CREDIT_CODE]
ORGANIZATION_ID_TYPES = [IdType.CREDIT_CODE, IdType.OTHER]

DESCRIPTION_MIN_LENGTH = 4

_SEPARATORS = re.compile(r"[\s\-()]")
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9][0-9]{9})")
# 区号 (010, 02x, or 0 + 3 digits) + 7–8 digit number (not starting with 0 or 1), optional extension.
_LANDLINE = re.compile(
    r"(0(?:10|2[0-9]|[3-9][0-9]{2}))-?([2-9][0-9]{6,7})(?:(?:-|转|ext\.?|#)([0-9]{1,6}))?", re.IGNORECASE
)
_POSTCODE = re.compile(r"[0-9]{6}")


def _fold(value: str) -> str:
    """Full-width digits, letters and punctuation to half-width; surrounding spaces removed."""
    return unicodedata.normalize("NFKC", value).strip()


#: The form's words for each rule of the one validator (``core.idnumbers``), translatable.
_RESIDENT_ID_MESSAGES = {
    "chars": _("居民身份证号码前17位应为数字，最后一位为数字或字母X"),
    "region": _("居民身份证号码前两位不是有效的省级行政区划代码，请核对号码"),
    "birth": _("居民身份证号码第7—14位的出生日期不正确"),
    "check": _("居民身份证号码校验位不正确，请核对号码（GB 11643《公民身份号码》）"),
}


def clean_resident_id(value: str) -> str:
    """An 18-character 公民身份号码 (GB 11643-1999), checked by the platform's one validator
    (``core.idnumbers``; the intake service checks it again whatever the caller)."""
    try:
        return validate_resident_id(value, today=timezone.localdate()).number
    except InvalidIdNumber as error:
        if error.code == "length":
            n = len(normalize_id_number(value))
            raise forms.ValidationError(
                _("居民身份证号码应为18位（现为%(n)d位）"), code="length", params={"n": n}
            ) from None
        raise forms.ValidationError(
            _RESIDENT_ID_MESSAGES.get(error.code, error.message), code=error.code
        ) from None


def clean_credit_code(value: str) -> str:
    """An 18-character 统一社会信用代码 (GB 32100-2015), checked by ``gongkai.orgs.unitcodes``."""
    try:
        code = validate_unit_code(value)
    except InvalidUnitCode as exc:
        raise forms.ValidationError(str(exc), code="credit_code") from exc
    if code.kind != "uscc":
        raise forms.ValidationError(_("请填写18位统一社会信用代码"), code="credit_code")
    return code.code


def clean_phone(value: str) -> str:
    """A mainland mobile number (11 digits, 1[3-9]…) or a landline with its area code.

    Returned in one form: ``13812345678`` or ``0557-3021234`` (``-123`` for an extension).
    """
    text = _fold(value)
    mobile = _MOBILE.fullmatch(_SEPARATORS.sub("", text))
    if mobile:
        return mobile.group(1)
    landline = _LANDLINE.fullmatch(re.sub(r"[\s()]", "", text))
    if landline:
        area, number, extension = landline.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    raise forms.ValidationError(
        _("请填写11位手机号码，或带区号的固定电话（如 0557-3021234）"),
        code="phone",
    )


def clean_postcode(value: str) -> str:
    code = _fold(value).replace(" ", "")
    if code and not _POSTCODE.fullmatch(code):
        raise forms.ValidationError(_("邮政编码应为6位数字"), code="postcode")
    return code


def applicant_type_choices() -> list[tuple[str, str]]:
    """自然人, then the five kinds of 法人或其他组织 (the columns of the annual report's 表三)."""
    return [
        (ApplicantType.PERSON.value, str(ApplicantType.PERSON.label)),
        *((t.value, _("法人或其他组织：%(kind)s") % {"kind": t.label}) for t in ORGANIZATION_TYPES),
    ]


class ApplicationForm(forms.Form):
    """政府信息公开申请表 (online). Field names are those of ``intake.APPLICATION_FIELDS``."""

    organization = forms.ModelChoiceField(
        label=_("受理机关"),
        queryset=Organization.objects.active().order_by("path", "position"),
        empty_label=_("请选择受理申请的行政机关"),
        help_text=_(
            "向制作或者保存该政府信息的行政机关提出申请（《政府信息公开条例》第二十七条、第二十九条）"
        ),
        error_messages={
            "required": _("请选择受理机关"),
            "invalid_choice": _("所选机关不存在或暂不受理网上申请，请重新选择"),
        },
    )

    # 申请人信息
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=applicant_type_choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择申请人类型")},
    )
    applicant_name = forms.CharField(
        label=_("姓名或名称"),
        max_length=120,
        help_text=_("自然人填写本人姓名；法人或其他组织填写全称，与证件一致"),
        error_messages={"required": _("请填写申请人姓名或名称")},
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=[("", _("请选择证件类型")), *IdType.choices],
        help_text=_("自然人一般选择居民身份证；法人或其他组织选择统一社会信用代码，没有的选择“其他证件”"),
        error_messages={"required": _("请选择证件类型")},
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        help_text=_("仅用于办理本申请，不会公开"),
        error_messages={"required": _("请填写证件号码")},
    )
    legal_representative = forms.CharField(
        label=_("法定代表人"),
        max_length=60,
        required=False,
        help_text=_("法人或其他组织填写；自然人无需填写"),
    )
    contact_person = forms.CharField(
        label=_("联系人"),
        max_length=60,
        required=False,
        help_text=_("法人或其他组织填写经办联系人；法定代表人和联系人至少填写一项"),
    )

    # 联系方式
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=40,
        help_text=_("手机号码或带区号的固定电话，用于联系补正、送达等事项"),
        error_messages={"required": _("请填写联系电话")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        help_text=_("选择以电子邮件获取信息的必须填写"),
        error_messages={"invalid": _("电子邮箱格式不正确，如 name@example.com")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("通信地址"),
        max_length=200,
        required=False,
        help_text=_("选择邮寄的必须填写，请写明省、市、县（区）、街道和门牌号"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("邮政编码"),
        max_length=10,
        required=False,
        help_text=_("6位数字，选择邮寄的必须填写"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    # 所需信息情况
    description = forms.CharField(
        label=_("所需信息的名称、文号或便于查询的其他特征性描述"),
        max_length=5000,
        help_text=_(
            "请尽量写明文件名称、文号、发布机关、形成时间等，便于行政机关查找"
            "（《政府信息公开条例》第二十九条第二款第（二）项）"
        ),
        error_messages={"required": _("请描述所需的政府信息")},
        # On a pause in typing, published items that may already answer it (第三十六条第（一）项).
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "hx-get": reverse_lazy("portal:request_suggestions"),
                "hx-trigger": "input changed delay:700ms",
                "hx-target": "#request-suggestions",
                "hx-include": "[name='organization']",
                "hx-swap": "innerHTML",
            }
        ),
    )
    format = forms.ChoiceField(
        label=_("信息的指定提供载体形式"),
        choices=Format.choices,
        initial=Format.ELECTRONIC,
        widget=forms.RadioSelect,
        help_text=_(
            "行政机关原则上按申请人要求的形式提供；无法按要求提供的，可以安排申请人查阅相关资料、提供复制件或者其他适当形式（第四十条）"
        ),
        error_messages={"required": _("请选择信息的提供形式")},
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=[(d.value, d.label) for d in ONLINE_DELIVERIES],
        initial=Delivery.ONLINE,
        widget=forms.RadioSelect,
        help_text=_("选择“网上获取”的，可凭登记编号和查询码在本网站查看答复"),
        error_messages={"required": _("请选择获取信息的方式")},
    )

    # 费用
    fee_waiver_requested = forms.BooleanField(label=_("申请减免信息处理费"), required=False)
    fee_waiver_reason = forms.CharField(
        label=_("减免理由"),
        max_length=2000,
        required=False,
        help_text=_(
            "申请减免的，请说明理由（如属于最低生活保障对象等）；依申请提供政府信息原则上不收费（第四十二条）"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    confirm = forms.BooleanField(
        label=_("本人（本单位）承诺所填写的申请人信息真实、准确，如有虚假愿承担相应责任"),
        error_messages={"required": _("请确认所填写的信息真实后再提交")},
    )

    def clean_applicant_name(self) -> str:
        name = _fold(self.cleaned_data["applicant_name"])
        if not name:
            raise forms.ValidationError(_("请填写申请人姓名或名称"), code="required")
        return name

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < DESCRIPTION_MIN_LENGTH:
            raise forms.ValidationError(
                _("描述过短（至少%(n)d个字），请写明所需信息的名称、文号或其他便于查找的特征"),
                code="min_length",
                params={"n": DESCRIPTION_MIN_LENGTH},
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        applicant_type = data.get("applicant_type")
        id_type = data.get("id_type")
        number = data.get("id_number")
        if applicant_type == ApplicantType.PERSON:
            if id_type == IdType.CREDIT_CODE:
                self.add_error("id_type", _("自然人申请的，请选择本人的身份证件"))
                id_type = None
            # Organization fields are not the person's: drop whatever was typed there.
            data["legal_representative"] = ""
            data["contact_person"] = ""
        elif applicant_type and id_type and id_type not in ORGANIZATION_ID_TYPES:
            self.add_error(
                "id_type",
                _("法人或其他组织申请的，请选择统一社会信用代码（没有统一社会信用代码的选择“其他证件”）"),
            )
            id_type = None
        if id_type and number:
            try:
                data["id_number"] = self._clean_id_number(id_type, number)
            except forms.ValidationError as error:
                self.add_error("id_number", error)
        if not data.get("fee_waiver_requested"):
            data["fee_waiver_reason"] = ""
        return data

    @staticmethod
    def _clean_id_number(id_type: str, number: str) -> str:
        if id_type == IdType.RESIDENT_ID:
            return clean_resident_id(number)
        if id_type == IdType.CREDIT_CODE:
            return clean_credit_code(number)
        text = _fold(number).replace(" ", "").upper()
        if not re.fullmatch(r"[0-9A-Z()\-]{5,40}", text):
            raise forms.ValidationError(_("证件号码应为5至40位字母或数字"), code="id_number")
        return text


class LookupForm(forms.Form):
    """登记编号 + 查询码: the two things the applicant was given on submission."""

    registration_number = forms.CharField(
        label=_("登记编号"),
        max_length=60,
        help_text=_("提交申请后页面显示的登记编号，如 YSQ-000001-2026-00001"),
        error_messages={"required": _("请填写登记编号")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=40,
        help_text=_("提交申请时只显示一次的10位查询码，不区分大小写"),
        error_messages={"required": _("请填写查询码")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_registration_number(self) -> str:
        return _fold(self.cleaned_data["registration_number"]).replace(" ", "").upper()

    def clean_code(self) -> str:
        return _fold(self.cleaned_data["code"])


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """Several files in one control; each is checked by content in the service (``core.files``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(_MultipleFileField, self).clean(f, initial) for f in files]


class CorrectionForm(forms.Form):
    """补正 sent online (第三十条): the corrected description, optional files, and the form's one-time
    key (``token``: the same form sent twice is recorded once)."""

    text = forms.CharField(
        label=_("补正内容"),
        max_length=5000,
        help_text=_("请按补正告知书的要求，写明所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        error_messages={"required": _("请填写补正内容")},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = _MultipleFileField(
        label=_("补正材料（可选）"),
        required=False,
        help_text=_("最多5个文件，支持PDF、Word、Excel、OFD和图片"),
    )
    token = forms.CharField(label=_("表单标识"), widget=forms.HiddenInput, max_length=64)
