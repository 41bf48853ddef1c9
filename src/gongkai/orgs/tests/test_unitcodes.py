"""Tests of unit-code validation (GB 32100-2015 统一社会信用代码, GB 11714-1997 组织机构代码).

Check characters in the comments are worked out by hand with the standards' algorithms.
"""

from __future__ import annotations

import random

import pytest

from gongkai.orgs.unitcodes import (
    USCC_CHARSET,
    InvalidUnitCode,
    UnitCode,
    is_valid_uscc,
    make_uscc,
    org_code_check_char,
    uscc_check_char,
    validate_unit_code,
)

# 11441700007280420Y: docs/SPEC.md §2.2's index-number example (a body in 阳江, region 441700).
# GB 32100 check: values 1 1 4 4 1 7 0 0 0 0 7 2 8 0 4 2 0 × weights 1 3 9 27 19 26 16 17 20 29 25 13 8
# 24 10 30 28 = 1+3+36+108+19+182+0+0+0+0+175+26+64+0+40+60+0 = 714; 714 mod 31 = 1; 31 − 1 = 30 → "Y".
# Embedded org code 00728042: 0·3+0·7+7·9+2·10+8·5+0·8+4·4+2·2 = 143 ≡ 0 (mod 11); 11 − 0 = 11 → "0".
GOV_USCC = "11441700007280420Y"
# 91350100M000100Y43: the standard's own enterprise example. Values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4:
# 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → "3".
# Embedded org code M000100Y (M=22, Y=34 in GB 11714): 66+0+0+0+5+0+0+68 = 139 ≡ 7; 11 − 7 = 4 → "4".
ENTERPRISE_USCC = "91350100M000100Y43"
# 000014349: docs/SPEC.md §2.2's other example (org code). 0+0+0+0+1·5+4·8+3·4+4·2 = 57 ≡ 2; 11 − 2 = 9 → "9".
ORG_CODE = "000014349"


def test_uscc_check_char_hand_worked() -> None:
    assert uscc_check_char(GOV_USCC[:17]) == "Y"
    assert uscc_check_char(ENTERPRISE_USCC[:17]) == "3"


@pytest.mark.parametrize(
    ("first8", "expected"),
    [
        ("00001434", "9"),  # sum 57 ≡ 2 → 9
        ("00728042", "0"),  # sum 143 ≡ 0 → 11 → "0"
        ("00000006", "X"),  # 6·2 = 12 ≡ 1 → 10 → "X"
        ("00000005", "1"),  # 5·2 = 10 → 11 − 10 = 1
        ("12345678", "8"),  # 3+14+27+40+25+48+28+16 = 201 ≡ 3 → 8
        ("MA01ABCD", "5"),  # 22·3+10·7+0+1·10+10·5+11·8+12·4+13·2 = 358 ≡ 6 → 5
    ],
)
def test_org_code_check_char_hand_worked(first8: str, expected: str) -> None:
    assert org_code_check_char(first8) == expected


def test_valid_government_uscc() -> None:
    unit = validate_unit_code(GOV_USCC)
    assert unit == UnitCode(
        code=GOV_USCC,
        kind="uscc",
        org_code="007280420",
        registration_dept="1",
        org_kind="1",
        region="441700",
    )
    assert unit.is_government_body
    assert unit.registration_dept_name == "机构编制"
    assert unit.org_kind_name == "机关"
    assert unit.display == GOV_USCC


def test_valid_enterprise_uscc() -> None:
    unit = validate_unit_code(ENTERPRISE_USCC)
    assert unit.org_kind_name == "企业"
    assert not unit.is_government_body
    assert unit.org_code == "M000100Y4"


@pytest.mark.parametrize(
    "written",
    [
        "91350100m000100y43",  # lower case
        " 9135 0100 M000 100Y 43 ",  # spaces
        "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width characters
        "91350100M000100Y43\n",
    ],
)
def test_uscc_is_normalized(written: str) -> None:
    assert validate_unit_code(written).code == ENTERPRISE_USCC


@pytest.mark.parametrize("written", ["00001434-9", "000014349", "00001434－9", " 00001434 - 9 "])
def test_org_code_with_or_without_hyphen(written: str) -> None:
    unit = validate_unit_code(written)
    assert unit.code == ORG_CODE
    assert unit.kind == "org_code"
    assert unit.display == "00001434-9"
    assert unit.region is None


