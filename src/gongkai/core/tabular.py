"""Reading spreadsheets that people bring (CSV or XLSX): the shared part of every importer; and
writing the platform's tables as XLSX (:func:`write_workbook`).

The catalog importer (``disclosure.importer``) and the request importer (``foi.importer``) both take
a file whose first non-empty row holds Chinese column headers (with aliases), followed by data rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?$")


class TableError(ValueError):
    """The file cannot be read as a table at all (the message is Chinese, for the report)."""


def read_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet of an XLSX file or of a CSV file (UTF-8 or GB18030)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            for number, row in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
                yield number, list(row)
        finally:
            wb.close()
        return
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValueError("文件编码无法识别，请保存为 UTF-8 编码的 CSV 文件")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        yield number, row


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value: Any) -> dt.date | None:
    """A date cell: an Excel date, ``2021-03-05``, ``2021/3/5``, ``2021.03.05`` or ``2021年3月5日``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel serial day number
    match = _DATE.match(unicodedata.normalize("NFKC", str(value)).strip())
    if match is None:
        raise ValueError
    return dt.date(*(int(g) for g in match.groups()))


@dataclass
class Table:
    header_number: int
    #: field name → position of its column
    positions: dict[str, int]
    #: (row number, cells) of every non-empty row after the header
    rows: list[tuple[int, list[Any]]]
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def read_table(path: Path, *, fields: Mapping[str, str], aliases: Mapping[str, str]) -> Table:
    """The header (the first non-empty row) and the data rows of a file.

    ``aliases`` maps every accepted header text (NFKC, spaces removed) to a column name, ``fields``
    maps column names to field names. Unknown headers are warnings; a column given twice is an error.
    Raises ``TableError`` for an unreadable or empty file.
    """
    try:
        rows = list(read_rows(path))
    except Exception as exc:  # unreadable file: one clear message, never a traceback
        raise TableError(f"无法读取文件：{exc}") from exc
    header_at = next((i for i, (_, cells) in enumerate(rows) if any(cell_text(c) for c in cells)), None)
    if header_at is None:
        raise TableError("文件是空的")
    header_number, header = rows[header_at]
    table = Table(
        header_number=header_number,
        positions={},
        rows=[(n, cells) for n, cells in rows[header_at + 1 :] if any(cell_text(c) for c in cells)],
    )
    for position, cell in enumerate(header):
        name = aliases.get(unicodedata.normalize("NFKC", cell_text(cell)).replace(" ", ""))
        if name is None:
            if cell_text(cell):
                table.warnings.append((header_number, f"不认识的列“{cell_text(cell)}”，已忽略"))
            continue
        if fields[name] in table.positions:
            table.errors.append((header_number, f"列“{name}”出现了两次"))
        table.positions[fields[name]] = position
    return table


# -- writing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One sheet of an exported table: its tab title, a heading line, the header row and the rows."""

    title: str
    heading: str
    header: Sequence[str]
    rows: list[list[object]]


def write_workbook(sheets: Sequence[Sheet], *, first_column_width: int) -> bytes:
    """An XLSX of the sheets: a bold heading, a bold header row, the rows; the first column (the
    row labels) ``first_column_width`` wide and frozen with the two heading rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])  # Excel's limit on a tab's name
        ws.append([sheet.heading])
        ws["A1"].font = Font(bold=True)
        ws.append(list(sheet.header))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append(row)
        ws.column_dimensions["A"].width = first_column_width
        ws.freeze_panes = "B3"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
