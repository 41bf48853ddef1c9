"""Tests of 索引号 patterns (docs/SPEC.md §2.2: ``前段码/后段码``, unit code / year-serial by default)."""

from __future__ import annotations

import random

import pytest

from gongkai.disclosure.index_numbers import DEFAULT_PATTERN, IndexPattern, SerialOverflow

DEFAULT = IndexPattern(DEFAULT_PATTERN)


# ---------------------------------------------------------------------------------------------
# The default pattern, with docs/SPEC.md §2.2's two real examples
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit_code", "year", "serial", "expected"),
    [
        ("11441700007280420Y", 2021, 50, "11441700007280420Y/2021-00050"),
        ("000014349", 2017, 110, "000014349/2017-00110"),
        ("000014349", 2017, 1, "000014349/2017-00001"),
        ("000014349", 2017, 99999, "000014349/2017-99999"),
    ],
)
def test_default_pattern_formats_the_spec_examples(
    unit_code: str, year: int, serial: int, expected: str
) -> None:
    assert DEFAULT.format(unit_code=unit_code, year=year, month=6, serial=serial) == expected


def test_default_pattern_parses_the_spec_examples() -> None:
    assert DEFAULT.parse("11441700007280420Y/2021-00050") == {
        "unit_code": "11441700007280420Y",
        "year": 2021,
        "serial": 50,
    }
    assert DEFAULT.parse(" 000014349/2017-00110 ") == {"unit_code": "000014349", "year": 2017, "serial": 110}


def test_serial_cannot_pass_its_width() -> None:
    assert DEFAULT.max_serial == 99999
    with pytest.raises(SerialOverflow, match="超出索引号格式允许的最大值 99999"):
        DEFAULT.format(unit_code="000014349", year=2017, month=1, serial=100_000)
    assert issubclass(SerialOverflow, ValueError)


@pytest.mark.parametrize("serial", [0, -1])
def test_serial_must_be_positive(serial: int) -> None:
    with pytest.raises(ValueError, match="正整数"):
        DEFAULT.format(unit_code="000014349", year=2017, month=1, serial=serial)


# ---------------------------------------------------------------------------------------------
# Counter scope follows the date placeholders in the pattern
# ---------------------------------------------------------------------------------------------


def test_default_counter_restarts_per_unit_and_year() -> None:
    key = DEFAULT.counter_key
    assert key(unit_code="000014349", year=2021, month=3) == key(unit_code="000014349", year=2021, month=11)
    assert key(unit_code="000014349", year=2021, month=3) != key(unit_code="000014349", year=2022, month=3)
    assert key(unit_code="000014349", year=2021, month=3) != key(
        unit_code="11441700007280420Y", year=2021, month=3
    )
    assert key(unit_code="000014349", year=2021, month=3) == "000014349|2021|*"


def test_monthly_pattern_restarts_per_month() -> None:
    pattern = IndexPattern("{unit_code}/{year}{month}-{serial:05d}")
    assert pattern.format(unit_code="000014349", year=2021, month=10, serial=13) == "000014349/202110-00013"
    assert pattern.counter_key(unit_code="000014349", year=2021, month=10) == "000014349|2021|10"
    assert pattern.counter_key(unit_code="000014349", year=2021, month=11) == "000014349|2021|11"


def test_local_year_month_pattern_from_the_spec() -> None:
    # "202110-00013": no unit code in the number, so the counter must be shared by all units.
    pattern = IndexPattern("{year}{month:02d}-{serial:05d}")
    assert pattern.format(unit_code="A1", year=2021, month=10, serial=13) == "202110-00013"
    assert pattern.parse("202110-00013") == {"year": 2021, "month": 10, "serial": 13}
    assert pattern.counter_key(unit_code="A1", year=2021, month=10) == "*|2021|10"
    assert pattern.counter_key(unit_code="B2", year=2021, month=10) == "*|2021|10"


def test_month_without_year_never_restarts() -> None:
    # {month} alone would repeat every year: restarting per month would produce duplicates.
    pattern = IndexPattern("{unit_code}-{month}-{serial:06d}")
    assert pattern.counter_key(unit_code="U", year=2021, month=3) == "U|*|*"
    assert pattern.counter_key(unit_code="U", year=2022, month=3) == "U|*|*"


def test_pattern_without_dates_never_restarts() -> None:
    pattern = IndexPattern("{unit_code}-{serial:08d}")
    assert pattern.counter_key(unit_code="U", year=2021, month=3) == pattern.counter_key(
        unit_code="U", year=2030, month=12
    )


# ---------------------------------------------------------------------------------------------
# Local schemes with region and class codes
# ---------------------------------------------------------------------------------------------


def test_region_dept_class_date_serial_scheme() -> None:
    pattern = IndexPattern("{region}-{unit_code}-{class_code}-{year}{month}-{serial:04d}")
    number = pattern.format(
        unit_code="00299500X", year=2024, month=7, serial=8, region="340100", class_code="0201"
    )
    assert number == "340100-00299500X-0201-202407-0008"
    assert pattern.parse(number) == {
        "region": "340100",
        "unit_code": "00299500X",
        "class_code": "0201",
        "year": 2024,
        "month": 7,
        "serial": 8,
    }
    assert pattern.placeholders == ("region", "unit_code", "class_code", "year", "month", "serial")


