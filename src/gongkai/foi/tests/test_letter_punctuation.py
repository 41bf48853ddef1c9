"""No doubled punctuation in generated letters (``。”。``, ``。。``, ``，。``): ``foi.punctuation``, and every
kind of letter the platform generates composed from free text that ends with a full stop or a comma.

GB/T 15834-2011《标点符号用法》: a quotation that is part of the sentence keeps the sentence's stop
outside the closing quotation mark, and the quoted text's own terminal stop is dropped.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from gongkai.foi import punctuation
from gongkai.foi.legal import ConsultationKind, FeeMethod, Outcome
from gongkai.foi.models import Consultation, FeeNotice, InfoRequest, LetterKind
from gongkai.foi.services.letters import compose
from gongkai.foi.tests.conftest import ISSUED, RECEIVED

# -- the pure functions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请提供2025年招生文件。", "“请提供2025年招生文件”"),
        ("请提供2025年招生文件", "“请提供2025年招生文件”"),
        ("请提供文件，", "“请提供文件”"),
        ("请提供文件！！", "“请提供文件”"),
        ("关于“双减”的通知。\n", "“关于‘双减’的通知”"),
        ("  第一行。\r\n第二行。  ", "“第一行。 第二行”"),
        ("", "“”"),
    ],
)
def test_quoted_drops_the_inner_stop(text: str, expected: str) -> None:
    assert punctuation.quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("理由", "理由。"),
        ("理由。", "理由。"),
        ("理由，", "理由。"),
        ("理由、", "理由。"),
        ("理由：", "理由。"),
        ("理由？", "理由？"),
        ("已作遮盖（第十五条）", "已作遮盖（第十五条）"),
        ("见“说明”", "见“说明”"),
        ("第一行\r\n\r\n第二行，", "第一行\n第二行。"),
        ("", ""),
    ],
)
def test_sentence_ends_with_one_stop(text: str, expected: str) -> None:
    assert punctuation.sentence(text) == expected


def test_clause_and_slips() -> None:
    assert punctuation.clause("测试市不动产登记中心。") == "测试市不动产登记中心"
    assert punctuation.clause("请到窗口缴纳；") == "请到窗口缴纳"
    assert punctuation.slips("申请获取：“某文件。”。") == ["取：“某文件。”。"]
    assert punctuation.slips("理由，。") and punctuation.slips("理由。。")
    assert punctuation.slips("申请获取：“某文件”。理由。（第三十条）") == []


# -- every letter, from text that ends with 。 ---------------------------------------------------------

ENDS_WITH_STOP = "测试内容。"


@pytest.fixture
def dotted(make_request: Any, clock: Any) -> InfoRequest:
    """A request whose description ends with a full stop (as most typed descriptions do)."""
    request = make_request(RECEIVED, description="2025年测试市义务教育阶段学校招生划片范围的文件。")
    clock.set(ISSUED)
    return request


def _assert_clean(body: str) -> None:
    assert "。”。" not in body
    assert "。。" not in body
    assert "，。" not in body
    assert punctuation.slips(body) == [], punctuation.slips(body)


@pytest.mark.parametrize("code", Outcome.values)
def test_no_slips_in_any_reply_or_termination(code: str, dotted: InfoRequest) -> None:
    extra: dict[str, Any] = {
        "reply_type": {"1": "provided", "4.1": "not_ours"}.get(code, ""),
        "access": "请登录测试市人民政府门户网站查阅。",
        "withheld": "第3页其他人员的姓名，",
        "referred_body": "测试市自然资源和规划局，电话0557-3021234。",
        "query_channel": "测试市不动产登记中心。",
        "correction_asked": dt.date(2026, 3, 4),
        "correct_by": dt.date(2026, 3, 13),
    }
    if code == "6.2":
        FeeNotice.objects.create(
            request=dotted,
            method=FeeMethod.BY_VOLUME,
            quantity=250,
            amount=Decimal(4700),
            issued_on=dt.date(2026, 3, 4),
            pay_by=dt.date(2026, 4, 1),
        )
    if code == "5.2":
        dotted.duplicate_of = InfoRequest.objects.get(pk=dotted.pk)
    kind = LetterKind.TERMINATION if code.startswith("6") else LetterKind.REPLY
    _, body = compose(dotted, kind, outcome=code, reasons="测试理由，", extra=extra, on=ISSUED)
    assert "您申请获取：“2025年测试市义务教育阶段学校招生划片范围的文件”。" in body
    _assert_clean(body)


def test_no_slips_in_the_other_kinds(dotted: InfoRequest) -> None:
    consultation = Consultation.objects.create(
        request=dotted,
        kind=ConsultationKind.THIRD_PARTY,
        party="测试市某建设有限公司",
        sent_on=dt.date(2026, 3, 5),
        answer_due=dt.date(2026, 3, 26),
    )
    fee = FeeNotice.objects.create(
        request=dotted,
        method=FeeMethod.BY_COUNT,
        quantity=1,
        amount=Decimal(100),
        issued_on=ISSUED,
        pay_by=dt.date(2026, 4, 17),
    )
    cases: dict[str, dict[str, Any]] = {
        LetterKind.CORRECTION: {
            "until": dt.date(2026, 3, 13),
            "guidance": "可参照本机关门户网站的文件目录，",
            "contact_person": "李四。",
            "contact_phone": "0557-3021234。",
        },
        LetterKind.EXTENSION: {"days": 20, "new_due": dt.date(2026, 4, 28)},
        LetterKind.CONSULTATION: {"consultation": consultation},
        LetterKind.FEE: {"fee": fee, "payment_method": "请到本机关窗口缴纳。", "waiver_reply": "不予减免，"},
        LetterKind.RECEIPT: {"due": dt.date(2026, 3, 30)},
    }
    assert set(cases) | {LetterKind.REPLY, LetterKind.TERMINATION} == set(LetterKind.values)
    for kind, extra in cases.items():
        _, body = compose(dotted, kind, reasons=ENDS_WITH_STOP, extra=extra, on=ISSUED)
        assert "“2025年测试市义务教育阶段学校招生划片范围的文件”。" in body, kind
        _assert_clean(body)
    _, body = compose(
        dotted, LetterKind.CORRECTION, reasons="请写明文号，", extra=cases[LetterKind.CORRECTION]
    )
    assert "联系人：李四；联系电话：0557-3021234。" in body
    assert "补正指引：可参照本机关门户网站的文件目录。" in body
