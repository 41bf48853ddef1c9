"""索引号 (index number) patterns: formatting, counter scopes and parsing (docs/SPEC.md §2.2).

The State Council catalog guideline gives 索引号 as ``前段码/后段码``: the publishing body's unit code,
then the year of publication and a 5-digit serial within that body and year, e.g.
``11441700007280420Y/2021-00050`` or ``000014349/2017-00110``. Local schemes differ (region-dept-class-
group-date-serial; year+month ``202110-00013``), so each installation configures a pattern in a
``str.format``-like syntax. This module checks the pattern once at start-up, renders numbers, says which
counter a serial is drawn from, and parses legacy numbers on import. Allocation itself (uniqueness under
concurrency, never reused) belongs to the disclosure services; this kernel has no Django in it.
"""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DEFAULT_PATTERN", "IndexPattern", "SerialOverflow"]

DEFAULT_PATTERN = "{unit_code}/{year}-{serial:05d}"

_INT_FIELDS = ("year", "month", "serial")
_STR_FIELDS = ("unit_code", "region", "class_code")
_ALLOWED = _INT_FIELDS + _STR_FIELDS
_FIELD_NAMES_ZH = {
    "unit_code": "单位代码",
    "year": "年份",
    "month": "月份",
    "serial": "流水号",
    "region": "区划代码",
    "class_code": "分类代码",
}
# Width used when the pattern gives none: a year is always 4 digits, a month always 2, so that
# 2021-3 and 2021-03 cannot both exist.
_DEFAULT_WIDTH = {"year": 4, "month": 2}
_INT_SPEC = re.compile(r"(0?)([1-9][0-9]*)?d")
# What a text placeholder may contain when parsed back: unit codes, region and class codes are
# digits and upper-case letters; a hyphen is left to separate them.
_TEXT_VALUE = r"[0-9A-Za-z]+"


class SerialOverflow(ValueError):
    """The serial no longer fits the width the pattern gives it (e.g. a 100000th item in a year)."""


@dataclass(frozen=True)
class _Placeholder:
    name: str
    width: int | None  # zero-padded width for integers; None = as many digits as needed


@dataclass(frozen=True)
class IndexPattern:
    """A validated 索引号 pattern, e.g. ``IndexPattern("{unit_code}/{year}-{serial:05d}")``.

    Placeholders: {unit_code} (the publishing body's 单位代码), {year} and {month} (of publication),
    {serial} (流水号), {region} (the 6-digit 行政区划码 of the body's region) and {class_code} (the code
    of the item's 栏目, the class of the catalog it is filed under); the disclosure services supply
    every one of them at publication. Integers take ``:0Nd`` (zero-padded to N) or ``:d``; text
    placeholders take no format spec. Any error raises ``ValueError`` with a Chinese message at
    construction, so a bad setting fails at start-up (the ``disclosure`` app's system check).
    """

    pattern: str
    _parts: tuple[str | _Placeholder, ...] = field(init=False, repr=False, compare=False)
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = _parse_pattern(self.pattern)
        object.__setattr__(self, "_parts", parts)
        object.__setattr__(self, "_regex", _build_regex(parts))

    # -- what the pattern contains ------------------------------------------------------------------

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(part.name for part in self._parts if isinstance(part, _Placeholder))

    @property
    def serial_width(self) -> int | None:
        serial = self._placeholder("serial")
        assert serial is not None  # construction rejects patterns without {serial}
        return serial.width

    @property
    def max_serial(self) -> int | None:
        """The largest serial the pattern can show (99999 for ``{serial:05d}``), None if unbounded."""
        width = self.serial_width
        return None if width is None else 10**width - 1

    def _placeholder(self, name: str) -> _Placeholder | None:
        return next((p for p in self._parts if isinstance(p, _Placeholder) and p.name == name), None)

    # -- rendering ----------------------------------------------------------------------------------

    def format(self, *, unit_code: str, year: int, month: int, serial: int, **extra: str) -> str:
        """Render one index number. ``extra`` carries {region} and {class_code} when the pattern has them."""
        unknown = set(extra) - {"region", "class_code"}
        if unknown:
            names = "、".join(sorted(unknown))
            raise ValueError(f"索引号格式不认识参数：{names}")
        _check_year_month(year, month)
        if serial < 1:
            raise ValueError(f"流水号应为正整数，实为 {serial}")
        limit = self.max_serial
        if limit is not None and serial > limit:
            raise SerialOverflow(
                f"流水号 {serial} 超出索引号格式允许的最大值 {limit}（{self.serial_width}位）"
            )
        values: dict[str, Any] = {"unit_code": unit_code, "year": year, "month": month, "serial": serial}
        values.update(extra)
        out: list[str] = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = values.get(part.name)
            if part.name in _STR_FIELDS:
                if not isinstance(value, str) or not re.fullmatch(_TEXT_VALUE, value):
                    label = _FIELD_NAMES_ZH[part.name]
                    raise ValueError(f"索引号的{label}（{{{part.name}}}）应为非空的数字或字母，实为“{value}”")
                out.append(value)
            else:
                out.append(f"{value:0{part.width}d}" if part.width else str(value))
        return "".join(out)

    def counter_key(self, *, unit_code: str, year: int, month: int) -> str:
        """The counter a serial is drawn from; serials restart whenever this key changes.

        The scope follows the pattern, so that two items can never get the same number:
        per unit only if {unit_code} is in the pattern (otherwise one counter for all units),
        per year only if {year} is, per month only if {year} and {month} both are (a month
        without a year would repeat every year, so then the serial never restarts).
        """
        _check_year_month(year, month)
        names = set(self.placeholders)
        scope_unit = unit_code if "unit_code" in names else "*"
        scope_year = f"{year:04d}" if "year" in names else "*"
        scope_month = f"{month:02d}" if "year" in names and "month" in names else "*"
        return f"{scope_unit}|{scope_year}|{scope_month}"

    # -- parsing ------------------------------------------------------------------------------------

    def parse(self, text: str) -> dict[str, int | str]:
        """Split an index number into its placeholders (to validate imported legacy numbers).

        Returns e.g. ``{"unit_code": "000014349", "year": 2017, "serial": 110}``; raises
        ``ValueError`` with a Chinese message when the text does not follow the pattern.
        """
        match = self._regex.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"索引号“{text}”不符合格式“{self.pattern}”")
        result: dict[str, int | str] = {}
        for name, value in match.groupdict().items():
            result[name] = int(value) if name in _INT_FIELDS else value
        if "month" in result and not 1 <= int(result["month"]) <= 12:
            raise ValueError(f"索引号“{text}”中的月份 {result['month']} 无效")
        if "serial" in result and int(result["serial"]) < 1:
            raise ValueError(f"索引号“{text}”中的流水号应为正整数")
        return result