def test_missing_or_unknown_extra_values() -> None:
    pattern = IndexPattern("{region}-{unit_code}-{serial:04d}")
    with pytest.raises(ValueError, match="区划代码"):
        pattern.format(unit_code="U1", year=2024, month=1, serial=1)
    with pytest.raises(ValueError, match="不认识参数：colour"):
        pattern.format(unit_code="U1", year=2024, month=1, serial=1, region="340100", colour="red")
    with pytest.raises(ValueError, match="单位代码"):
        DEFAULT.format(unit_code="", year=2024, month=1, serial=1)
    with pytest.raises(ValueError, match="单位代码"):
        DEFAULT.format(unit_code="0000/14349", year=2024, month=1, serial=1)


def test_year_and_month_are_checked() -> None:
    with pytest.raises(ValueError, match="月份"):
        DEFAULT.format(unit_code="U", year=2024, month=13, serial=1)
    with pytest.raises(ValueError, match="年份"):
        DEFAULT.format(unit_code="U", year=24, month=1, serial=1)


def test_unbounded_serial() -> None:
    pattern = IndexPattern("{unit_code}/{year}-{serial}")
    assert pattern.max_serial is None
    assert pattern.format(unit_code="U", year=2024, month=1, serial=1_234_567) == "U/2024-1234567"
    assert pattern.parse("U/2024-7") == {"unit_code": "U", "year": 2024, "serial": 7}


def test_literal_braces() -> None:
    pattern = IndexPattern("{{{unit_code}}}{year}-{serial:03d}")
    assert pattern.format(unit_code="U", year=2024, month=1, serial=5) == "{U}2024-005"
    assert pattern.parse("{U}2024-005") == {"unit_code": "U", "year": 2024, "serial": 5}


# ---------------------------------------------------------------------------------------------
# Bad configuration fails at construction (start-up)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{unit_code}/{yr}-{serial:05d}", "未知占位符 {yr}"),
        ("{unit_code}/{year}-{seq:05d}", "未知占位符 {seq}"),
        ("{unit_code}/{year}", "必须包含流水号占位符 {serial}"),
        ("{unit_code}{serial}", "{unit_code} 与 {serial} 之间须有分隔符"),
        ("{}/{year}-{serial:05d}", "须有名称"),
        ("{0}/{year}-{serial:05d}", "须有名称"),
        ("{unit_code}/{year}-{serial:5d}", "应以0补位"),
        ("{unit_code}/{year}-{serial:05x}", "格式说明“:05x”无效"),
        ("{unit_code!r}/{year}-{serial:05d}", "不能带转换符"),
        ("{unit_code}/{year}-{year}-{serial:05d}", "重复出现"),
        ("{unit_code/{year}-{serial:05d}", "花括号不配对"),
        ("{unit_code:>20}/{year}-{serial:05d}", "不能带格式说明"),
        ("{unit_code}/{year:02d}-{serial:05d}", "年份应为4位"),
        ("{unit_code}/{year}{month:1d}-{serial:05d}", "应以0补位"),
        ("{unit_code}/{year}{month:03d}-{serial:05d}", "月份应为2位"),
    ],
)
def test_bad_patterns_raise_at_construction(pattern: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("{", r"\{").replace("}", r"\}")):
        IndexPattern(pattern)


# ---------------------------------------------------------------------------------------------
# Parsing legacy numbers on import
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "000014349/2017-0110",  # 4-digit serial where the pattern has 5
        "000014349/2017-000110",
        "000014349-2017-00110",
        "000014349/17-00110",
        "/2017-00110",
        "000014349/2017-00000",  # serials start at 1
        "00001434-9/2017-00110",  # the hyphenated org code must be normalized before import
        "",
    ],
)
def test_parse_rejects_numbers_not_following_the_pattern(text: str) -> None:
    with pytest.raises(ValueError, match="索引号"):
        DEFAULT.parse(text)


def test_parse_rejects_invalid_month() -> None:
    with pytest.raises(ValueError, match="月份 13 无效"):
        IndexPattern("{year}{month}-{serial:05d}").parse("202113-00001")


def test_format_and_parse_round_trip() -> None:
    rng = random.Random(54)
    patterns = [
        IndexPattern(DEFAULT_PATTERN),
        IndexPattern("{unit_code}/{year}{month}-{serial:05d}"),
        IndexPattern("{region}-{unit_code}-{class_code}-{year}-{serial:06d}"),
        IndexPattern("{year}{month:02d}-{serial:05d}"),
    ]
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for _ in range(500):
        pattern = rng.choice(patterns)
        values = {
            "unit_code": "".join(rng.choice(charset) for _ in range(rng.choice([9, 18]))),
            "year": rng.randint(2000, 2099),
            "month": rng.randint(1, 12),
            "serial": rng.randint(1, pattern.max_serial or 10**7),
            "region": str(rng.randint(110000, 659999)),
            "class_code": f"{rng.randint(1, 99):02d}",
        }
        extra = {name: values[name] for name in ("region", "class_code") if name in pattern.placeholders}
        number = pattern.format(
            unit_code=values["unit_code"],
            year=values["year"],
            month=values["month"],
            serial=values["serial"],
            **extra,
        )
        parsed = pattern.parse(number)
        assert parsed == {name: values[name] for name in pattern.placeholders}


def test_patterns_compare_by_text() -> None:
    assert IndexPattern(DEFAULT_PATTERN) == DEFAULT
    assert hash(IndexPattern(DEFAULT_PATTERN)) == hash(DEFAULT)