def test_org_code_with_x_check_and_letters() -> None:
    assert validate_unit_code("00000006-X").code == "00000006X"
    assert validate_unit_code("00000006-x").code == "00000006X"
    assert validate_unit_code("ma01abcd-5").code == "MA01ABCD5"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("11441700007280420X", "统一社会信用代码校验位错误：应为 Y"),
        ("91350100M000100Y44", "统一社会信用代码校验位错误：应为 3"),
        ("00001434-8", "组织机构代码校验位错误：应为 9"),
        ("00000006-0", "组织机构代码校验位错误：应为 X"),
        # Embedded org code check wrong (should be 0), USCC check recomputed so only that fails:
        # 714 + 1·28 = 742 ≡ 29 (mod 31) → 31 − 29 = 2.
        ("114417000072804212", "统一社会信用代码第9–17位（组织机构代码）校验位错误：应为 0"),
        ("11441700007280420I", "统一社会信用代码第18位“I”不是合法字符（代码不使用I、O、Z、S、V）"),
        ("1144170000728O420Y", "统一社会信用代码第14位“O”不是合法字符（代码不使用I、O、Z、S、V）"),
        ("S1441700007280420Y", "统一社会信用代码第1位“S”不是合法字符"),
        ("11441700007280420#", "统一社会信用代码第18位“#”不是合法字符（只能是数字或大写字母）"),
        ("11A41700007280420Y", "统一社会信用代码第3–8位（登记管理机关行政区划码）应为6位数字"),
        ("0000143#9", "组织机构代码第8位“#”不是数字或大写字母"),
        ("1144170000728042", "单位代码应为18位统一社会信用代码或9位组织机构代码，实为16位"),
        ("11441700007280420YY", "实为19位"),
        ("00001434-", "连字符只能用于组织机构代码“8位本体-校验位”的写法"),
        ("0000-14349", "连字符只能用于组织机构代码“8位本体-校验位”的写法"),
        ("1144170000-7280420Y", "连字符"),
        ("", "单位代码不能为空"),
        ("   ", "单位代码不能为空"),
    ],
)
def test_invalid_codes_have_precise_messages(code: str, message: str) -> None:
    with pytest.raises(InvalidUnitCode) as raised:
        validate_unit_code(code)
    assert message in raised.value.message
    assert isinstance(raised.value, ValueError)


def test_make_uscc_for_government_bodies() -> None:
    # Rebuilds the SPEC example from its parts.
    assert make_uscc("1", "1", "441700", "00728042") == GOV_USCC
    # 登记管理部门 1 (机构编制) + 机构类别 1 (机关) + 100000 + org code 00001434-9; check by hand:
    # 1·1+1·3+1·9 + 1·8+4·24+3·10+4·30+9·28 = 13+8+96+30+120+252 = 519 ≡ 23 (mod 31) → 8.
    code = make_uscc("1", "1", "100000", "00001434")
    assert code == "111000000000143498"
    assert validate_unit_code(code).is_government_body


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("I", "1", "441700", "00728042"), "登记管理部门码"),
        (("1", "11", "441700", "00728042"), "机构类别码"),
        (("1", "1", "44170", "00728042"), "行政区划码应为6位数字"),
        (("1", "1", "44170A", "00728042"), "行政区划码应为6位数字"),
        (("1", "1", "441700", "0072804"), "组织机构代码本体应为8位"),
        (("1", "1", "441700", "0072804O"), "第16位“O”"),
    ],
)
def test_make_uscc_rejects_bad_parts(args: tuple[str, str, str, str], message: str) -> None:
    with pytest.raises(InvalidUnitCode, match=message):
        make_uscc(*args)


def test_check_char_functions_reject_wrong_lengths() -> None:
    with pytest.raises(InvalidUnitCode, match="前17位"):
        uscc_check_char("1144")
    with pytest.raises(InvalidUnitCode, match="前8位"):
        org_code_check_char("123")


def test_is_valid_uscc_is_strict() -> None:
    assert is_valid_uscc(GOV_USCC)
    assert not is_valid_uscc(GOV_USCC.lower())
    assert not is_valid_uscc("11441700007280420X")
    assert not is_valid_uscc(ORG_CODE)


def test_random_made_codes_validate_and_every_single_substitution_is_caught() -> None:
    """GB 32100's mod-31 check (31 prime, weights non-zero) detects every single-character error."""
    rng = random.Random(20191)
    body_chars = USCC_CHARSET
    for _ in range(300):
        region = "".join(rng.choice("0123456789") for _ in range(6))
        body = "".join(rng.choice(body_chars) for _ in range(8))
        code = make_uscc(rng.choice("159Y"), rng.choice("123"), region, body)
        assert validate_unit_code(code).code == code
        assert is_valid_uscc(code)
        position = rng.randrange(18)
        replacement = rng.choice([c for c in body_chars if c != code[position]])
        mutated = code[:position] + replacement + code[position + 1 :]
        with pytest.raises(InvalidUnitCode):
            validate_unit_code(mutated)
