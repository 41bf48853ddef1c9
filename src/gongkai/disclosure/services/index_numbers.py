"""Allocating 索引号 at publication: unique under any concurrency, gap-free, never changed (docs/SPEC.md
§2.2)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from gongkai.core import serials
from gongkai.core.conf import conf
from gongkai.core.serials import next_serial, reserve_serials
from gongkai.disclosure.index_numbers import IndexPattern, SerialOverflow
from gongkai.disclosure.models import CatalogColumn, Item
from gongkai.orgs.models import Organization
from gongkai.orgs.unitcodes import InvalidUnitCode, validate_unit_code


def pattern() -> IndexPattern:
    return IndexPattern(conf()["INDEX_NUMBER_PATTERN"])


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
    """Reserve ``counts[key]`` consecutive serials of each 索引号 counter; return the first of each
    (:func:`gongkai.core.serials.reserve_serials`, bounded by the pattern's largest serial).
    ``at_least`` raises a counter to a floor first (kept legacy numbers must never be handed out again)."""
    try:
        return reserve_serials(counts, at_least=at_least, limit=pattern().max_serial)
    except serials.SerialOverflow as exc:
        raise SerialOverflow(f"索引号{exc}") from exc
