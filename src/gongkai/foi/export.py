"""Exporting the register of requests (依申请公开登记台账) as XLSX or CSV, applicant data masked.

Applicant data is personal information (docs/SPEC.md §4.5): an export keeps the applicant's name, which
staff need to recognise a case, but masks the ID number (first 3 and last 4 characters kept) and
the telephone number (a mobile keeps its first 3 and last 4 digits, a landline its area code and
last 2 digits). Addresses and e-mail addresses are not exported at all.

``export_register(queryset, fmt=...)`` returns the file's bytes; the caller (a back-office view,
``gongkai requests export``) decides who may export which requests and records the audit event.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.foi.legal import Outcome
from gongkai.foi.models import InfoRequest

__all__ = ["COLUMNS", "export_register", "is_overdue", "mask_id_number", "mask_phone"]

COLUMNS = [
    "登记编号",
    "受理机关",
    "申请方式",
    "收到日期",
    "申请人类型",
    "申请人",
    "证件号码",
    "联系电话",
    "所需信息",
    "状态",
    "答复期限",
    "暂定",
    "答复日期",
    "办理结果",
    "是否超期",
]
_WIDTHS = [24, 24, 10, 12, 12, 16, 22, 16, 50, 10, 12, 22, 12, 36, 9]
_DATE_COLUMNS = {"收到日期", "答复期限", "答复日期"}
_FIELDS = [
    "registration_number",
    "organization__name",
    "channel",
    "received_on",
    "applicant_type",
    "applicant_name",
    "id_number",
    "phone",
    "description",
    "state",
    "due_date",
    "due_projected",
    "provisional_years",
    "answered_on",
    "closed_on",
    "outcome",
]

_SEPARATORS = re.compile(r"[,，;；/、]+")
_MOBILE = re.compile(r"^(?:\+?86)?(1\d{10})$")


def mask_id_number(number: str) -> str:
    """``340123199001011234`` → ``340***********1234``: the first 3 and last 4 characters kept.

    Shorter numbers (passports, permits) keep only their last 2 characters, and numbers of 4
    characters or fewer are hidden completely, so that most of a number is always hidden.
    """
    number = unicodedata.normalize("NFKC", number or "").replace(" ", "")
    if len(number) >= 10:
        return number[:3] + "*" * (len(number) - 7) + number[-4:]
    if len(number) > 4:
        return "*" * (len(number) - 2) + number[-2:]
    return "*" * len(number)


def _mask_one_phone(phone: str) -> str:
    text = re.split(r"转|ext\.?|分机", unicodedata.normalize("NFKC", phone).strip(), flags=re.IGNORECASE)[0]
    compact = re.sub(r"[\s()]", "", text)
    mobile = _MOBILE.match(compact.replace("-", ""))
    if mobile:
        number = mobile.group(1)
        return f"{number[:3]}****{number[-4:]}"
    head, dash, rest = compact.partition("-")
    area = ""
    if dash and head.startswith("0"):
        area = re.sub(r"\D", "", head)
        local = re.sub(r"\D", "", rest.split("-")[0])  # 0557-3021234-801: the extension is dropped
    else:
        local = re.sub(r"\D", "", compact)
        if local.startswith("0") and len(local) >= 10:
            # Beijing 010 and the 02x cities have three-digit area codes, all others four.
            area = local[:3] if local[1] in "12" else local[:4]
            local = local[len(area) :]
    masked = "*" * len(local) if len(local) <= 2 else "*" * (len(local) - 2) + local[-2:]
    return f"{area}-{masked}" if area else masked


def mask_phone(phone: str) -> str:
    """A mobile keeps its first 3 and last 4 digits (``138****5678``); a landline its area code and
    last 2 digits (``0557-*****34``). Several numbers separated by commas are masked one by one;
    an extension (``转801``) is dropped."""
    parts = [p.strip() for p in _SEPARATORS.split(phone or "") if p.strip()]
    return "，".join(_mask_one_phone(p) for p in parts)


def is_overdue(*, due: dt.date | None, stopped_on: dt.date | None, today: dt.date) -> bool | None:
    """超期: answered or ended after the due date, or still open past it; None without a due date."""
    if due is None:
        return None
    return (stopped_on or today) > due


def _rows(requests_qs: QuerySet[InfoRequest], today: dt.date) -> Iterator[list[Any]]:
    channels = dict(InfoRequest._meta.get_field("channel").flatchoices)
    types = dict(InfoRequest._meta.get_field("applicant_type").flatchoices)
    states = dict(InfoRequest._meta.get_field("state").flatchoices)
    rows = requests_qs.order_by("received_on", "registration_number").values_list(*_FIELDS)
    for (
        number,
        body,
        channel,
        received_on,
        applicant_type,
        name,
        id_number,
        phone,
        description,
        state,
        due,
        projected,
        provisional_years,
        answered_on,
        closed_on,
        outcome,
    ) in rows.iterator(chunk_size=2000):
        notes = []
        if provisional_years:
            notes.append(f"是（{provisional_years.replace(',', '、')}年节假日安排未发布）")
        if projected:
            notes.append("最迟期限（暂停计时中）")
        overdue = is_overdue(due=due, stopped_on=answered_on or closed_on, today=today)
        yield [
            number,
            body,
            str(channels.get(channel, channel)),
            received_on,
            str(types.get(applicant_type, applicant_type)),
            name,
            mask_id_number(id_number),
            mask_phone(phone),
            description,
            str(states.get(state, state)),
            due,
            "；".join(notes),
            answered_on,
            str(Outcome(outcome).label) if outcome in Outcome.values else outcome,
            "" if overdue is None else ("是" if overdue else "否"),
        ]


def _csv_safe(value: Any) -> Any:
    # Text typed by applicants must never become a spreadsheet formula (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export_register(requests_qs: QuerySet[InfoRequest], *, fmt: str, today: dt.date | None = None) -> bytes:
    """The register of ``requests_qs`` as an XLSX workbook or a CSV file (UTF-8 with BOM for Excel)."""
    today = today or timezone.localdate()
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in _rows(requests_qs, today):
            writer.writerow([_csv_safe(v) for v in row])
        return out.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValueError(f"不支持的导出格式“{fmt}”：请选择 xlsx 或 csv")
    return _xlsx(requests_qs, today)


def _text_cell(ws: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _xlsx(requests_qs: QuerySet[InfoRequest], today: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("依申请公开登记台账")
    for index, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for title in COLUMNS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
        header.append(cell)
    ws.append(header)
    for row in _rows(requests_qs, today):
        # Plain values are fastest (dates get the yyyy-mm-dd format by themselves); only text that
        # looks like a formula needs a cell object, so that an applicant's text is never evaluated.
        ws.append([_text_cell(ws, v) if isinstance(v, str) and v[:1] == "=" else v for v in row])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
