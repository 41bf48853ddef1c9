"""Tests of the secrecy scan and redaction (docs/SPEC.md §2.5).

Check digits in the comments are worked out by hand: GB 11643-1999 (ISO 7064 MOD 11-2, weights
7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check = "10X98765432"[sum mod 11]) and Luhn (ISO/IEC 7812).
"""

from __future__ import annotations

import random

import pytest

from gongkai.orgs.unitcodes import make_uscc
from gongkai.secrecy.scanner import (
    PERSONAL_KINDS,
    SEVERITIES,
    Finding,
    Keyword,
    blocks_signoff,
    luhn_valid,
    redact,
    resident_id_check_char,
    scan,
    scan_document,
)

# 11010519491231002X, the classic example: 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5
# +0·8+0·4+2·2 = 167; 167 mod 11 = 2 → "X".
ID_X = "11010519491231002X"
# 34010119900307123?: 21+36+0+5+0+4+2+9+54+0+0+27+0+35+8+8+6 = 215; 215 mod 11 = 6 → "6".
ID_HEFEI = "340101199003071236"
# 44030520000101001?: 28+36+0+15+0+20+4+0+0+0+0+9+0+5+0+0+2 = 119; 119 mod 11 = 9 → "3".
ID_SHENZHEN = "440305200001010013"
# Luhn of 6222021234567890128, from the right, every second digit doubled (minus 9 above 9):
# 8+4+1+0+9+7+7+3+5+8+3+4+1+4+0+4+2+4+6 = 80 ≡ 0 → valid.
CARD_19 = "6222021234567890128"


def kinds(findings: list[Finding]) -> list[str]:
    return [finding.kind for finding in findings]


# ---------------------------------------------------------------------------------------------
# Resident ID numbers (公民身份号码)
# ---------------------------------------------------------------------------------------------


def test_id_check_char_hand_worked() -> None:
    assert resident_id_check_char(ID_X[:17]) == "X"
    assert resident_id_check_char(ID_HEFEI[:17]) == "6"
    assert resident_id_check_char(ID_SHENZHEN[:17]) == "3"


@pytest.mark.parametrize("number", [ID_X, ID_X.lower(), ID_HEFEI, ID_SHENZHEN])
def test_valid_ids_are_high_findings_at_their_position(number: str) -> None:
    text = f"申请人身份证号：{number}，住址略。"
    [finding] = scan(text)
    assert finding.kind == "id_card"
    assert finding.severity == "high"
    assert finding.message == "疑似公民身份号码"
    assert (finding.start, finding.end) == (8, 26)
    assert text[finding.start : finding.end] == number == finding.text
    assert finding.field == "body"


@pytest.mark.parametrize(
    "number",
    [
        # Wrong check digits (the right one is X). As 18-digit runs they are also checked as bank
        # cards: Luhn sums 53 and 57, not multiples of 10, so there must be no finding at all.
        "110105194912310021",
        "110105194912310025",
        # Check digit right ("0": sum 155 ≡ 1) but 30 February is no birth date; Luhn sum 49.
        "110105194902300020",
        # Check digit right ("9": sum 223 ≡ 3) but 91 is no province; Luhn sum 68.
        "910105194912310029",
    ],
)
def test_invalid_ids_are_not_reported(number: str) -> None:
    assert scan(f"号码{number}。") == []


def test_id_inside_a_longer_digit_run_is_not_reported() -> None:
    assert scan(f"流水号9{ID_HEFEI}") == []
    assert scan(f"{ID_HEFEI}7") == []
    assert scan(f"12{ID_X}") == []


def test_id_with_x_followed_by_letters_is_part_of_a_code() -> None:
    assert kinds(scan(f"{ID_X}AB")) == []
    assert kinds(scan(f"{ID_X}号")) == ["id_card"]


def test_old_15_digit_id_is_medium() -> None:
    # 340101 + 900307 (1990-03-07) + 123; 15-digit numbers had no check digit.
    [finding] = scan("旧身份证340101900307123。")
    assert (finding.kind, finding.severity) == ("id_card", "medium")
    # 15 digits whose "date" is 1990-13-07 is no ID.
    assert scan("编号340101901307123。") == []


@pytest.mark.parametrize(
    "wrapped",
    ["（{}）", "：{}。", "“{}”", "{}、", "【{}】", "，{}；", "\n{}\n", "{}"],
)
def test_chinese_punctuation_around_numbers(wrapped: str) -> None:
    for number, kind in ((ID_X, "id_card"), ("13812345678", "mobile"), (CARD_19, "bank_card")):
        text = "前文" + wrapped.format(number) + "后文"
        [finding] = scan(text)
        assert finding.kind == kind
        assert finding.text == number


