"""Allocating 索引号 at publication: unique under any concurrency, gap-free, never changed (SPEC §2.2)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection

from gongkai.core.conf import conf
from gongkai.disclosure.index_numbers import IndexPattern, SerialOverflow
from gongkai.disclosure.models import CatalogColumn, IndexCounter, Item
from gongkai.orgs.models import Organization
from gongkai.orgs.unitcodes import InvalidUnitCode, validate_unit_code


def pattern() -> IndexPattern:
    return IndexPattern(conf()["INDEX_NUMBER_PATTERN"])


def next_serial(key: str) -> int:
    """Take the next serial of a counter in one atomic statement.

    ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` takes the row lock on PostgreSQL and runs inside
    SQLite's write lock, so concurrent publishers queue on the counter row; because it runs in the
    publishing transaction, a publication that rolls back also rolls back its serial: no gaps.
    """
    table = IndexCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, last_serial) VALUES (%s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (key) DO UPDATE SET last_serial = {table}.last_serial + 1 RETURNING last_serial",
            [key],
        )
        return int(cursor.fetchone()[0])


def region_code(organization: Organization) -> str:
    """{region}: the 6-digit 行政区划码 of the body's region.

    Read from the unit code of the nearest people's government at or above the body (the region it
    belongs to): a 统一社会信用代码 carries its registration authority's 行政区划码 in characters 3–8
    (GB 32100-2015). Failing that, from the body's own code. A body whose government and own codes
    are both 9-character 组织机构代码 has none to give.
    """
    for org in (organization.region_government(), organization):
        if org is None:
            continue
        try:
            code = validate_unit_code(org.unit_code)
        except InvalidUnitCode:
            continue
        if code.region:
            return code.region
    raise ValidationError(
        f"索引号格式含区划代码{{region}}，但“{organization.name}”及其所属人民政府的单位代码都不是"
        "统一社会信用代码，无法取得行政区划码。请系统管理员在机构管理中更正单位代码，"
        "或改用不含{region}的索引号格式（GONGKAI_INDEX_NUMBER_PATTERN）。"
    )


def pattern_values(p: IndexPattern, *, organization: Organization, column: CatalogColumn) -> dict[str, str]:
    """The text placeholders the pattern asks for besides the unit code: {region} (the body's
    行政区划码, :func:`region_code`) and {class_code} (the code of the item's 栏目, the class of the
    body's catalog the item is filed under)."""
    values: dict[str, str] = {}
    if "region" in p.placeholders:
        values["region"] = region_code(organization)
    if "class_code" in p.placeholders:
        values["class_code"] = column.code
    return values


def format_index_number(
    p: IndexPattern,
    *,
    organization: Organization,
    column: CatalogColumn,
    on: dt.date,
    serial: int,
    values: dict[str, str] | None = None,
) -> str:
    """Render a 索引号 with every placeholder the pattern accepts; a value that cannot be given is a
    ``ValidationError`` with a Chinese message (never an error page)."""
    if values is None:
        values = pattern_values(p, organization=organization, column=column)
    try:
        return p.format(
            unit_code=organization.unit_code, year=on.year, month=on.month, serial=serial, **values
        )
    except ValueError as error:
        raise ValidationError(f"无法生成索引号：{error}") from error


def allocate_index_number(item: Item, *, on: dt.date) -> str:
    """The item's 索引号 for publication on ``on``. Call inside the publishing transaction."""
    if item.index_number:
        return item.index_number  # never changes once assigned
    p = pattern()
    # Every value is read before a serial is taken, so a refusal leaves the counter as it was.
    values = pattern_values(p, organization=item.organization, column=item.column)
    key = p.counter_key(unit_code=item.organization.unit_code, year=on.year, month=on.month)
    serial = next_serial(key)
    return format_index_number(
        p, organization=item.organization, column=item.column, on=on, serial=serial, values=values
    )


def reserve_index_serials(
    counts: dict[str, int], *, at_least: dict[str, int] | None = None
) -> dict[str, int]:
    """Reserve ``counts[key]`` consecutive serials of each 索引号 counter; return the first of each.

    The batched equivalent of ``services.index_numbers.next_serial``: one ``INSERT … ON CONFLICT DO
    UPDATE … RETURNING`` statement per 400 counters, so the counter rows are locked and advanced
    atomically and, inside the caller's transaction, roll back with it (no gaps, no duplicates).
    ``at_least`` raises a counter to a floor first (kept legacy numbers must never be handed out again).
    """
    table = IndexCounter._meta.db_table
    if at_least:
        keys = list(at_least)
        for start in range(0, len(keys), 400):
            part = keys[start : start + 400]
            values = ", ".join(["(%s, %s)"] * len(part))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (key, last_serial) VALUES {values} "  # noqa: S608 - our table
                    f"ON CONFLICT (key) DO UPDATE SET last_serial = CASE WHEN {table}.last_serial "
                    f"> excluded.last_serial THEN {table}.last_serial ELSE excluded.last_serial END",
                    [p for key in part for p in (key, at_least[key])],
                )
    first: dict[str, int] = {}
    keys = [key for key, n in counts.items() if n > 0]
    limit = pattern().max_serial
    for start in range(0, len(keys), 400):
        part = keys[start : start + 400]
        values = ", ".join(["(%s, %s)"] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, last_serial) VALUES {values} "  # noqa: S608 - our table
                f"ON CONFLICT (key) DO UPDATE SET last_serial = {table}.last_serial + excluded.last_serial "
                "RETURNING key, last_serial",
                [p for key in part for p in (key, counts[key])],
            )
            for key, last in cursor.fetchall():
                if limit is not None and last > limit:
                    raise SerialOverflow(f"索引号计数器 {key} 将超过最大流水号 {limit}")
                first[key] = int(last) - counts[key] + 1
    return first
