"""Secrecy scan and redaction (保密审查辅助 / 自动屏蔽), docs/SPEC.md §2.5.

Before sign-off the platform scans an item's title, body and attachment text and shows the secrecy
reviewer every finding with its position: personal data that must not be published (resident ID
numbers, phone numbers, bank cards, e-mail addresses), classification marks (密级标志) that say the
text is a state secret, internal-use markings, and the installation's own keyword list. High findings
block sign-off until a reviewer records a decision. The same detectors drive redaction of request
replies (``3401**********1234``), because manual redaction is a heavy burden (docs/SPEC.md §2.5).

Pure functions over strings, no Django. Offsets are character offsets into the text as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from gongkai.core.idnumbers import PROVINCE_CODES, resident_id_check_char
from gongkai.orgs.unitcodes import is_valid_uscc

__all__ = [
    "BLOCKING_SEVERITY",
    "PERSONAL_KINDS",
    "Finding",
    "Keyword",
    "Severity",
    "blocks_signoff",
    "luhn_valid",
    "redact",
    "resident_id_check_char",
    "scan",
    "scan_document",
]

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
BLOCKING_SEVERITY: Severity = "high"

ID_CARD = "id_card"
MOBILE = "mobile"
LANDLINE = "landline"
BANK_CARD = "bank_card"
EMAIL = "email"
CLASSIFICATION = "classification"
INTERNAL_MARK = "internal_mark"
KEYWORD = "keyword"

# What redaction masks unless told otherwise: personal data. Classification marks and keywords are
# for the reviewer to decide on, not to be blacked out automatically.
PERSONAL_KINDS: frozenset[str] = frozenset({ID_CARD, MOBILE, LANDLINE, BANK_CARD, EMAIL})


@dataclass(frozen=True)
class Keyword:
    """An installation-configured sensitive word (敏感词) and how serious a hit is."""

    text: str
    severity: Severity = "high"

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("敏感词不能为空")
        if self.severity not in SEVERITIES:
            raise ValueError(f"敏感词级别应为 high、medium 或 low，实为“{self.severity}”")


@dataclass(frozen=True)
class Finding:
    """One thing the reviewer must look at: what, how serious, where (``text[start:end]``), why."""

    kind: str
    severity: Severity
    start: int
    end: int
    text: str
    field: str
    message: str


def blocks_signoff(findings: Iterable[Finding]) -> bool:
    """High findings block sign-off until a reviewer records a decision (docs/SPEC.md §2.5)."""
    return any(finding.severity == BLOCKING_SEVERITY for finding in findings)


# ---------------------------------------------------------------------------------------------
# Check digits
# ---------------------------------------------------------------------------------------------

# The check character (GB 11643-1999) and the province prefixes (GB/T 2260) are those of the one
# validator of ID numbers, ``core.idnumbers``: detection and validation read the same tables.


def luhn_valid(digits: str) -> bool:
    """The Luhn (ISO/IEC 7812) check used by bank card numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _plausible_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _is_resident_id18(token: str) -> bool:
    if len(token) != 18 or not token[:17].isdigit():
        return False
    if int(token[:2]) not in PROVINCE_CODES:
        return False
    year, month, day = int(token[6:10]), int(token[10:12]), int(token[12:14])
    if not 1900 <= year <= 2099 or not _plausible_date(year, month, day):
        return False
    return resident_id_check_char(token[:17]) == token[17].upper()


def _is_resident_id15(token: str) -> bool:
    # The pre-1999 15-digit number: region (6) + YYMMDD (19YY) + sequence (3), no check digit.
    if len(token) != 15 or not token.isdigit() or int(token[:2]) not in PROVINCE_CODES:
        return False
    return _plausible_date(1900 + int(token[6:8]), int(token[8:10]), int(token[10:12]))


# ---------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------

# Offsets must stay those of the original text, so only 1:1 character folds are allowed here:
# full-width digits, letters and punctuation become ASCII for matching.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "－": "-",
        "＋": "+",
        "＠": "@",
        "．": ".",
        "\u3000": " ",
        "\u00a0": " ",
    }
)

