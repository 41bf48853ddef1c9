"""Unit codes of organizations (单位代码): validation, normalization and construction.

Every body on the platform carries a unit code (docs/SPEC.md §1), which is also the 前段码 of its index
numbers
(索引号, docs/SPEC.md §2.2), so a mistyped code would spread into every number the body ever publishes. Two
standards are in use:

* 统一社会信用代码 (GB 32100-2015), 18 characters: 登记管理部门码 (1) + 机构类别码 (1) + 登记管理机关
  行政区划码 (6 digits) + 主体标识码 = the body's 组织机构代码 (9, per GB 11714) + 校验码 (1).
  Character set 0-9 and A-Z without I, O, Z, S, V (31 characters, values 0–30); the check character
  makes the weighted sum (weights 3^i mod 31) divisible by 31.
* the older 组织机构代码 (GB 11714-1997), 9 characters: 8 body characters (0-9, A-Z) and a check
  character (weights 3,7,9,10,5,8,4,2; check = 11 − sum mod 11, 10 → X, 11 → 0), often written with a
  hyphen before the check character, e.g. ``00001434-9``.

Pure functions over strings, no Django; errors carry a precise Chinese message for forms and import
reports.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "InvalidUnitCode",
    "UnitCode",
    "is_valid_uscc",
    "make_uscc",
    "normalize_unit_code",
    "org_code_check_char",
    "uscc_check_char",
    "validate_unit_code",
]

# GB 32100-2015 §4.2: digits and upper-case letters except I, O, Z, S, V, which are too easily
# confused with 1, 0, 2, 5 and U.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: value for value, char in enumerate(USCC_CHARSET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, …

# GB 11714-1997: body characters are digits or upper-case letters, A = 10 … Z = 35.
_ORG_CODE_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_CODE_VALUES = {char: value for value, char in enumerate(_ORG_CODE_CHARSET)}
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 表1 (登记管理部门码) and the 机构类别码 the platform meets. Informative only: an
# unknown code is not rejected, because registration authorities are added from time to time.
REGISTRATION_DEPARTMENTS = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}
ORG_KINDS = {
    ("1", "1"): "机关",
    ("1", "2"): "事业单位",
    ("1", "3"): "中央编办直接管理机构编制的群众团体",
    ("1", "9"): "其他",
    ("5", "1"): "社会团体",
    ("5", "2"): "民办非企业单位",
    ("5", "3"): "基金会",
    ("5", "9"): "其他",
    ("9", "1"): "企业",
    ("9", "2"): "个体工商户",
    ("9", "3"): "农民专业合作社",
}

_WHITESPACE = re.compile(r"\s+")


class InvalidUnitCode(ValueError):
    """A unit code that is not a valid 统一社会信用代码 or 组织机构代码; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UnitCode:
    """A validated, normalized unit code."""

    code: str  # normalized: upper case, no spaces, no hyphen
    kind: Literal["uscc", "org_code"]
    org_code: str  # the 9-character 组织机构代码 (for a USCC: characters 9–17)
    registration_dept: str | None = None  # 登记管理部门码 (USCC only)
    org_kind: str | None = None  # 机构类别码 (USCC only)
    region: str | None = None  # 登记管理机关行政区划码 (USCC only)

    @property
    def display(self) -> str:
        """The usual written form: a USCC as is, an org code with its hyphen (``00001434-9``)."""
        if self.kind == "org_code":
            return f"{self.code[:8]}-{self.code[8]}"
        return self.code

    @property
    def registration_dept_name(self) -> str | None:
        return REGISTRATION_DEPARTMENTS.get(self.registration_dept or "")

    @property
    def org_kind_name(self) -> str | None:
        return ORG_KINDS.get((self.registration_dept or "", self.org_kind or ""))

    @property
    def is_government_body(self) -> bool:
        """登记管理部门 机构编制 + 机构类别 机关: codes starting with "11"."""
        return self.kind == "uscc" and self.code.startswith("11")


# ---------------------------------------------------------------------------------------------
# Check characters
# ---------------------------------------------------------------------------------------------