# ---------------------------------------------------------------------------------------------
# Phones, bank cards, e-mail
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("手机13812345678", "13812345678"),
        ("手机：19912345678。", "19912345678"),
        ("电话 138 1234 5678 联系", "138 1234 5678"),
        ("电话138-1234-5678", "138-1234-5678"),
        ("+8613812345678", "13812345678"),  # the country code is not part of the finding
        ("+86 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "１３８１２３４５６７８"),  # full-width digits
    ],
)
def test_mobile_numbers(text: str, found: str) -> None:
    [finding] = scan(text)
    assert (finding.kind, finding.severity, finding.text) == ("mobile", "medium", found)


@pytest.mark.parametrize(
    "text",
    [
        "12812345678",  # 12x is no mobile prefix
        "138123456789",  # 12 digits
        "913812345678",  # the 11 digits are part of a longer run
        "138-1234 5678",  # mixed separators
        "1381234567",
    ],
)
def test_not_mobile_numbers(text: str) -> None:
    assert "mobile" not in kinds(scan(text))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("电话：0551-65123456", "0551-65123456"),
        ("电话：010-87654321。", "010-87654321"),
        ("电话(0551)65123456", "(0551)65123456"),
        ("电话（010）87654321", "（010）87654321"),
        ("电话0551 6512345", "0551 6512345"),
        ("电话01087654321", "01087654321"),
        ("电话055165123456", "055165123456"),
        ("传真：020—83331234", "020—83331234"),
    ],
)
def test_landline_numbers(text: str, found: str) -> None:
    [finding] = scan(text)
    assert (finding.kind, finding.severity, finding.text) == ("landline", "medium", found)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"卡号{CARD_19}", CARD_19),
        ("卡号4111111111111111。", "4111111111111111"),  # Luhn: 8 + 7·2 + 8 = 30
        ("卡号5555555555554444", "5555555555554444"),
        ("卡号 6222 0212 3456 7890 128", "6222 0212 3456 7890 128"),
        ("卡号4111-1111-1111-1111", "4111-1111-1111-1111"),
    ],
)
def test_bank_cards(text: str, found: str) -> None:
    [finding] = scan(text)
    assert (finding.kind, finding.severity, finding.text) == ("bank_card", "high", found)


def test_bank_card_failing_luhn_is_not_reported() -> None:
    assert scan("卡号4111111111111112") == []  # Luhn sum 31
    assert scan("卡号4111 1111 1111 1112") == []


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid(CARD_19)
    assert not luhn_valid("4111111111111112")
    assert luhn_valid("0")


def test_valid_id_is_never_also_a_bank_card() -> None:
    rng = random.Random(11643)
    for _ in range(300):
        first17 = rng.choice(["11", "34", "44", "65"]) + "0101" + f"{rng.randint(1930, 2020)}0715"
        first17 += f"{rng.randint(0, 999):03d}"
        number = first17 + resident_id_check_char(first17)
        assert kinds(scan(f"证件{number}")) == ["id_card"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("邮箱zhang.san@example.com。", "zhang.san@example.com"),
        ("请发送至 gkb@gd.gov.cn，谢谢", "gkb@gd.gov.cn"),
        ("13812345678@163.com", "13812345678@163.com"),  # reported as an address, not also a mobile
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    ],
)
def test_email_addresses(text: str, found: str) -> None:
    [finding] = scan(text)
    assert (finding.kind, finding.severity, finding.text) == ("email", "medium", found)


# ---------------------------------------------------------------------------------------------
# No false positives on the numbers a disclosure platform is full of
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "索引号：11441700007280420Y/2021-00050",
        "索引号：000014349/2017-00110",
        "索引号 11441700007280420Y/2021-00050 发布日期 2021-03-15",
        "国办发〔2019〕54号",
        "国发〔2016〕55号、粤府办〔2021〕12号",
        "2019年12月31日",
        "2019-12-31 至 2020-01-01",
        "20191231",
        "成文日期：2019.12.31",
        "GB 11643-1999 和 GB 32100-2015",
        "金额 12345678.90 元，共 1,234,567,890 元",
        "邮编 230001",
        "http://www.gov.cn/zhengce/content/2019-12/11/content_5460370.htm",
        "统一社会信用代码 91350100M000100Y43",
        "202110-00013",
        "第1次会议 2021年第3期",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert scan(text) == []


def test_digit_only_unit_codes_are_not_bank_cards() -> None:
    """An all-digit 统一社会信用代码 that happens to pass Luhn is a unit's code, not a card."""
    rng = random.Random(32100)
    found = 0
    while found < 20:
        code = make_uscc("1", "1", f"{rng.randint(110000, 659999)}", f"{rng.randint(0, 99_999_999):08d}")
        if code.isdigit() and luhn_valid(code):
            found += 1
            assert [f for f in scan(f"代码{code}") if f.kind == "bank_card"] == []