_DIGIT_RUN = re.compile(r"[0-9]+")
_USCC_TOKEN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Z]{18}(?![0-9A-Za-z])")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9])"
)
# Area codes are prefix-free: 010, 02x (3 digits, 8-digit local numbers), 0[3-9]xx (4 digits).
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_LANDLINE_BARE = re.compile(r"0(?:10|2[0-9])[2-9][0-9]{7}|0[3-9][0-9]{2}[2-9][0-9]{6,7}")
_LANDLINE_SEPARATED = re.compile(
    rf"(?<![0-9])(?:[(（] ?{_AREA} ?[)）] ?|{_AREA} ?[-—–] ?|{_AREA} )[2-9][0-9]{{6,7}}(?![0-9])"
)
_MOBILE_GROUPED = re.compile(r"(?<![0-9])1[3-9][0-9]([ -])[0-9]{4}\1[0-9]{4}(?![0-9])")
_BANK_GROUPED = re.compile(r"(?<![0-9])[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?(?![0-9])")

_LEVEL = "(?:绝密|机密|秘密)"
# Secrecy periods written after the star: 机密★1年, 秘密★6个月, 绝密★长期, 机密★启用前.
_TERM = r"(?:[0-9一二三四五六七八九十两]+ ?(?:年|个月|月)内?|长期|启用前|公布前|发布前)"
_MARK_WITH_STAR = re.compile(rf"{_LEVEL} ?[★☆] ?{_TERM}?")
_MARK_AFTER_LABEL = re.compile(rf"密 ?级 ?[:：]? ?{_LEVEL}级?(?: ?[★☆]? ?{_TERM})?")
# A level word alone on its line is the mark in a document's top corner, not prose.
_MARK_ALONE = re.compile(rf"(?m)^[ \t]*({_LEVEL}(?: ?{_TERM})?)[ \t]*$")
_LEVEL_WORD = re.compile(_LEVEL)
# In prose the level words mostly appear inside these compounds, which are not marks:
# 保守国家秘密, 工作秘密, 商业秘密/商业机密, 个人秘密, 秘密级 (a level named in a regulation), 机密性.
_PROSE_BEFORE = ("国家", "工作", "商业", "个人", "军事", "技术", "保守", "泄露", "泄漏", "窃取", "刺探")
_PROSE_AFTER = ("级", "性", "地", "事项", "载体", "文件")
_LONE_STAR = re.compile(r"(?<![★☆])★(?![★☆])")
_INTERNAL_MARKS = re.compile(
    "内部资料|内部文件|内部材料|内部使用|内部参考|内部传阅|仅供内部|注意保密|不得外传"
)


_FOLDED = {chr(k): v for k, v in _FOLD.items()}
_FOLDABLE = re.compile("[" + "".join(map(re.escape, _FOLDED)) + "]")


def _fold(text: str) -> str:
    # Every mapping is one character to one character. Only the characters that fold are looked up
    # (``str.translate`` looks up every character of a Chinese text: 3× slower on a legacy catalog).
    return _FOLDABLE.sub(lambda m: _FOLDED[m.group()], text)


class _Collector:
    """Collects findings for one field, remembering which spans are taken by stronger detectors."""

    def __init__(self, text: str, field: str) -> None:
        self.text = text
        self.field = field
        self.findings: list[Finding] = []
        self.taken: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        return any(start < taken_end and taken_start < end for taken_start, taken_end in self.taken)

    def add(
        self, kind: str, severity: Severity, start: int, end: int, message: str, *, take: bool = True
    ) -> None:
        self.findings.append(Finding(kind, severity, start, end, self.text[start:end], self.field, message))
        if take:
            self.taken.append((start, end))


def scan(text: str, *, keywords: Sequence[Keyword] = (), field: str = "body") -> list[Finding]:
    """Every finding in ``text``, ordered by position. ``field`` names the text in the findings."""
    folded = _fold(text)
    collector = _Collector(text, field)
    _scan_emails(folded, collector)
    _scan_digit_runs(folded, collector)
    _scan_separated_numbers(folded, collector)
    _scan_classification_marks(folded, collector)
    _scan_keywords(text, keywords, collector)
    return sorted(collector.findings, key=lambda f: (f.start, f.end, f.kind))


def scan_document(fields: Mapping[str, str], keywords: Sequence[Keyword] = ()) -> list[Finding]:
    """Scan title, body and attachment texts at once: ``{"title": …, "body": …, "附件1.pdf": …}``."""
    findings: list[Finding] = []
    for field, text in fields.items():
        findings.extend(scan(text or "", keywords=keywords, field=field))
    return findings


