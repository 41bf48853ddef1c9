"""Importing a legacy register of requests (历史申请登记导入): ``gongkai import requests FILE --user U``.

A body that moves to Gongkai brings the requests it registered in its old system or spreadsheet.
Every row becomes an ``InfoRequest`` with the clock events its dates describe — receipt, correction
asked and received (第三十条), a consultation pausing the clock (第三十三条第三款), an extension
(第三十三条第二款), the reply or the end — so the due date is derived by the clock kernel exactly as
for a request handled in Gongkai; it is never read from the file.

Like the catalog importer (``gongkai.disclosure.importer``), the whole file is checked first and the
report lists every bad row with its row number, the column and a Chinese message (the kernel's own
message when a date breaks a rule of the clock); only a file without errors is written, in one
transaction (the scaffolding both importers share is ``core.importing``). Legacy registration
numbers are kept when unique; the others get new numbers from the same per-body-and-year counters
as intake. Each imported request gets a fresh look-up code that nobody sees: staff must issue a
new code to the applicant. The columns are documented in docs/IMPORT.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core import importing
from gongkai.core.importing import Echo, bulk_create_with_ids, existing_values
from gongkai.core.tabular import Table
from gongkai.disclosure.index_numbers import SerialOverflow
from gongkai.disclosure.services.index_numbers import reserve_index_serials
from gongkai.foi.clock import Event, EventKind
from gongkai.foi.import_rows import COLUMNS, CheckedRow, RowChecker, RowError
from gongkai.foi.models import Consultation, InfoRequest, RequestState
from gongkai.foi.policy import can_register
from gongkai.foi.services.clock import add_events_in_bulk, apply_result
from gongkai.foi.services.intake import (
    REGISTRATION_NUMBER,
    format_registration_number,
    hash_code,
    new_lookup_code,
    registration_counter_key,
    registration_prefix,
)
from gongkai.orgs.models import Organization

__all__ = ["COLUMNS", "ImportReport", "RowError", "import_requests_file"]

_BATCH = 500


@dataclass
class ImportReport(importing.ImportReport):
    user: str = ""
    bodies: Counter[str] = field(default_factory=Counter)
    states: Counter[str] = field(default_factory=Counter)

    NOUN: ClassVar[str] = "申请"
    UNIT: ClassVar[str] = "件"

    def heading_lines(self) -> list[str]:
        return [f"导入人：{self.user}"] if self.user else []

    def result_lines(self) -> list[str]:
        count = self.rows if self.dry_run else self.imported
        states = "，".join(f"{RequestState(s).label} {n} 件" for s, n in sorted(self.states.items()))
        lead = (
            f"校验通过（试运行，未写入）：可导入 {count} 件申请" if self.dry_run else f"已导入 {count} 件申请"
        )
        lines = [
            f"{lead}（受理机关 {len(self.bodies)} 个），其中保留原登记编号 {self.kept_numbers} 件，"
            f"新编登记编号 {self.new_numbers} 件" + (f"；{states}。" if states else "。")
        ]
        if count:
            lines.append(
                "查询码：每件申请都生成了新的查询码，但不显示也不保存明文，原系统的查询码不再有效。"
                "申请人需要在线查询的，请工作人员在案件页面重新生成查询码并告知申请人。"
            )
        return lines


# ---------------------------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------------------------


def import_requests_file(
    path: str | Path,
    *,
    user: Any,
    body: str = "",
    dry_run: bool = False,
    echo: Echo = print,
) -> ImportReport:
    """Check ``path`` and, when every row is good and not ``dry_run``, import it in one transaction.

    ``user`` is the staff member the import is recorded under: a request handler or office head of
    every receiving body (or a system administrator). ``body`` (unit code, slug or name) is the
    receiving body of rows that do not name one.
    """
    path = Path(path)
    report = ImportReport(path=str(path), dry_run=dry_run)
    if user is None or not getattr(user, "is_active", False):
        report.errors.append(RowError(0, "请用 --user 指定一名在用的工作人员账户（导入记录在其名下）"))
        return report
    report.user = f"{user.username}（{getattr(user, 'full_name', '') or user.get_username()}）"
    default_body = None
    checker = RowChecker(default_body=None)
    if body:
        default_body = checker.body(body)
        if default_body is None:
            report.errors.append(RowError(0, f"找不到统一社会信用代码、网址标识或名称为“{body}”的机关"))
            return report
        checker.default_body = default_body

    def body_missing(table: Table) -> list[str]:
        if "body" not in table.positions and default_body is None:
            return ["受理机关（或在命令中用 --body 指定）"]
        return []

    table = importing.read_import_table(path, COLUMNS, report, also_missing=body_missing)
    if table is None:
        return report

    good: list[CheckedRow] = []
    for number, values in importing.row_values(table):
        row = checker.check(number, values, report.errors)
        if row is not None:
            good.append(row)
    _check_permissions(user, good, report)
    _check_duplicates(good, report)
    _check_numbers(good, report)
    report.kept_numbers = sum(1 for r in good if r.legacy_number)
    report.new_numbers = len(good) - report.kept_numbers
    for row in good:
        report.bodies[row.organization.unit_code] += 1
        report.states[row.fields["state"]] += 1
    if not report.writable:
        return report

    def write() -> int:
        imported = _write(good, user, path.name)
        orgs = {row.organization.pk: row.organization for row in good}
        record(
            actor=user,
            action="requests.imported",
            organization=next(iter(orgs.values())) if len(orgs) == 1 else None,
            data={
                "file": path.name,
                "rows": imported,
                "bodies": dict(report.bodies),
                "kept_numbers": report.kept_numbers,
                "new_numbers": report.new_numbers,
                "states": dict(report.states),
            },
        )
        return imported

    return importing.write_all_or_nothing(
        report, write, count=len(good), echo=echo, rolled_back_on=(SerialOverflow,)
    )


def _check_permissions(user: Any, rows: list[CheckedRow], report: ImportReport) -> None:
    if user.is_superuser:
        return
    refused: dict[int, Organization] = {}
    for row in rows:
        org = row.organization
        if org.pk not in refused and not can_register(user, org):
            refused[org.pk] = org
    for org in refused.values():
        report.errors.append(
            RowError(
                0,
                f"{user.username} 不是“{org.name}”的依申请公开承办人或公开工作机构负责人，"
                "不能导入该机关的申请",
                "受理机关",
            )
        )


def _check_duplicates(rows: list[CheckedRow], report: ImportReport) -> None:
    """A request already in Gongkai (same body, day, applicant and description): imported before."""
    if not rows:
        return
    first = min(r.fields["received_on"] for r in rows)
    last = max(r.fields["received_on"] for r in rows)
    existing = set(
        InfoRequest.objects.filter(
            organization__in={r.organization.pk for r in rows}, received_on__range=(first, last)
        ).values_list("organization_id", "received_on", "id_number", "description")
    )
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        f = row.fields
        key = (row.organization.pk, f["received_on"], f["id_number"], f["description"])
        if key in existing:
            report.errors.append(
                RowError(
                    row.number, "受理机关已有同一申请人同日收到的相同申请（文件可能已导入过）", "所需信息描述"
                )
            )
        elif key in seen:
            report.warnings.append(
                RowError(row.number, f"与第{seen[key]}行是同一申请人同日的相同申请，将作为两件申请导入")
            )
        else:
            seen[key] = row.number


def _check_numbers(rows: list[CheckedRow], report: ImportReport) -> None:
    """Keep a legacy registration number only when it is unique; the others get new numbers."""
    taken = existing_values(
        InfoRequest.objects.all(), "registration_number", (r.legacy_number for r in rows if r.legacy_number)
    )
    seen: dict[str, int] = {}
    for row in rows:
        number = row.legacy_number
        if not number:
            continue
        if len(number) > 60:
            report.warnings.append(
                RowError(row.number, f"登记编号“{number[:20]}…”超过60字，将重新编号", "登记编号")
            )
        elif number in taken:
            report.warnings.append(
                RowError(row.number, f"登记编号“{number}”已被系统中的其他申请使用，将重新编号", "登记编号")
            )
        elif number in seen:
            report.warnings.append(
                RowError(row.number, f"登记编号“{number}”与第{seen[number]}行重复，将重新编号", "登记编号")
            )
        else:
            seen[number] = row.number
            continue
        row.legacy_number = ""


def _allocate(rows: list[CheckedRow]) -> None:
    """New registration numbers per prefix and year of receipt, in order of receipt, gap-free, from
    the same counters as ``services.intake.registration_number``."""
    floors: dict[str, int] = {}
    for row in rows:
        match = REGISTRATION_NUMBER.match(row.legacy_number)
        if match is not None:  # a kept number in intake's form: never hand it out again
            key = registration_counter_key(match.group(1), int(match.group(2)))
            floors[key] = max(floors.get(key, 0), int(match.group(3)))
    needing = sorted(
        (r for r in rows if not r.legacy_number), key=lambda r: (r.fields["received_on"], r.number)
    )

    def key_of(row: CheckedRow) -> str:
        return registration_counter_key(registration_prefix(row.organization), row.fields["received_on"].year)

    next_serial = reserve_index_serials(dict(Counter(key_of(r) for r in needing)), at_least=floors)
    for row in needing:
        key = key_of(row)
        serial = next_serial[key]
        next_serial[key] = serial + 1
        row.fields["registration_number"] = format_registration_number(
            registration_prefix(row.organization), row.fields["received_on"].year, serial
        )
    for row in rows:
        if row.legacy_number:
            row.fields["registration_number"] = row.legacy_number


def _write(rows: list[CheckedRow], user: Any, file_name: str) -> int:
    _allocate(rows)
    today = timezone.localdate()
    progress = importing.progress(len(rows), desc="导入", unit="件")
    imported = 0
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        requests = []
        for row in batch:
            request = InfoRequest(
                lookup_code_hash=hash_code(new_lookup_code()), created_by=user, **row.fields
            )
            apply_result(request, row.result)
            requests.append(request)
        created = bulk_create_with_ids(InfoRequest, requests, key="registration_number")
        consultations = {
            request.pk: Consultation(request=request, **row.consultation)
            for row, request in zip(batch, created, strict=True)
            if row.consultation is not None
        }
        bulk_create_with_ids(Consultation, list(consultations.values()), key="request_id")
        # The clock service records the events (its batch form): the kernel runs on each request's
        # events, including the import note, and the derived due dates are written with them.
        entries: list[tuple[InfoRequest, list[Event]]] = []
        for row, request in zip(batch, created, strict=True):
            key = consultations[request.pk].clock_key if request.pk in consultations else ""
            events = [
                replace(event, label=event.label[:200], key=key if event.key else "") for event in row.events
            ]
            events.append(
                Event(kind=EventKind.NOTE, on=today, label=f"自原系统导入（文件 {file_name}）"[:200])
            )
            entries.append((request, events))
        add_events_in_bulk(entries, actor=user)
        imported += len(created)
        progress.update(len(created))
    progress.close()
    return imported
