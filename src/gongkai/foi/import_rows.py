"""Checking one row of a legacy register of requests (历史申请登记导入, ``foi.importer``).

The columns of the file and the words accepted in them, and :class:`RowChecker`, which turns the
cells of one row into the fields of an ``InfoRequest``, its clock events and its clock — folded by
the clock kernel, never read from the file — or into Chinese messages naming the row and column.
The columns are documented in docs/IMPORT.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from gongkai.core.idnumbers import InvalidIdNumber, normalize_id_number, validate_resident_id
from gongkai.core.importing import RowError, column_label, header_aliases
from gongkai.core.tabular import cell_text, parse_date
from gongkai.foi import clock as kernel
from gongkai.foi.clock import CONSULTATION_WORKDAYS, EventKind
from gongkai.foi.legal import (
    OUTCOME_GROUPS,
    REPLY_TYPE_OUTCOMES,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    Format,
    IdType,
    Outcome,
    ReplyType,
)
from gongkai.foi.models import RequestSettings, RequestState
from gongkai.foi.services.handling import DEFAULT_CORRECTION_WORKDAYS
from gongkai.foi.services.intake import _validate as validate_application
from gongkai.orgs.models import Organization
from gongkai.orgs.unitcodes import InvalidUnitCode, normalize_unit_code
from gongkai.workdays.calendar import get_calendar

__all__ = ["COLUMNS", "HEADER_ALIASES", "CheckedRow", "RowChecker", "RowError", "valid_resident_id"]

#: File column → (field, required, aliases). The first name is the documented one.
COLUMNS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "受理机关": ("body", False, ("受理机关统一社会信用代码", "机构标识", "受理机关代码", "单位代码")),
    "登记编号": ("registration_number", False, ("申请编号",)),
    "申请方式": ("channel", True, ("申请渠道",)),
    "收到申请日期": ("received_on", True, ("收到日期", "受理日期")),
    "提交日期": ("submitted_on", False, ("申请日期",)),
    "申请人类型": ("applicant_type", True, ()),
    "姓名/名称": ("applicant_name", True, ("申请人", "姓名", "名称", "申请人姓名/名称")),
    "证件类型": ("id_type", False, ()),
    "证件号码": ("id_number", True, ("身份证号码", "证件号")),
    "法定代表人": ("legal_representative", False, ()),
    "联系人": ("contact_person", False, ()),
    "联系电话": ("phone", True, ("电话",)),
    "电子邮箱": ("email", False, ("邮箱",)),
    "通信地址": ("address", False, ("通讯地址", "地址")),
    "邮政编码": ("postcode", False, ("邮编",)),
    "所需信息描述": (
        "description",
        True,
        ("所需信息", "所需政府信息", "申请内容", "所需信息的名称、文号或便于查询的其他特征性描述"),
    ),
    "提供形式": ("format", False, ("信息提供形式", "载体形式")),
    "获取方式": ("delivery", False, ("获取信息方式",)),
    "状态": ("state", False, ("办理状态",)),
    "办理结果": ("outcome", False, ()),
    "答复类型": ("reply_type", False, ()),
    "理由": ("reasons", False, ("答复理由",)),
    "答复日期": ("answered_on", False, ()),
    "终止日期": ("closed_on", False, ()),
    "延期工作日数": ("extension_days", False, ("延长工作日数", "延期天数")),
    "延期日期": ("extended_on", False, ("延期告知日期",)),
    "补正告知日期": ("correction_on", False, ("告知补正日期",)),
    "补正期限": ("correction_until", False, ()),
    "收到补正日期": ("correction_received_on", False, ()),
    "征求意见类型": ("consultation_kind", False, ()),
    "被征求意见方": ("consultation_party", False, ()),
    "征求意见发出日期": ("consultation_sent_on", False, ("征求意见日期",)),
    "收到意见日期": ("consultation_answered_on", False, ()),
    "征求意见结果": ("consultation_answer", False, ("意见",)),
}
HEADER_ALIASES = header_aliases(COLUMNS)
_DATE_FIELDS = (
    "received_on",
    "submitted_on",
    "answered_on",
    "closed_on",
    "extended_on",
    "correction_on",
    "correction_until",
    "correction_received_on",
    "consultation_sent_on",
    "consultation_answered_on",
)
_TEXT_LIMITS = {
    "applicant_name": 120,
    "id_number": 40,
    "legal_representative": 60,
    "contact_person": 60,
    "phone": 40,
    "address": 200,
    "postcode": 6,
    "reasons": 5000,
}


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _choices(choices: Any, **aliases: tuple[str, ...]) -> dict[str, str]:
    """Label, value and aliases (keyword = value) of a TextChoices, keyed for lenient matching."""
    table = {_key(str(label)): value for value, label in choices.choices}
    table.update({_key(value): value for value in choices.values})
    for value, names in aliases.items():
        table.update({_key(name): value for name in names})
    return table


_CHANNELS = _choices(
    Channel,
    online=("网上", "在线", "互联网", "网站", "网上提交"),
    letter=("邮寄", "来信", "信件", "信函申请"),
    in_person=("当面", "现场", "窗口", "当面申请"),
    fax=("传真申请",),
    email=("邮件", "电子邮箱", "电子邮件申请"),
)
_APPLICANT_TYPES = _choices(
    ApplicantType,
    person=("公民", "个人", "自然人申请"),
    business=("企业", "公司"),
    legal_service=("律师事务所",),
    other_org=("其他组织", "法人或其他组织"),
)
_ID_TYPES = _choices(IdType, resident_id=("身份证", "居民身份证号码"), credit_code=("营业执照",))
_FORMATS = _choices(Format, paper=("纸质", "纸件", "纸质版"), electronic=("电子", "电子版"), disc=("光盘",))
_DELIVERIES = _choices(
    Delivery,
    pickup=("领取", "当面领取", "现场领取"),
    post=("邮政",),
    email=("邮件", "电子邮箱"),
    online=("网上", "在线"),
)
_REPLY_TYPES = _choices(ReplyType)
_CONSULTATION_KINDS = _choices(
    ConsultationKind, third_party=("第三方", "征求第三方意见"), other_body=("其他机关", "征求其他机关意见")
)
_CONSULTATION_ANSWERS = _choices(
    ConsultationAnswer, agree=("同意",), object=("不同意", "反对"), none=("逾期", "未提出意见")
)
_STATES: dict[str, str] = {
    **{_key(str(label)): value for value, label in RequestState.choices},
    **{_key(n): RequestState.REGISTERED for n in ("已登记", "登记", "待办理")},
    **{_key(n): RequestState.ASSIGNED for n in ("已分办", "承办中", "在办")},
    **{_key(n): RequestState.CORRECTION for n in ("补正中",)},
    **{_key(n): RequestState.ANSWERED for n in ("已办结", "办结", "答复")},
    **{_key(n): RequestState.CLOSED for n in ("终止", "已撤回", "撤回")},
}
#: Drafts under review cannot be imported: they need the draft itself, which a register does not hold.
_NOT_IMPORTABLE_STATES = (RequestState.DRAFTED, RequestState.APPROVED)


def _outcome_table() -> dict[str, str]:
    """The outcome by its code (``3.4``), its full label, or an unambiguous part of it."""
    candidates: dict[str, set[str]] = {}
    for value, label in Outcome.choices:
        text = str(label)
        short = text.split(" ", 1)[-1]  # "4.保护第三方合法权益"
        names = {value, text, short, re.sub(r"^\d+\.", "", short), re.sub(r"^（.）", "", text)}
        group = value.split(".")[0]
        if "." not in value:  # （一）予以公开 and （二）部分公开 are rows of their own
            names.add(OUTCOME_GROUPS[group])
        for name in names:
            candidates.setdefault(_key(name), set()).add(value)
    return {name: next(iter(values)) for name, values in candidates.items() if len(values) == 1}


_OUTCOMES = _outcome_table()


@dataclass
class CheckedRow:
    number: int
    organization: Organization
    fields: dict[str, Any]
    events: list[kernel.Event]
    consultation: dict[str, Any] | None
    result: kernel.ClockResult
    legacy_number: str = ""


def _label(name: str) -> str:
    return column_label(COLUMNS, name)


#: The column each message of intake's checks (``services.intake._validate``) belongs to.
_FIELD_COLUMNS = {
    "applicant_name": "姓名/名称",
    "id_number": "证件号码",
    "legal_representative": "法定代表人",
    "contact_person": "联系人",
    "phone": "联系电话",
    "email": "电子邮箱",
    "address": "通信地址",
    "postcode": "邮政编码",
    "description": "所需信息描述",
    "reasons": "理由",
}


def valid_resident_id(number: str) -> bool:
    """A 公民身份号码 as a historical register may hold it: the platform's one validator
    (``core.idnumbers``, GB 11643-1999), the old 15-digit numbers included."""
    try:
        validate_resident_id(number, allow_legacy=True)
    except InvalidIdNumber:
        return False
    return True


class RowChecker:
    """Turns the cells of one row into a request, its clock events and its clock, or into errors."""

    def __init__(self, *, default_body: Organization | None) -> None:
        self.default_body = default_body
        self.today = timezone.localdate()
        self.calendar = get_calendar()
        self.bodies: dict[str, Organization | None] = {}
        self.leads = dict(RequestSettings.objects.values_list("organization_id", "internal_lead_days"))
        self.default_lead = RequestSettings._meta.get_field("internal_lead_days").get_default()

    def body(self, text: str) -> Organization | None:
        if text not in self.bodies:
            try:
                code = normalize_unit_code(text)
            except InvalidUnitCode:
                code = text
            org = (
                Organization.objects.filter(unit_code=code).first()
                or Organization.objects.filter(slug=text).first()
            )
            if org is None:
                by_name = list(Organization.objects.filter(name=text)[:2])
                org = by_name[0] if len(by_name) == 1 else None
            self.bodies[text] = org
        return self.bodies[text]

    def check(self, number: int, cells: dict[str, Any], errors: list[RowError]) -> CheckedRow | None:
        text = {name: cell_text(value) for name, value in cells.items()}
        found: list[RowError] = []

        def err(name: str, message: str) -> None:
            found.append(RowError(number, message, _label(name) if name in _LABELS else name))

        org = self._check_body(text.get("body", ""), err)
        dates = self._check_dates(cells, text, err)

        def choice(name: str, table: dict[str, str], default: str = "") -> str:
            value = text.get(name, "")
            if not value:
                return default
            found_value = table.get(_key(value))
            if found_value is None:
                allowed = "、".join(dict.fromkeys(str(label) for label in _DISPLAY[name]))
                err(name, f"“{value}”无效，应为：{allowed}")
                return default
            return found_value

        channel = choice("channel", _CHANNELS)
        if not text.get("channel"):
            err("channel", "申请方式不能为空（第三十一条按申请方式确定收到申请之日）")
        applicant_type = choice("applicant_type", _APPLICANT_TYPES)
        if not text.get("applicant_type"):
            err("applicant_type", "申请人类型不能为空（年度报告表三按申请人类型统计）")
        default_id = IdType.RESIDENT_ID if applicant_type == ApplicantType.PERSON else IdType.CREDIT_CODE
        fields: dict[str, Any] = {
            "organization": org,
            "channel": channel,
            "applicant_type": applicant_type,
            "id_type": choice("id_type", _ID_TYPES, default_id),
            "format": choice("format", _FORMATS, Format.PAPER),
            "delivery": choice("delivery", _DELIVERIES, Delivery.PICKUP),
            "reply_type": choice("reply_type", _REPLY_TYPES),
            "received_on": dates["received_on"],
        }
        for name in (*_TEXT_LIMITS, "description"):
            fields[name] = text.get(name, "")
        fields["email"] = text.get("email", "")
        for name in ("applicant_name", "id_number", "phone"):
            if not fields[name]:
                err(name, f"{_label(name)}不能为空")
        for name, limit in _TEXT_LIMITS.items():
            if len(fields[name]) > limit:
                err(name, f"长度为{len(fields[name])}字，超过{limit}字的上限")
        self._check_id_number(fields, err)
        self._check_application(fields, err)

        outcome = ""
        if text.get("outcome"):
            outcome = _OUTCOMES.get(_key(text["outcome"]), "")
            if not outcome:
                err("outcome", f"“{text['outcome']}”不是办理结果（请填写年度报告表三的编号如 3.4，或其名称）")
        fields["outcome"] = outcome
        if fields["reply_type"] and outcome and outcome not in REPLY_TYPE_OUTCOMES[fields["reply_type"]]:
            err(
                "reply_type",
                f"“{ReplyType(fields['reply_type']).label}”不能统计为“{Outcome(outcome).label}”",
            )

        received = dates["received_on"]
        submitted = dates["submitted_on"] or received
        if received and submitted and submitted > received:
            err("submitted_on", f"提交日期 {submitted} 晚于收到申请日期 {received}")
        if submitted:
            fields["submitted_at"] = timezone.make_aware(dt.datetime.combine(submitted, dt.time(9)))

        consultation: dict[str, Any] | None = None
        result: kernel.ClockResult | None = None
        events: list[tuple[kernel.Event, str]] = []
        state = ""
        if received is not None:
            events, consultation, stop = self._events(received, dates, text, outcome, choice, err)
            result = self._clock(events, org, err)
            state = self._state(text, stop, result, err)
            fields["state"] = state
            if stop is not None:
                fields["answered_on" if stop.kind is EventKind.ANSWERED else "closed_on"] = stop.on
            if state == RequestState.ASSIGNED:
                fields["handling_unit"] = org
        if (
            state in (RequestState.ANSWERED, RequestState.CLOSED)
            and consultation
            and not consultation["answer"]
        ):
            consultation["answer"] = ConsultationAnswer.NONE  # the case ended without their answer
        errors.extend(found)
        if found or org is None or result is None:
            return None
        return CheckedRow(
            number=number,
            organization=org,
            fields=fields,
            events=[event for event, _ in events],
            consultation=consultation,
            result=result,
            legacy_number=text.get("registration_number", ""),
        )

    # -- parts of a row ---------------------------------------------------------------------------

    def _check_body(self, value: str, err: Callable[[str, str], None]) -> Organization | None:
        if not value:
            if self.default_body is None:
                err("body", "受理机关不能为空（请填写统一社会信用代码或网址标识，或在命令中用 --body 指定）")
            return self.default_body
        org = self.body(value)
        if org is None:
            err("body", f"找不到统一社会信用代码、网址标识或名称为“{value}”的机关")
        return org

    def _check_dates(
        self, cells: dict[str, Any], text: dict[str, str], err: Callable[[str, str], None]
    ) -> dict[str, dt.date | None]:
        dates: dict[str, dt.date | None] = {}
        for name in _DATE_FIELDS:
            dates[name] = None
            if not text.get(name, ""):
                if name == "received_on":
                    err(name, "收到申请日期不能为空（答复期限自收到申请之日起计算，第三十一条）")
                continue
            try:
                day = parse_date(cells[name])
            except (ValueError, TypeError):
                err(name, f"“{text[name]}”不是有效日期（应写作 2025-03-05）")
                continue
            if day is None:
                continue
            if day > self.today and name != "correction_until":
                err(name, f"{day} 晚于今天，历史数据只能登记已发生的事项")
                continue
            dates[name] = day
        return dates

    def _check_id_number(self, fields: dict[str, Any], err: Callable[[str, str], None]) -> None:
        # Normalized here; a 居民身份证 number is checked by intake's rules (``_check_application``)
        # with the platform's one validator, so an import and an application agree.
        fields["id_number"] = normalize_id_number(fields["id_number"])

    def _check_application(self, fields: dict[str, Any], err: Callable[[str, str], None]) -> None:
        """Intake's own rules for an application, then the model's field checks (lengths, e-mail)."""
        try:
            validate_application(fields, allow_legacy_id=True)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    err(_FIELD_COLUMNS.get(name, name), message)
        if fields["email"]:
            try:
                validate_email(fields["email"])
            except ValidationError:
                err("email", f"“{fields['email']}”不是有效的电子邮箱地址")

    def _events(
        self,
        received: dt.date,
        dates: dict[str, dt.date | None],
        text: dict[str, str],
        outcome: str,
        choice: Callable[..., str],
        err: Callable[[str, str], None],
    ) -> tuple[list[tuple[kernel.Event, str]], dict[str, Any] | None, kernel.Event | None]:
        """The clock events the row's dates describe, each with the column it comes from; the row's
        consultation; and the event that stopped the clock, if any."""
        channel = _CHANNELS.get(_key(text.get("channel", "")), "")
        received_label = f"收到申请（{Channel(channel).label}）" if channel else "收到申请"
        events: list[tuple[kernel.Event, str]] = [
            (kernel.Event(EventKind.RECEIVED, received, received_label), "收到申请日期")
        ]
        correction_until = self._correction(events, dates, err)
        consultation = self._consultation(events, dates, text, choice, err)
        stop = self._stop(events, received, dates, text, outcome, correction_until, err)
        self._extension(events, dates, text, stop, err)
        return events, consultation, stop

    def _correction(
        self,
        events: list[tuple[kernel.Event, str]],
        dates: dict[str, dt.date | None],
        err: Callable[..., None],
    ) -> dt.date | None:
        """第三十条: a correction asked once, made or not. Returns the correction date still awaited."""
        asked, until = dates["correction_on"], dates["correction_until"]
        corrected = dates["correction_received_on"]
        if asked is None:
            if until is not None or corrected is not None:
                err("correction_on", "填写了补正期限或收到补正日期，但没有补正告知日期")
            return None
        until = until or self.calendar.add_workdays(asked, DEFAULT_CORRECTION_WORKDAYS)
        events.append(
            (kernel.Event(EventKind.CORRECTION_REQUESTED, asked, "告知补正", until=until), "补正告知日期")
        )
        if corrected is None:
            return until
        if corrected > until:
            err(
                "correction_received_on",
                f"收到补正日期 {corrected} 晚于补正期限 {until}：逾期未补正视为放弃申请（第三十条）",
            )
        else:
            event = kernel.Event(EventKind.CORRECTION_RECEIVED, corrected, "收到补正后的申请")
            events.append((event, "收到补正日期"))
        return None

    def _consultation(
        self,
        events: list[tuple[kernel.Event, str]],
        dates: dict[str, dt.date | None],
        text: dict[str, str],
        choice: Callable[..., str],
        err: Callable[..., None],
    ) -> dict[str, Any] | None:
        """第三十二条, 第三十四条: one consultation pauses the clock (第三十三条第三款)."""
        sent, answered = dates["consultation_sent_on"], dates["consultation_answered_on"]
        answer = choice("consultation_answer", _CONSULTATION_ANSWERS)
        if sent is None:
            if answered is not None or answer or text.get("consultation_party"):
                err("consultation_sent_on", "填写了征求意见的其他事项，但没有征求意见发出日期")
            return None
        kind = choice("consultation_kind", _CONSULTATION_KINDS, ConsultationKind.THIRD_PARTY)
        party = text.get("consultation_party", "") or "（原登记未记录被征求意见方）"
        if len(party) > 120:
            err("consultation_party", f"长度为{len(party)}字，超过120字的上限")
        due = self.calendar.add_workdays(sent, CONSULTATION_WORKDAYS)
        who = "第三方" if kind == ConsultationKind.THIRD_PARTY else "其他机关"
        started = kernel.Event(EventKind.PAUSE_STARTED, sent, f"征求{who}意见：{party}", key="c", until=due)
        events.append((started, "征求意见发出日期"))
        if answered is not None:
            if not answer or answer == ConsultationAnswer.NONE:
                err("consultation_answer", "已填写收到意见日期，请填写意见：同意公开 或 不同意公开")
            label = f"收到{party}意见" + (f"：{ConsultationAnswer(answer).label}" if answer else "")
            events.append((kernel.Event(EventKind.PAUSE_ENDED, answered, label, key="c"), "收到意见日期"))
        elif answer == ConsultationAnswer.NONE:
            if due >= self.today:
                err("consultation_answer", f"意见期限至{due}，尚未届满，不能登记为逾期未提出意见")
            else:
                silence = (
                    "视为同意公开（第三十四条）"
                    if kind == ConsultationKind.OTHER_BODY
                    else "由本机关依法决定是否公开（第三十二条）"
                )
                label = f"{party}逾期未提出意见，{silence}"
                events.append((kernel.Event(EventKind.PAUSE_ENDED, due, label, key="c"), "征求意见结果"))
        elif answer:
            err("consultation_answered_on", "已填写征求意见结果，请填写收到意见日期")
        return {
            "kind": kind,
            "party": party,
            "sent_on": sent,
            "answer_due": due,
            "answered_on": answered,
            "answer": answer,
        }

    def _stop(
        self,
        events: list[tuple[kernel.Event, str]],
        received: dt.date,
        dates: dict[str, dt.date | None],
        text: dict[str, str],
        outcome: str,
        correction_until: dt.date | None,
        err: Callable[..., None],
    ) -> kernel.Event | None:
        """The end of the clock: the reply (第三十三条第一款), or the end of handling (其他处理)."""
        answered_on, closed_on = dates["answered_on"], dates["closed_on"]
        if answered_on and closed_on:
            err("closed_on", "答复日期和终止日期只能填写一个（答复的填答复日期，终止办理的填终止日期）")
        on = answered_on or closed_on
        column = "answered_on" if answered_on else "closed_on"
        if on is not None and on < received:
            err(column, f"{_label(column)} {on} 早于收到申请日期 {received}")
            return None
        if on is None:
            if outcome:
                err("answered_on", "填写了办理结果，请填写答复日期（终止办理的填终止日期）")
            return None
        if not outcome:
            if not text.get("outcome"):
                err("outcome", f"填写了{_label(column)}，请填写办理结果（年度报告表三的编号或名称）")
            return None
        short = Outcome(outcome).short_label
        stop: kernel.Event | None = None
        if outcome == Outcome.OTHER_NO_CORRECTION:
            if correction_until is None:
                err("outcome", "办理结果为逾期未补正的，须有补正告知日期且没有收到补正日期（第三十条）")
            elif on <= correction_until:
                err(column, f"补正期限至{correction_until}，期限届满后才能作逾期未补正处理（第三十条）")
            else:
                stop = kernel.Event(EventKind.CORRECTION_LAPSED, on, "申请人逾期未补正，视为放弃申请")
        elif closed_on is not None or outcome == Outcome.OTHER_FEE_UNPAID:
            if Outcome(outcome).group != "6":
                err(column, f"办理结果为“{short}”的申请应填写答复日期（终止日期只用于其他处理）")
            else:
                stop = kernel.Event(EventKind.CLOSED, on, f"办理终止：{short}")
        else:
            stop = kernel.Event(EventKind.ANSWERED, on, f"答复：{short}")
        if stop is not None:
            events.append((stop, _label(column)))
        return stop

    def _extension(
        self,
        events: list[tuple[kernel.Event, str]],
        dates: dict[str, dt.date | None],
        text: dict[str, str],
        stop: kernel.Event | None,
        err: Callable[..., None],
    ) -> None:
        """第三十三条第二款: the extension, on its date or, if the register has none, on the day the
        original period ended (the latest day it could have been approved)."""
        days_text = text.get("extension_days", "")
        if not days_text:
            if dates["extended_on"] is not None:
                err("extension_days", "填写了延期日期，请填写延期工作日数")
            return
        try:
            days = int(float(days_text))
            if days != float(days_text):
                raise ValueError
        except ValueError:
            err("extension_days", f"“{days_text}”应为1至20的整数")
            return
        extended_on = dates["extended_on"]
        label = f"延长答复期限{days}个工作日"
        column = "延期日期"
        if extended_on is None:
            extended_on = self._latest_extension_day(events, stop)
            label += "（原登记未记录延期日期，按原答复期限届满日登记）"
            column = "延期工作日数"
        events.append((kernel.Event(EventKind.EXTENDED, extended_on, label, days=days), column))

    def _latest_extension_day(
        self, events: list[tuple[kernel.Event, str]], stop: kernel.Event | None
    ) -> dt.date:
        try:
            before = kernel.compute([e for e, _ in events if e is not stop], self.calendar, today=self.today)
        except kernel.ClockError:
            return events[0][0].on  # the clock is broken anyway: its own error is reported
        day = before.due or max(e.on for e, _ in events)
        if stop is not None:
            day = min(day, stop.on)
        return min(day, self.today)

    def _clock(
        self,
        events: list[tuple[kernel.Event, str]],
        org: Organization | None,
        err: Callable[[str, str], None],
    ) -> kernel.ClockResult | None:
        lead = self.leads.get(org.pk, self.default_lead) if org is not None else self.default_lead
        try:
            return kernel.compute([e for e, _ in events], self.calendar, today=self.today, internal_lead=lead)
        except kernel.ClockError as error:
            err(self._breaking_column(events), str(error))
            return None

    def _breaking_column(self, events: list[tuple[kernel.Event, str]]) -> str:
        """The column of the first event the kernel refuses (it folds events in date order)."""
        ordered = sorted(events, key=lambda pair: (pair[0].on, kernel._order(pair[0].kind)))
        for end in range(1, len(ordered) + 1):
            try:
                kernel.compute([e for e, _ in ordered[:end]], self.calendar, today=self.today)
            except kernel.ClockError:
                return ordered[end - 1][1]
        return ordered[-1][1]

    def _state(
        self,
        text: dict[str, str],
        stop: kernel.Event | None,
        result: kernel.ClockResult | None,
        err: Callable[[str, str], None],
    ) -> str:
        if stop is not None:
            derived = RequestState.ANSWERED if stop.kind is EventKind.ANSWERED else RequestState.CLOSED
        elif result is not None and result.status is kernel.ClockStatus.AWAITING_CORRECTION:
            derived = RequestState.CORRECTION
        else:
            derived = RequestState.REGISTERED
        given_text = text.get("state", "")
        if not given_text:
            return derived
        given = _STATES.get(_key(given_text))
        if given is None:
            allowed = "、".join(
                str(RequestState(s).label) for s in RequestState.values if s not in _NOT_IMPORTABLE_STATES
            )
            err("state", f"“{given_text}”无效，应为：{allowed}")
            return derived
        if given in _NOT_IMPORTABLE_STATES:
            err(
                "state",
                f"“{given_text}”的申请不能导入（拟答复不在登记表中）：请导入为“办理中”，在系统中重新提交拟答复",
            )
            return derived
        if derived == RequestState.REGISTERED and given in (RequestState.REGISTERED, RequestState.ASSIGNED):
            return given
        if given != derived:
            err("state", f"状态“{given_text}”与所填日期不符：按所填日期应为“{RequestState(derived).label}”")
        return derived


_LABELS = {field_name for field_name, _, _ in COLUMNS.values()}
_DISPLAY: dict[str, list[str]] = {
    "channel": [str(label) for label in Channel.labels],
    "applicant_type": [str(label) for label in ApplicantType.labels],
    "id_type": [str(label) for label in IdType.labels],
    "format": [str(label) for label in Format.labels],
    "delivery": [str(label) for label in Delivery.labels],
    "reply_type": [str(label) for label in ReplyType.labels],
    "consultation_kind": ["第三方", "其他机关"],
    "consultation_answer": [str(label) for label in ConsultationAnswer.labels],
}
