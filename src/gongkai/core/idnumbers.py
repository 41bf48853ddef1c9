"""公民身份号码 (resident ID numbers, GB 11643-1999): the one validator of the platform.

An applicant's ID number is checked the same way wherever it enters: the public application form,
staff registration of an application, the intake service (which enforces it whatever the caller)
and the importer of legacy registers. The number is 18 characters:

* characters 1–6: the 行政区划代码 of the holder's registered residence (GB/T 2260); only the first
  two, the province-level region, are checked here (the full list changes every year) — 11–65,
  71 台湾, 81 香港, 82 澳门 (also the prefixes of the residence permits of their residents), 83
  (the residence permit of Taiwan residents);
* characters 7–14: the birth date YYYYMMDD — a real date, not before 1900, not after today;
* characters 15–17: the sequence code (odd for men, even for women);
* character 18: the check character, ISO 7064 MOD 11-2: weights 2^(17−i) mod 11, and
  ``"10X98765432"[sum mod 11]``.

The 15-digit numbers of before 1999 (region, YYMMDD of a 19YY birth, sequence; no check character)
are accepted only where history is recorded (``allow_legacy=True``, the register importer).

Pure functions over strings, no Django; errors carry a precise Chinese message for forms, import
reports and services.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "InvalidIdNumber",
    "ResidentId",
    "normalize_id_number",
    "resident_id_check_char",
    "validate_resident_id",
]

# GB 11643-1999 §5: the weights 2^(17-i) mod 11 for positions 1–17.
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_CHECK_CHARS = "10X98765432"
#: First two digits (province-level region of GB/T 2260, and the residence-permit prefixes).
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_SPACES = re.compile(r"\s+")


class InvalidIdNumber(ValueError):
    """An ID number that is not a valid 公民身份号码; ``message`` is Chinese, ``code`` says which rule."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ResidentId:
    number: str  # normalized: half-width, no spaces, check character X in upper case
    region: str  # 6 digits
    birth_date: dt.date
    legacy: bool = False  # a 15-digit number of before 1999

    @property
    def is_male(self) -> bool:
        return int(self.number[14 if self.legacy else 16]) % 2 == 1


def normalize_id_number(text: str) -> str:
    """Full-width to half-width (a Chinese input method types "３４１３…ｘ"), spaces out, upper case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).upper()


def resident_id_check_char(first17: str) -> str:
    """The 18th character of a 公民身份号码 from its first 17 digits (GB 11643-1999)."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("计算校验位需要17位数字")
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _birth_date(year: int, month: int, day: int, today: dt.date) -> dt.date:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        raise InvalidIdNumber("居民身份证号码中的出生日期不是有效日期", "birth") from None
    if born < dt.date(1900, 1, 1):
        raise InvalidIdNumber("居民身份证号码中的出生日期早于1900年，请核对号码", "birth")
    if born > today:
        raise InvalidIdNumber("居民身份证号码中的出生日期晚于今天，请核对号码", "birth")
    return born


def _check_region(number: str) -> None:
    if int(number[:2]) not in PROVINCE_CODES:
        raise InvalidIdNumber(
            f"居民身份证号码前两位“{number[:2]}”不是有效的省级行政区划代码，请核对号码", "region"
        )


def validate_resident_id(
    text: str, *, today: dt.date | None = None, allow_legacy: bool = False
) -> ResidentId:
    """Check and normalize a 公民身份号码; raise :class:`InvalidIdNumber` with the first rule broken.

    ``today`` bounds the birth date (the caller's local date; today's date of the machine by default).
    """
    today = today or dt.date.today()
    number = normalize_id_number(text)
    if allow_legacy and len(number) == 15:
        if not number.isascii() or not number.isdigit():
            raise InvalidIdNumber("15位居民身份证号码应全部为数字", "chars")
        _check_region(number)
        born = _birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]), today)
        return ResidentId(number=number, region=number[:6], birth_date=born, legacy=True)
    if len(number) != 18:
        raise InvalidIdNumber(f"居民身份证号码应为18位（现为{len(number)}位）", "length")
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        raise InvalidIdNumber("居民身份证号码前17位应为数字，最后一位为数字或字母X", "chars")
    _check_region(number)
    born = _birth_date(int(number[6:10]), int(number[10:12]), int(number[12:14]), today)
    if resident_id_check_char(number[:17]) != number[17]:
        raise InvalidIdNumber("居民身份证号码校验位不正确，请核对号码（GB 11643《公民身份号码》）", "check")
    return ResidentId(number=number, region=number[:6], birth_date=born)
