"""The one validator of 公民身份号码 (GB 11643-1999), ``core.idnumbers`` (issue 8 §5; its entry
points are tested in ``foi/tests/test_id_entry_points.py``).

Check characters worked out by hand with the standard's weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
for 11010519491231002 (the standard's own example) the sum is 167, 167 mod 11 = 2 → "X"; for
34130219900101123 the sum is 190, 190 mod 11 = 3 → "8".
"""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.idnumbers import (
    InvalidIdNumber,
    normalize_id_number,
    resident_id_check_char,
    validate_resident_id,
)

TODAY = dt.date(2026, 11, 20)
EXAMPLE = "11010519491231002X"
PERSON = "341302199001011238"


def test_check_characters_worked_by_hand() -> None:
    assert resident_id_check_char(EXAMPLE[:17]) == "X"
    assert resident_id_check_char(PERSON[:17]) == "8"


def test_valid_numbers_are_normalized() -> None:
    checked = validate_resident_id(" １１０１０５ 19491231002x ", today=TODAY)
    assert checked.number == EXAMPLE
    assert checked.region == "110105" and checked.birth_date == dt.date(1949, 12, 31)
    assert not checked.is_male  # sequence 002: even
    assert validate_resident_id(PERSON, today=TODAY).is_male  # sequence 123: odd


@pytest.mark.parametrize(
    ("number", "code", "words"),
    [
        ("3413021990010112", "length", "应为18位（现为16位）"),
        ("34130219900101123Y", "chars", "最后一位为数字或字母X"),
        ("3413021990O101123X", "chars", "前17位应为数字"),
        ("991302199001011239", "region", "前两位“99”不是有效的省级行政区划代码"),
        ("341302199002301234", "birth", "不是有效日期"),  # 30 February
        ("341302189912311234", "birth", "早于1900年"),
        ("341302202611211234", "birth", "晚于今天"),  # born tomorrow
        ("341302199001011234", "check", "校验位不正确"),
    ],
)
def test_each_rule_has_its_chinese_message(number: str, code: str, words: str) -> None:
    with pytest.raises(InvalidIdNumber) as exc:
        validate_resident_id(number, today=TODAY)
    assert exc.value.code == code and words in exc.value.message


def test_fifteen_digit_numbers_only_for_historical_records() -> None:
    with pytest.raises(InvalidIdNumber):
        validate_resident_id("341302900101123", today=TODAY)
    old = validate_resident_id("341302900101123", today=TODAY, allow_legacy=True)
    assert old.legacy and old.birth_date == dt.date(1990, 1, 1)
    with pytest.raises(InvalidIdNumber, match="出生日期"):
        validate_resident_id("341302901301123", today=TODAY, allow_legacy=True)


def test_normalize() -> None:
    assert normalize_id_number("３４１３０２ １９９００１０１１２３ｘ") == "34130219900101123X"