def _scan_emails(folded: str, collector: _Collector) -> None:
    for match in _EMAIL.finditer(folded):
        # Digits inside an address (13812345678@163.com) are redacted with it, not reported twice.
        collector.add(EMAIL, "medium", match.start(), match.end(), "疑似电子邮箱地址")


def _digit_tokens(folded: str) -> Iterator[tuple[int, int]]:
    """Maximal digit runs, a 17-digit run extended by a trailing X (the ID check character)."""
    for match in _DIGIT_RUN.finditer(folded):
        start, end = match.span()
        if (
            end - start == 17
            and end < len(folded)
            and folded[end] in "Xx"
            and (end + 1 == len(folded) or not folded[end + 1].isascii() or not folded[end + 1].isalnum())
        ):
            end += 1
        yield start, end


def _scan_digit_runs(folded: str, collector: _Collector) -> None:
    # A whole 统一社会信用代码 (e.g. the 前段码 of 索引号 11441700007280420Y/2021-00050) is a unit's
    # public identity, not personal data: its digits are skipped unless they form a resident ID.
    uscc_spans = [m.span() for m in _USCC_TOKEN.finditer(folded) if is_valid_uscc(m.group())]

    for start, end in _digit_tokens(folded):
        if collector.overlaps(start, end):
            continue
        token = folded[start:end]
        length = len(token)
        if length == 18 and _is_resident_id18(token):
            collector.add(ID_CARD, "high", start, end, "疑似公民身份号码")
            continue
        if any(s <= start and end <= e for s, e in uscc_spans):
            continue
        if not token.isdigit():
            continue  # 17 digits + X that is not a valid ID
        if length == 15 and _is_resident_id15(token):
            collector.add(ID_CARD, "medium", start, end, "疑似15位旧版公民身份号码")
        elif 16 <= length <= 19 and luhn_valid(token):
            collector.add(BANK_CARD, "high", start, end, "疑似银行卡号")
        elif length == 11 and re.fullmatch(r"1[3-9][0-9]{9}", token):
            collector.add(MOBILE, "medium", start, end, "疑似手机号码")
        elif length == 13 and re.fullmatch(r"861[3-9][0-9]{9}", token):
            # +8613812345678: the country code stays visible, the number is the finding.
            collector.add(MOBILE, "medium", start + 2, end, "疑似手机号码")
        elif length in (11, 12) and _LANDLINE_BARE.fullmatch(token):
            collector.add(LANDLINE, "medium", start, end, "疑似固定电话号码")


def _scan_separated_numbers(folded: str, collector: _Collector) -> None:
    for match in _MOBILE_GROUPED.finditer(folded):
        if not collector.overlaps(*match.span()):
            collector.add(MOBILE, "medium", match.start(), match.end(), "疑似手机号码")
    for match in _BANK_GROUPED.finditer(folded):
        digits = re.sub(r"[^0-9]", "", match.group())
        if luhn_valid(digits) and not collector.overlaps(*match.span()):
            collector.add(BANK_CARD, "high", match.start(), match.end(), "疑似银行卡号")
    for match in _LANDLINE_SEPARATED.finditer(folded):
        if not collector.overlaps(*match.span()):
            collector.add(LANDLINE, "medium", match.start(), match.end(), "疑似固定电话号码")


def _scan_classification_marks(folded: str, collector: _Collector) -> None:
    # Marks proper (密级标志, GB/T 7156 style "机密★1年") are high: a marked text is a state secret
    # and must never be published. Bare level words in prose are only low hints.
    for pattern in (_MARK_WITH_STAR, _MARK_AFTER_LABEL):
        for match in pattern.finditer(folded):
            if not collector.overlaps(*match.span()):
                collector.add(CLASSIFICATION, "high", match.start(), match.end(), "疑似密级标志")
    for match in _MARK_ALONE.finditer(folded):
        start, end = match.span(1)
        if not collector.overlaps(start, end):
            collector.add(CLASSIFICATION, "high", start, end, "疑似密级标志")
    for match in _LONE_STAR.finditer(folded):
        if not collector.overlaps(*match.span()):
            collector.add(CLASSIFICATION, "medium", match.start(), match.end(), "疑似密级标志“★”")
    for match in _INTERNAL_MARKS.finditer(folded):
        # Internal-use markings are not state secrets, but such a text is usually not for the public.
        collector.add(
            INTERNAL_MARK, "medium", match.start(), match.end(), f"疑似内部事项标注“{match.group()}”"
        )
    for match in _LEVEL_WORD.finditer(folded):
        start, end = match.span()
        if collector.overlaps(start, end):
            continue
        if folded[max(0, start - 2) : start] in _PROSE_BEFORE:
            continue
        if any(folded.startswith(after, end) for after in _PROSE_AFTER):
            continue
        collector.add(
            CLASSIFICATION, "low", start, end, f"出现密级用语“{match.group()}”，请确认是否为密级标志"
        )