def _check_year_month(year: int, month: int) -> None:
    if not 1000 <= year <= 9999:
        raise ValueError(f"年份应为4位数，实为 {year}")
    if not 1 <= month <= 12:
        raise ValueError(f"月份应在1–12之间，实为 {month}")


def _parse_pattern(pattern: str) -> tuple[str | _Placeholder, ...]:
    try:
        pieces = list(string.Formatter().parse(pattern))
    except ValueError as error:
        raise ValueError(f"索引号格式“{pattern}”的花括号不配对（字面花括号请写作 {{{{ 和 }}}}）") from error
    parts: list[str | _Placeholder] = []
    seen: set[str] = set()
    for literal, name, spec, conversion in pieces:
        if literal:
            parts.append(literal)
        if name is None:
            continue
        if name == "" or name.isdigit():
            raise ValueError(f"索引号格式“{pattern}”中的占位符须有名称，如 {{year}}")
        if name not in _ALLOWED:
            allowed = " ".join(f"{{{n}}}" for n in _ALLOWED)
            raise ValueError(f"索引号格式“{pattern}”中有未知占位符 {{{name}}}；可用的占位符：{allowed}")
        if name in seen:
            raise ValueError(f"索引号格式“{pattern}”中占位符 {{{name}}} 重复出现")
        if conversion:
            raise ValueError(f"索引号格式“{pattern}”中的占位符 {{{name}}} 不能带转换符 !{conversion}")
        seen.add(name)
        parts.append(_Placeholder(name, _width(pattern, name, spec or "")))
    if "serial" not in seen:
        raise ValueError(f"索引号格式“{pattern}”必须包含流水号占位符 {{serial}}，否则无法保证唯一")
    _check_adjacent(pattern, parts)
    return tuple(parts)


def _width(pattern: str, name: str, spec: str) -> int | None:
    if name in _STR_FIELDS:
        if spec:
            raise ValueError(f"索引号格式“{pattern}”中的文字占位符 {{{name}}} 不能带格式说明“:{spec}”")
        return None
    if not spec:
        return _DEFAULT_WIDTH.get(name)
    match = _INT_SPEC.fullmatch(spec)
    if match is None:
        raise ValueError(f"索引号格式“{pattern}”中 {{{name}}} 的格式说明“:{spec}”无效，应为如 :05d 的形式")
    zero, digits = match.groups()
    if digits and not zero:
        # "{serial:5d}" pads with spaces: an index number must never contain spaces.
        raise ValueError(f"索引号格式“{pattern}”中 {{{name}}} 应以0补位，如 :0{digits}d")
    width = int(digits) if digits else None
    if name == "year" and width not in (None, 4):
        raise ValueError(f"索引号格式“{pattern}”中的年份应为4位")
    if name == "month" and width not in (None, 2):
        raise ValueError(f"索引号格式“{pattern}”中的月份应为2位")
    return _DEFAULT_WIDTH.get(name, width) if width is None else width


def _check_adjacent(pattern: str, parts: list[str | _Placeholder]) -> None:
    # Two variable-width placeholders side by side ({unit_code}{serial}) cannot be told apart when
    # a legacy number is parsed back.
    for left, right in itertools.pairwise(parts):
        if (
            isinstance(left, _Placeholder)
            and isinstance(right, _Placeholder)
            and left.width is None
            and right.width is None
        ):
            raise ValueError(f"索引号格式“{pattern}”中 {{{left.name}}} 与 {{{right.name}}} 之间须有分隔符")


def _build_regex(parts: tuple[str | _Placeholder, ...]) -> re.Pattern[str]:
    pieces: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(re.escape(part))
        elif part.name in _STR_FIELDS:
            pieces.append(f"(?P<{part.name}>{_TEXT_VALUE})")
        elif part.width:
            pieces.append(f"(?P<{part.name}>[0-9]{{{part.width}}})")
        else:
            pieces.append(f"(?P<{part.name}>[0-9]+)")
    return re.compile("".join(pieces))
