"""Legal vocabulary of disclosure on request (依申请公开), 2019 《中华人民共和国政府信息公开条例》.

The outcome codes are exactly the rows of 表三 of the annual report (国办公开办函〔2021〕30号,
docs/SPEC.md §4.4); the annual report counts requests by these codes, so they never change meaning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REGULATION = "《中华人民共和国政府信息公开条例》"


class Channel(models.TextChoices):
    """How the application arrived; 第三十一条 fixes the date of receipt per channel."""

    ONLINE = "online", _("网上申请")
    LETTER = "letter", _("信函")
    IN_PERSON = "in_person", _("当面提交")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


#: 第三十一条: which day counts as the day of receipt, per channel (shown on the registration form).
RECEIPT_RULES: dict[str, StrOrPromise] = {
    Channel.IN_PERSON: _("当面提交的，以提交之日为收到申请之日（第三十一条第（一）项）"),
    Channel.LETTER: _("以邮寄方式提交的，以行政机关签收之日为收到申请之日（第三十一条第（二）项）"),
    Channel.ONLINE: _("通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）"),
    Channel.FAX: _("以传真方式提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）"),
    Channel.EMAIL: _("以电子邮件方式提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）"),
}


class ApplicantType(models.TextChoices):
    """The columns of 表三: natural person, and the five kinds of legal person or other organization."""

    PERSON = "person", _("自然人")
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


ORGANIZATION_TYPES = [t for t in ApplicantType if t != ApplicantType.PERSON]


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他证件")


class Format(models.TextChoices):
    """所需信息的指定提供载体形式."""

    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子文档")
    DISC = "disc", _("光盘或其他存储介质")


class Delivery(models.TextChoices):
    """获取信息方式."""

    PICKUP = "pickup", _("自行领取")
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上获取")
    FAX = "fax", _("传真")


class Outcome(models.TextChoices):
    """办理结果: exactly the rows of 表三 三、本年度办理结果 (docs/SPEC.md §4.4)."""

    GRANTED = "1", _("（一）予以公开")
    PARTIAL = "2", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    REFUSED_STATE_SECRET = "3.1", _("（三）不予公开 1.属于国家秘密")
    REFUSED_PROHIBITED = "3.2", _("（三）不予公开 2.其他法律行政法规禁止公开")
    REFUSED_THREE_SECURITIES = "3.3", _("（三）不予公开 3.危及“三安全一稳定”")
    REFUSED_THIRD_PARTY = "3.4", _("（三）不予公开 4.保护第三方合法权益")
    REFUSED_INTERNAL = "3.5", _("（三）不予公开 5.属于三类内部事务信息")
    REFUSED_PROCESS = "3.6", _("（三）不予公开 6.属于四类过程性信息")
    REFUSED_ENFORCEMENT = "3.7", _("（三）不予公开 7.属于行政执法案卷")
    REFUSED_QUERY = "3.8", _("（三）不予公开 8.属于行政查询事项")
    UNABLE_NOT_HELD = "4.1", _("（四）无法提供 1.本机关不掌握相关政府信息")
    UNABLE_NEEDS_CREATION = "4.2", _("（四）无法提供 2.没有现成信息需要另行制作")
    UNABLE_STILL_UNCLEAR = "4.3", _("（四）无法提供 3.补正后申请内容仍不明确")
    NOT_HANDLED_PETITION = "5.1", _("（五）不予处理 1.信访举报投诉类申请")
    NOT_HANDLED_REPEAT = "5.2", _("（五）不予处理 2.重复申请")
    NOT_HANDLED_PUBLICATION = "5.3", _("（五）不予处理 3.要求提供公开出版物")
    NOT_HANDLED_EXCESSIVE = "5.4", _("（五）不予处理 4.无正当理由大量反复申请")
    NOT_HANDLED_CONFIRM = "5.5", _("（五）不予处理 5.要求行政机关确认或重新出具已获取信息")
    OTHER_NO_CORRECTION = (
        "6.1",
        _("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    )
    OTHER_FEE_UNPAID = (
        "6.2",
        _("（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    )
    OTHER = "6.3", _("（六）其他处理 3.其他")

    @property
    def group(self) -> str:
        return self.value.split(".")[0]

    @property
    def short_label(self) -> str:
        return str(self.label).split(" ", 1)[-1]


OUTCOME_GROUPS: dict[str, str] = {
    "1": "予以公开",
    "2": "部分公开",
    "3": "不予公开",
    "4": "无法提供",
    "5": "不予处理",
    "6": "其他处理",
}

#: The article each outcome rests on: cited in the reply letter (告知书).
OUTCOME_ARTICLES: dict[str, str] = {
    Outcome.GRANTED: "第三十六条第（一）项、第（二）项",
    Outcome.PARTIAL: "第三十七条",
    Outcome.REFUSED_STATE_SECRET: "第十四条、第三十六条第（三）项",
    Outcome.REFUSED_PROHIBITED: "第十四条、第三十六条第（三）项",
    Outcome.REFUSED_THREE_SECURITIES: "第十四条、第三十六条第（三）项",
    Outcome.REFUSED_THIRD_PARTY: "第十五条、第三十二条、第三十六条第（三）项",
    Outcome.REFUSED_INTERNAL: "第十六条第一款、第三十六条第（三）项",
    Outcome.REFUSED_PROCESS: "第十六条第二款、第三十六条第（三）项",
    Outcome.REFUSED_ENFORCEMENT: "第十六条第二款、第三十六条第（三）项",
    Outcome.REFUSED_QUERY: "第三十六条第（七）项",
    Outcome.UNABLE_NOT_HELD: "第三十六条第（四）项、第（五）项",
    Outcome.UNABLE_NEEDS_CREATION: "第三十八条",
    Outcome.UNABLE_STILL_UNCLEAR: "第三十条",
    Outcome.NOT_HANDLED_PETITION: "第三十九条第一款",
    Outcome.NOT_HANDLED_REPEAT: "第三十六条第（六）项",
    Outcome.NOT_HANDLED_PUBLICATION: "第三十九条第二款",
    Outcome.NOT_HANDLED_EXCESSIVE: "第三十五条",
    Outcome.NOT_HANDLED_CONFIRM: "第三十九条第二款",
    Outcome.OTHER_NO_CORRECTION: "第三十条",
    Outcome.OTHER_FEE_UNPAID: "第四十二条、国办函〔2020〕109号",
    Outcome.OTHER: "",
}


class ReplyType(models.TextChoices):
    """The seven kinds of reply of 第三十六条."""

    ALREADY_PUBLIC = "already_public", _("（一）已主动公开，告知获取方式和途径")
    PROVIDED = "provided", _("（二）可以公开，予以提供或告知获取方式、途径和时间")
    REFUSED = "refused", _("（三）不予公开，说明理由")
    NOT_EXIST = "not_exist", _("（四）经检索没有所申请公开信息，告知该政府信息不存在")
    NOT_OURS = "not_ours", _("（五）不属于本机关负责公开，告知负责公开的机关及联系方式")
    REPEAT = "repeat", _("（六）重复申请，告知不予重复处理")
    SPECIAL_LAW = "special_law", _("（七）法律、行政法规对信息获取有特别规定，告知依照规定办理")


#: Which outcome rows each reply type may be counted under (the annual report's rule).
REPLY_TYPE_OUTCOMES: dict[str, tuple[str, ...]] = {
    ReplyType.ALREADY_PUBLIC: (Outcome.GRANTED,),
    ReplyType.PROVIDED: (Outcome.GRANTED, Outcome.PARTIAL),
    ReplyType.REFUSED: (
        Outcome.PARTIAL,
        Outcome.REFUSED_STATE_SECRET,
        Outcome.REFUSED_PROHIBITED,
        Outcome.REFUSED_THREE_SECURITIES,
        Outcome.REFUSED_THIRD_PARTY,
        Outcome.REFUSED_INTERNAL,
        Outcome.REFUSED_PROCESS,
        Outcome.REFUSED_ENFORCEMENT,
    ),
    ReplyType.NOT_EXIST: (
        Outcome.UNABLE_NOT_HELD,
        Outcome.UNABLE_NEEDS_CREATION,
        Outcome.UNABLE_STILL_UNCLEAR,
    ),
    ReplyType.NOT_OURS: (Outcome.UNABLE_NOT_HELD,),
    ReplyType.REPEAT: (Outcome.NOT_HANDLED_REPEAT,),
    ReplyType.SPECIAL_LAW: (Outcome.REFUSED_QUERY, Outcome.OTHER),
}


def reply_types_for(outcome: str) -> list[str]:
    return [rt for rt, outcomes in REPLY_TYPE_OUTCOMES.items() if outcome in outcomes]


#: Remedies every reply letter states (第五十一条).
REMEDIES = (
    "申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以自收到本告知书之日起六十日内"
    "向{review_body}申请行政复议，或者自收到本告知书之日起六个月内向{court}提起行政诉讼"
    "（《中华人民共和国政府信息公开条例》第五十一条）。"
)


class AppealKind(models.TextChoices):
    REVIEW = "review", _("行政复议")
    LITIGATION = "litigation", _("行政诉讼")


class AppealResult(models.TextChoices):
    """The result columns of 表四."""

    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("征求第三方意见（第三十二条）")
    OTHER_BODY = "other_body", _("征求其他机关意见（第三十四条，共同制作）")


class ConsultationAnswer(models.TextChoices):
    AGREE = "agree", _("同意公开")
    OBJECT = "object", _("不同意公开")
    NONE = "none", _("逾期未提出意见")


class FeeMethod(models.TextChoices):
    """国办函〔2020〕109号: by count (按件) or by volume (按量), never both."""

    BY_COUNT = "count", _("按件计收")
    BY_VOLUME = "volume", _("按量计收")