def _scan_keywords(text: str, keywords: Sequence[Keyword], collector: _Collector) -> None:
    for keyword in keywords:
        pattern = re.compile(re.escape(keyword.text), re.IGNORECASE)
        for match in pattern.finditer(text):
            if len(match.group()) != len(keyword.text):  # pragma: no cover - exotic case folding
                continue
            collector.add(
                KEYWORD,
                keyword.severity,
                match.start(),
                match.end(),
                f"命中敏感词“{keyword.text}”",
                take=False,
            )


# ---------------------------------------------------------------------------------------------
# Redaction
# ---------------------------------------------------------------------------------------------


def _hidden_positions(finding: Finding) -> tuple[list[int], bool]:
    """Offsets (into the text) to mask for one finding, and whether the mask hides the length."""
    chars = list(enumerate(finding.text, start=finding.start))
    digits = [offset for offset, char in chars if char.translate(_FOLD) in "0123456789Xx"]
    if finding.kind == ID_CARD:
        return digits[4:-4], False  # 3401**********1234
    if finding.kind == MOBILE:
        return digits[3:-4], False  # 138****5678
    if finding.kind == BANK_CARD:
        return digits[:-4], False  # ************1234
    if finding.kind == LANDLINE:
        folded_digits = "".join(finding.text[o - finding.start] for o in digits).translate(_FOLD)
        area = 3 if folded_digits[1] in "12" else 4
        return digits[area:-4], False  # 0551-****3456: the area code stays, so does the last 4
    if finding.kind == EMAIL:
        at = finding.text.index("@") if "@" in finding.text else finding.text.index("＠")
        local = list(range(finding.start, finding.start + at))
        # z***@example.com: a fixed three stars, so the length of the name is not revealed.
        return (local[1:] or local), True
    return [offset for offset, char in chars if not char.isspace()], False


def redact(
    text: str,
    findings: Iterable[Finding] | None = None,
    kinds: Iterable[str] = PERSONAL_KINDS,
    *,
    mask: str = "*",
) -> str:
    """Mask the findings of ``kinds`` in ``text`` (scanning it first if ``findings`` is None).

    Masks keep the length of the text (an ID keeps its first 4 and last 4 characters, a mobile its
    first 3 and last 4 digits, a bank card its last 4), except e-mail names, which become ``***``.
    Separators inside numbers and all text around the findings are left exactly as they were.
    ``findings`` must come from scanning this very text; a finding that does not match it raises
    ``ValueError`` rather than masking the wrong characters.
    """
    if len(mask) != 1:
        raise ValueError("屏蔽字符应为单个字符")
    wanted = frozenset(kinds)
    if findings is None:
        findings = scan(text)
    hidden: dict[int, bool] = {}
    for finding in findings:
        if finding.kind not in wanted:
            continue
        if text[finding.start : finding.end] != finding.text:
            raise ValueError(f"发现项“{finding.text}”与待屏蔽文本第{finding.start}位的内容不一致")
        positions, hides_length = _hidden_positions(finding)
        for offset in positions:
            hidden[offset] = hidden.get(offset, False) or hides_length

    out: list[str] = []
    offset = 0
    while offset < len(text):
        if offset not in hidden:
            out.append(text[offset])
            offset += 1
            continue
        run_end = offset
        collapse = False
        while run_end in hidden:
            collapse = collapse or hidden[run_end]
            run_end += 1
        out.append(mask * 3 if collapse else mask * (run_end - offset))
        offset = run_end
    return "".join(out)