# ---------------------------------------------------------------------------------------------
# Classification marks (密级标志) and internal-use markings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("机密★1年", "机密★1年"),
        ("秘密★6个月\n关于……的通知", "秘密★6个月"),
        ("绝密★长期", "绝密★长期"),
        ("机密★启用前", "机密★启用前"),
        ("秘密 ★ 10年", "秘密 ★ 10年"),
        ("秘密★十年", "秘密★十年"),
        ("绝密★", "绝密★"),
        ("密级：机密", "密级：机密"),
        ("密级: 秘密级", "密级: 秘密级"),
        ("秘密\n关于……的通知", "秘密"),  # the level word alone on the first line
        ("\u3000\u3000机密\n正文", "机密"),
        ("正文\n绝密 启用前\n", "绝密 启用前"),
    ],
)
def test_classification_marks_are_high(text: str, found: str) -> None:
    findings = scan(text)
    assert [(f.kind, f.severity, f.text) for f in findings] == [("classification", "high", found)]
    assert blocks_signoff(findings)


@pytest.mark.parametrize(
    "text",
    [
        "各单位要严格保守国家秘密。",
        "不得涉及国家秘密、商业秘密和个人隐私。",
        "涉及工作秘密的信息",
        "属于秘密级国家秘密的事项",
        "保证信息的机密性",
        "泄露秘密的，依法追究责任",
        "五星级 ★★★★★",
    ],
)
def test_prose_about_secrets_is_not_a_mark(text: str) -> None:
    assert scan(text) == []


def test_bare_level_word_in_prose_is_a_low_hint() -> None:
    [finding] = scan("该文件为绝密，请勿外带。")
    assert (finding.kind, finding.severity, finding.text) == ("classification", "low", "绝密")
    assert not blocks_signoff([finding])


def test_lone_star_is_medium() -> None:
    [finding] = scan("附件 ★ 请查收")
    assert (finding.kind, finding.severity, finding.text) == ("classification", "medium", "★")


@pytest.mark.parametrize("mark", ["内部资料", "注意保密", "内部文件", "不得外传", "仅供内部"])
def test_internal_markings_are_medium(mark: str) -> None:
    [finding] = scan(f"本材料为{mark}。")
    assert (finding.kind, finding.severity, finding.text) == ("internal_mark", "medium", mark)
    assert mark in finding.message


def test_mark_star_is_reported_once() -> None:
    findings = scan("机密★1年 内部资料 注意保密")
    assert [(f.kind, f.text) for f in findings] == [
        ("classification", "机密★1年"),
        ("internal_mark", "内部资料"),
        ("internal_mark", "注意保密"),
    ]


# ---------------------------------------------------------------------------------------------
# Keywords and whole documents
# ---------------------------------------------------------------------------------------------


def test_keywords_are_configurable() -> None:
    keywords = [Keyword("拆迁补偿名单", "high"), Keyword("abc", "low")]
    findings = scan("附：拆迁补偿名单（ABC 小组）", keywords=keywords)
    assert [(f.kind, f.severity, f.text, f.start) for f in findings] == [
        ("keyword", "high", "拆迁补偿名单", 2),
        ("keyword", "low", "ABC", 9),
    ]
    assert findings[0].message == "命中敏感词“拆迁补偿名单”"


def test_keyword_validation() -> None:
    with pytest.raises(ValueError, match="敏感词不能为空"):
        Keyword(" ")
    with pytest.raises(ValueError, match="级别"):
        Keyword("某词", "urgent")  # type: ignore[arg-type]


def test_scan_document_names_the_field() -> None:
    findings = scan_document(
        {"title": "机密★1年 关于某事的通知", "body": "联系人手机13812345678", "附件1.pdf": ""},
        keywords=[Keyword("某事", "medium")],
    )
    assert [(f.field, f.kind) for f in findings] == [
        ("title", "classification"),
        ("title", "keyword"),
        ("body", "mobile"),
    ]
    assert findings[2].start == 5


def test_blocks_signoff() -> None:
    assert not blocks_signoff(scan("联系电话13812345678"))
    assert blocks_signoff(scan(f"身份证{ID_X}"))
    assert not blocks_signoff([])


