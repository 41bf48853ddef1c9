"""Legal vocabulary of the 2019 《中华人民共和国政府信息公开条例》 used by active disclosure.

Kept as plain data so that the request module, the annual report and the templates all cite the
same article for the same reason.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureAttribute(models.TextChoices):
    """公开方式, decided at drafting (可否公开)."""

    ACTIVE = "active", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    EXEMPT = "exempt", _("不予公开")


class ExemptionReason(models.TextChoices):
    """The legal reasons for 不予公开: rows （三）1–8 of the annual report's 表三 (docs/SPEC.md §4.4)."""

    STATE_SECRET = "state_secret", _("属于国家秘密")
    PROHIBITED_BY_LAW = "prohibited_by_law", _("其他法律行政法规禁止公开")
    THREE_SECURITIES = "three_securities", _("危及“三安全一稳定”")
    THIRD_PARTY = "third_party", _("保护第三方合法权益")
    INTERNAL_AFFAIRS = "internal_affairs", _("属于三类内部事务信息")
    PROCESS_INFO = "process_info", _("属于四类过程性信息")
    ENFORCEMENT_FILE = "enforcement_file", _("属于行政执法案卷")
    QUERY_MATTER = "query_matter", _("属于行政查询事项")


#: The article each exemption reason rests on (2019 条例).
EXEMPTION_ARTICLES: dict[str, str] = {
    ExemptionReason.STATE_SECRET: "《中华人民共和国政府信息公开条例》第十四条",
    ExemptionReason.PROHIBITED_BY_LAW: "《中华人民共和国政府信息公开条例》第十四条",
    ExemptionReason.THREE_SECURITIES: "《中华人民共和国政府信息公开条例》第十四条",
    ExemptionReason.THIRD_PARTY: "《中华人民共和国政府信息公开条例》第十五条",
    ExemptionReason.INTERNAL_AFFAIRS: "《中华人民共和国政府信息公开条例》第十六条第一款",
    ExemptionReason.PROCESS_INFO: "《中华人民共和国政府信息公开条例》第十六条第二款",
    ExemptionReason.ENFORCEMENT_FILE: "《中华人民共和国政府信息公开条例》第十六条第二款",
    ExemptionReason.QUERY_MATTER: "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
}


class Scope(models.TextChoices):
    """公开范围."""

    PUBLIC = "public", _("面向社会")
    SPECIFIC = "specific", _("面向特定对象")
    INTERNAL = "internal", _("对内")


class Duration(models.TextChoices):
    """公开时限."""

    LONG_TERM = "long_term", _("长期公开")
    LIMITED = "limited", _("限时公开")


class Validity(models.TextChoices):
    """有效性."""

    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    ABOLISHED = "abolished", _("废止")


class Stage(models.TextChoices):
    """五公开."""

    DECISION = "decision", _("决策公开")
    EXECUTION = "execution", _("执行公开")
    MANAGEMENT = "management", _("管理公开")
    SERVICE = "service", _("服务公开")
    RESULT = "result", _("结果公开")


class Channel(models.TextChoices):
    """载体: where else the item is released (在何种载体上公开)."""

    WEBSITE = "website", _("政府网站")
    GAZETTE = "gazette", _("政府公报")
    NOTICE_BOARD = "notice_board", _("公开栏")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    READING_ROOM = "reading_room", _("查阅点")
    TOUCH_SCREEN = "touch_screen", _("触摸屏")
    NEW_MEDIA = "new_media", _("政务新媒体")
    MEDIA = "media", _("广播电视报刊")


#: 第二十六条: information within the scope of active disclosure is disclosed within 20 working days
#: of its formation or change.
PUBLICATION_LIMIT_ARTICLE = "《中华人民共和国政府信息公开条例》第二十六条"