def uscc_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 from its first 17 (GB 32100-2015 §5)."""
    if len(first17) != 17:
        raise InvalidUnitCode(f"计算统一社会信用代码校验位需要前17位，实为{len(first17)}位")
    total = 0
    for position, (char, weight) in enumerate(zip(first17, _USCC_WEIGHTS, strict=True), start=1):
        value = _USCC_VALUES.get(char)
        if value is None:
            raise InvalidUnitCode(_uscc_bad_char_message(position, char))
        total += value * weight
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """The 9th character of a 组织机构代码 from its first 8 (GB 11714-1997)."""
    if len(first8) != 8:
        raise InvalidUnitCode(f"计算组织机构代码校验位需要前8位，实为{len(first8)}位")
    total = 0
    for position, (char, weight) in enumerate(zip(first8, _ORG_CODE_WEIGHTS, strict=True), start=1):
        value = _ORG_CODE_VALUES.get(char)
        if value is None:
            raise InvalidUnitCode(f"组织机构代码第{position}位“{char}”不是数字或大写字母")
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _uscc_bad_char_message(position: int, char: str) -> str:
    if char in "IOZSV":
        return f"统一社会信用代码第{position}位“{char}”不是合法字符（代码不使用I、O、Z、S、V）"
    return f"统一社会信用代码第{position}位“{char}”不是合法字符（只能是数字或大写字母）"


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def normalize_unit_code(code: str) -> str:
    """Full-width to half-width, spaces removed, upper case, the org-code hyphen removed."""
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", code)).upper()
    # Hyphen-like characters people type between an org code's body and its check character.
    text = re.sub(r"[‐‑‒–—−－]", "-", text)
    if "-" in text:
        # Only the 组织机构代码 has a hyphen, and only before its check character (XXXXXXXX-X).
        if len(text) == 10 and text.index("-") == 8 and text.count("-") == 1:
            return text[:8] + text[9]
        raise InvalidUnitCode("单位代码中的连字符只能用于组织机构代码“8位本体-校验位”的写法（如 00001434-9）")
    return text


def validate_unit_code(code: str) -> UnitCode:
    """Validate and normalize a 统一社会信用代码 or 组织机构代码; raise :class:`InvalidUnitCode`."""
    text = normalize_unit_code(code)
    if not text:
        raise InvalidUnitCode("单位代码不能为空")
    if len(text) == 18:
        return _validate_uscc(text)
    if len(text) == 9:
        return _validate_org_code(text)
    raise InvalidUnitCode(f"单位代码应为18位统一社会信用代码或9位组织机构代码，实为{len(text)}位")


def _validate_uscc(text: str) -> UnitCode:
    for position, char in enumerate(text, start=1):
        if char not in _USCC_VALUES:
            raise InvalidUnitCode(_uscc_bad_char_message(position, char))
    region = text[2:8]
    if not region.isdigit():
        raise InvalidUnitCode(f"统一社会信用代码第3–8位（登记管理机关行政区划码）应为6位数字，实为“{region}”")
    expected = uscc_check_char(text[:17])
    if text[17] != expected:
        raise InvalidUnitCode(f"统一社会信用代码校验位错误：应为 {expected}")
    # Characters 9–17 are the body's 组织机构代码 (GB 32100-2015 §4.1), with its own check character.
    org_code = text[8:17]
    org_expected = org_code_check_char(org_code[:8])
    if org_code[8] != org_expected:
        raise InvalidUnitCode(f"统一社会信用代码第9–17位（组织机构代码）校验位错误：应为 {org_expected}")
    return UnitCode(
        code=text,
        kind="uscc",
        org_code=org_code,
        registration_dept=text[0],
        org_kind=text[1],
        region=region,
    )


def _validate_org_code(text: str) -> UnitCode:
    for position, char in enumerate(text[:8], start=1):
        if char not in _ORG_CODE_VALUES:
            raise InvalidUnitCode(f"组织机构代码第{position}位“{char}”不是数字或大写字母")
    expected = org_code_check_char(text[:8])
    if text[8] != expected:
        raise InvalidUnitCode(f"组织机构代码校验位错误：应为 {expected}")
    return UnitCode(code=text, kind="org_code", org_code=text)


def is_valid_uscc(code: str) -> bool:
    """True if ``code`` exactly as written (no normalization) is a valid 统一社会信用代码."""
    if len(code) != 18 or any(char not in _USCC_VALUES for char in code):
        return False
    try:
        _validate_uscc(code)
    except InvalidUnitCode:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Construction
# ---------------------------------------------------------------------------------------------


def make_uscc(registration_dept: str, org_kind: str, region: str, org_code_body8: str) -> str:
    """Build a valid 统一社会信用代码, computing both check characters.

    Used by the demo generator to invent real-looking codes: a government body (机关) registered by
    the 机构编制 authority is ``make_uscc("1", "1", "340100", "00299500")`` → "11340100…".
    """
    for label, value in (("登记管理部门码", registration_dept), ("机构类别码", org_kind)):
        if len(value) != 1 or value not in _USCC_VALUES:
            raise InvalidUnitCode(f"{label}应为1位数字或大写字母（不含I、O、Z、S、V），实为“{value}”")
    if len(region) != 6 or not region.isdigit():
        raise InvalidUnitCode(f"行政区划码应为6位数字，实为“{region}”")
    if len(org_code_body8) != 8:
        raise InvalidUnitCode(f"组织机构代码本体应为8位，实为{len(org_code_body8)}位")
    for position, char in enumerate(org_code_body8, start=9):
        if char not in _USCC_VALUES:
            raise InvalidUnitCode(_uscc_bad_char_message(position, char))
    first17 = registration_dept + org_kind + region + org_code_body8 + org_code_check_char(org_code_body8)
    return first17 + uscc_check_char(first17)