# ---------------------------------------------------------------------------------------------
# Redaction
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号：{ID_HEFEI}。", "身份证号：3401**********1236。"),
        (f"身份证号{ID_X}", "身份证号1101**********002X"),
        ("旧证340101900307123", "旧证3401*******7123"),
        ("手机13812345678。", "手机138****5678。"),
        ("手机 138 1234 5678", "手机 138 **** 5678"),
        ("手机+8613812345678", "手机+86138****5678"),
        ("手机１３８１２３４５６７８", "手机１３８****５６７８"),
        (f"卡号{CARD_19}", "卡号***************0128"),
        ("卡号4111 1111 1111 1111", "卡号**** **** **** 1111"),
        ("电话0551-65123456", "电话0551-****3456"),
        ("电话(010)87654321", "电话(010)****4321"),
        ("邮箱zhang@example.com。", "邮箱z***@example.com。"),
        ("邮箱a@b.cn", "邮箱***@b.cn"),
        ("普通文本，没有个人信息。", "普通文本，没有个人信息。"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_redact_preserves_length_except_for_email_names() -> None:
    text = f"张三，{ID_X}，13812345678，{CARD_19}，0551-65123456。"
    redacted = redact(text)
    assert len(redacted) == len(text)
    assert redacted == "张三，1101**********002X，138****5678，***************0128，0551-****3456。"


def test_redact_only_the_kinds_asked_for() -> None:
    text = f"{ID_X} 13812345678"
    assert redact(text, kinds={"mobile"}) == f"{ID_X} 138****5678"
    assert redact(text, kinds=()) == text


def test_redact_keywords_and_marks_when_asked() -> None:
    text = "申请人张三的材料（内部资料）"
    findings = scan(text, keywords=[Keyword("张三", "medium")])
    assert redact(text, findings, kinds={"keyword", "internal_mark"}) == "申请人**的材料（****）"


def test_redact_with_findings_of_another_text_raises() -> None:
    findings = scan("手机13812345678")
    with pytest.raises(ValueError, match="不一致"):
        redact("电话：13812345678", findings)


def test_redact_document_field_by_field() -> None:
    fields = {"title": "答复张三", "body": f"身份证{ID_HEFEI}"}
    findings = scan_document(fields)
    body = redact(fields["body"], [f for f in findings if f.field == "body"])
    assert body == "身份证3401**********1236"


# ---------------------------------------------------------------------------------------------
# Property-style: seeded random texts
# ---------------------------------------------------------------------------------------------

_ALPHABET = (
    "0123456789" * 6
    + "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    + "，。、；：？！“”（）《》〔〕【】—…·"
    + "abcXxyzABC@.-+ /\n\u3000★"
    + "０１２３４５６７８９"
)


def _random_text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(length))


def test_random_texts_keep_the_invariants() -> None:
    rng = random.Random(2019)
    for _ in range(600):
        text = _random_text(rng, rng.randint(0, 160))
        findings = scan(text, keywords=[Keyword("国", "low")])
        for finding in findings:
            assert text[finding.start : finding.end] == finding.text
            assert 0 <= finding.start < finding.end <= len(text)
            assert finding.severity in SEVERITIES
            if finding.kind in {"id_card", "bank_card", "landline"} or (
                finding.kind == "mobile" and not text[: finding.start].endswith(("86", "８６"))
            ):
                before = text[finding.start - 1] if finding.start else ""
                after = text[finding.end] if finding.end < len(text) else ""
                assert not (before.isdigit() or after.isdigit()), (text, finding)
        # Length-preserving kinds never change the length nor any character outside the findings.
        length_kinds = PERSONAL_KINDS - {"email"}
        redacted = redact(text, findings, kinds=length_kinds)
        assert len(redacted) == len(text)
        inside = {i for f in findings if f.kind in length_kinds for i in range(f.start, f.end)}
        for i, (a, b) in enumerate(zip(text, redacted, strict=True)):
            if i not in inside:
                assert a == b
        assert scan(text, keywords=[Keyword("国", "low")]) == findings  # deterministic


def test_random_embedded_personal_data_is_found_exactly() -> None:
    rng = random.Random(7064)
    context = "关于某某的情况说明，联系人：，地址：某市某区。"
    for _ in range(300):
        first17 = f"{rng.choice([11, 34, 44, 51, 65])}{rng.randint(1000, 9999)}"
        first17 += f"{rng.randint(1950, 2010)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        first17 += f"{rng.randint(0, 999):03d}"
        number = first17 + resident_id_check_char(first17)
        mobile = f"1{rng.randint(3, 9)}{rng.randint(0, 999_999_999):09d}"
        cut = rng.randint(0, len(context))
        text = context[:cut] + number + "，" + mobile + context[cut:]
        findings = scan(text)
        assert [(f.kind, f.start, f.text) for f in findings] == [
            ("id_card", cut, number),
            ("mobile", cut + 19, mobile),
        ]
        redacted = redact(text)
        assert (
            redacted
            == (
                context[:cut] + number[:4] + "*" * 10 + number[-4:] + "，" + mobile[:3] + "****" + mobile[-4:]
            )
            + context[cut:]
        )
        # One wrong check character: no longer an ID (and possibly a card, never an ID).
        wrong = first17 + rng.choice([c for c in "0123456789X" if c != number[-1]])
        assert "id_card" not in kinds(scan(context[:cut] + wrong + context[cut:]))
