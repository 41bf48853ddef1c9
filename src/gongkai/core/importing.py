"""The scaffolding every importer shares: columns, row errors, the report, all-or-nothing writing.

An importer (the legacy catalog, ``disclosure.importer``; the legacy register of requests,
``foi.importer``) declares its file columns as ``COLUMNS`` (file column → field, required,
aliases), reads the file with :func:`read_import_table` (the header, unknown and doubled columns,
missing required ones, all reported by row number), checks every row through
:func:`row_values`, collecting :class:`RowError` s in its :class:`ImportReport`, and writes only a
file without errors, in one transaction, with :func:`write_all_or_nothing`. Reading the cells
themselves (CSV or XLSX, dates, text) is :mod:`gongkai.core.tabular`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from gongkai.core.tabular import Table, TableError, read_table

#: File column → (field name, required, aliases). The first name is the documented one.
Columns = Mapping[str, tuple[str, bool, tuple[str, ...]]]
Echo = Callable[[str], Any]
M = TypeVar("M", bound=models.Model)

#: Files with fewer rows than this check and write without a progress bar.
PROGRESS_FROM = 2000
#: Values per ``IN (…)`` look-up (SQLite allows 999 parameters in older builds).
LOOKUP_CHUNK = 500


def header_aliases(columns: Columns) -> dict[str, str]:
    """Every accepted header text (NFKC, spaces removed) → its documented column name."""
    return {
        unicodedata.normalize("NFKC", name).replace(" ", ""): canonical
        for canonical, (_, _, aliases) in columns.items()
        for name in (canonical, *aliases)
    }


def column_label(columns: Columns, field_name: str) -> str:
    """The documented column name of a field."""
    return next(label for label, (name, _, _) in columns.items() if name == field_name)


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as the user sees it in the file (header = row 1); 0 = the whole file
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"【{self.column}】" if self.column else ""
        return f"第{self.row}行{where}：{self.message}" if self.row else f"{where}{self.message}"


@dataclass
class ImportReport:
    """What an import found and did; ``summary()`` is what the command prints."""

    path: str
    rows: int = 0
    imported: int = 0
    kept_numbers: int = 0
    new_numbers: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    #: What one row becomes, and its measure word, in the report's sentences ("条信息", "件申请").
    NOUN: ClassVar[str] = "记录"
    UNIT: ClassVar[str] = "条"

    @property
    def writable(self) -> bool:
        """Every row checked out and this is not a dry run."""
        return not self.errors and not self.dry_run

    def heading_lines(self) -> list[str]:
        """Lines after the file name (who or what the import is for)."""
        return []

    def result_lines(self) -> list[str]:
        """Lines of a file without errors: what was (or, in a dry run, would be) imported."""
        count = self.rows if self.dry_run else self.imported
        if self.dry_run:
            return [f"校验通过（试运行，未写入）：可导入 {count} {self.UNIT}{self.NOUN}。"]
        return [f"已导入 {count} {self.UNIT}{self.NOUN}。"]

    def summary(self) -> str:
        lines = [f"文件：{self.path}", *self.heading_lines(), f"数据行：{self.rows}"]
        if self.errors:
            bad_rows = len({e.row for e in self.errors if e.row})
            where = f"（涉及 {bad_rows} 行）" if bad_rows else ""
            lines.append(f"发现 {len(self.errors)} 处错误{where}，未导入任何{self.NOUN}：")
            lines.extend(f"  {e}" for e in self.errors)
        else:
            lines.extend(self.result_lines())
        if self.warnings:
            lines.append(f"提示 {len(self.warnings)} 条：")
            lines.extend(f"  {w}" for w in self.warnings)
        return "\n".join(lines)


def read_import_table(
    path: Path,
    columns: Columns,
    report: ImportReport,
    *,
    also_missing: Callable[[Table], Sequence[str]] | None = None,
) -> Table | None:
    """The file's header and data rows, or ``None`` when the file cannot be imported at all.

    File-level problems go into ``report``: an unreadable or empty file (row 0), an unknown column
    (a warning), a column given twice, and the missing required columns (at the header's row) —
    ``also_missing(table)`` names more of them that only the importer can tell.
    """
    try:
        table = read_table(
            path, fields={n: c[0] for n, c in columns.items()}, aliases=header_aliases(columns)
        )
    except TableError as exc:
        report.errors.append(RowError(0, str(exc)))
        return None
    report.warnings += [RowError(n, m) for n, m in table.warnings]
    report.errors += [RowError(n, m) for n, m in table.errors]
    missing = [
        *(also_missing(table) if also_missing else ()),
        *(
            name
            for name, (fname, required, _) in columns.items()
            if required and fname not in table.positions
        ),
    ]
    if missing:
        report.errors.append(RowError(table.header_number, f"缺少必填列：{'、'.join(missing)}"))
        return None
    report.rows = len(table.rows)
    return table


def progress(total: int, *, desc: str, unit: str) -> Any:
    """A terminal progress bar for a long file (none below :data:`PROGRESS_FROM` rows)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=total < PROGRESS_FROM)


def row_values(table: Table) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, field → cell) of every data row, a missing trailing cell read as ``None``."""
    bar = progress(len(table.rows), desc="校验", unit="行")
    for number, cells in table.rows:
        yield (
            number,
            {name: (cells[pos] if pos < len(cells) else None) for name, pos in table.positions.items()},
        )
        bar.update(1)
    bar.close()


def existing_values(queryset: models.QuerySet[Any], field_name: str, values: Iterable[str]) -> set[str]:
    """Which of ``values`` the field already holds in ``queryset`` (in chunks of :data:`LOOKUP_CHUNK`)."""
    wanted = list(dict.fromkeys(values))
    found: set[str] = set()
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        part = wanted[start : start + LOOKUP_CHUNK]
        found.update(queryset.filter(**{f"{field_name}__in": part}).values_list(field_name, flat=True))
    return found


def bulk_create_with_ids(model: type[M], objects: list[M], *, key: str) -> list[M]:
    """``bulk_create``, with the primary keys read back by the unique ``key`` field on a backend
    that does not return them (no ``RETURNING``)."""
    created = model._default_manager.bulk_create(objects)
    if created and created[0].pk is None:
        keys = [getattr(obj, key) for obj in created]
        ids = dict(model._default_manager.filter(**{f"{key}__in": keys}).values_list(key, "pk"))
        for obj in created:
            obj.pk = ids[getattr(obj, key)]
    return created


R = TypeVar("R", bound=ImportReport)


def write_all_or_nothing(
    report: R,
    write: Callable[[], int],
    *,
    count: int,
    echo: Echo,
    rolled_back_on: tuple[type[Exception], ...] = (),
) -> R:
    """Run ``write`` (which returns how many rows it imported) in one transaction.

    A write that fails on the database (``IntegrityError``), on a service's check
    (``ValidationError``) or on one of ``rolled_back_on`` leaves nothing behind: the report says so
    at row 0 and counts nothing imported.
    """
    echo(f"校验通过，正在导入 {count} {report.UNIT}{report.NOUN}……")
    caught: tuple[type[Exception], ...] = (IntegrityError, ValidationError, *rolled_back_on)
    try:
        with transaction.atomic():
            report.imported = write()
    except caught as exc:
        report.imported = 0
        text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        report.errors.append(RowError(0, f"写入时出错，已全部撤销，未导入任何{report.NOUN}：{text}"))
    return report
