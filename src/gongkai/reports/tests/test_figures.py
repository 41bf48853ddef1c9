"""The computed figures of the annual report against tables worked out by hand (docs/SPEC.md §6, issue 4).

One body, 测试市教育局, and one year, 2026. Everything is made through the real services — items
through the publishing workflow, requests through intake and handling, fee notices, appeals — with
the clock frozen on 1 March 2027, after every event of the story (the services accept any past date
not earlier than the date of receipt). A second body, 测试县财政局, gets a few records so that the
figures are seen to stay with their body and the regional aggregation has two bodies to add.

The year rules under test are those of ``gongkai.reports.figures`` (its docstring): receipt
(``received_on``) puts a request into 一、本年新收; the day it was answered or closed puts its outcome
into 三; a request not finished by 31 December is carried into the next year (四) and appears there
under 二; an appeal is counted in the year it was filed, with its result as of 31 December; 表二
counts 规章 and 行政规范性文件 by 成文日期 and by the date they were abolished or expired.

The expected tables are literals, every cell, worked out from the story below; the story's comments
say where each request lands.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gongkai.conftest import Clock
from gongkai.disclosure.models import Item, ItemState
from gongkai.disclosure.services import workflow
from gongkai.foi.legal import AppealKind, AppealResult, ApplicantType, FeeMethod, Outcome, reply_types_for
from gongkai.foi.models import Appeal, InfoRequest
from gongkai.foi.services import fees, handling, intake
from gongkai.orgs.models import Organization, Role, RoleName
from gongkai.reports import figures as fig
from gongkai.reports.models import AnnualReport
from gongkai.reports.national import (
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    CheckError,
    Figures,
    check,
    empty_figures,
)
from gongkai.testing import Region, UserFactory, make_item

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: "Today" for the whole story: after the last event (an appeal decided on 1 February 2027).
NOW = dt.datetime(2027, 3, 1, 10, tzinfo=SHANGHAI)
D = dt.date

P = ApplicantType.PERSON
B = ApplicantType.BUSINESS
R = ApplicantType.RESEARCH
W = ApplicantType.PUBLIC_WELFARE
L = ApplicantType.LEGAL_SERVICE
O = ApplicantType.OTHER_ORG  # noqa: E741 - the column "其他" of 法人或其他组织

REASONS = "经审查，依据《中华人民共和国政府信息公开条例》作出上述处理。"


# -- the expected tables, by hand ---------------------------------------------------------------------

#: 表三 of 测试市教育局 for 2026. Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
TABLE3_2026: list[tuple[str, list[int]]] = [
    # o1–o21, c6 c7 c8 c9 c11 c12 c14
    ("new", [6, 5, 5, 4, 4, 4, 28]),
    # c1 (received 31 Dec 2025), c2, c4, c5
    ("carried_in", [1, 0, 0, 1, 1, 1, 4]),
    ("1", [2, 0, 0, 1, 1, 0, 4]),  # o1, c1 | c12 | c6 (answered 31 Dec 2026)
    ("2", [0, 1, 0, 0, 0, 0, 1]),  # o2 (received 1 Jan 2026)
    ("3.1", [0, 0, 1, 0, 0, 0, 1]),
    ("3.2", [0, 0, 0, 1, 0, 0, 1]),
    ("3.3", [0, 0, 0, 0, 1, 0, 1]),
    ("3.4", [0, 0, 0, 0, 0, 1, 1]),
    ("3.5", [1, 0, 0, 0, 0, 0, 1]),
    ("3.6", [0, 1, 0, 0, 0, 0, 1]),
    ("3.7", [0, 0, 1, 0, 0, 0, 1]),
    ("3.8", [0, 0, 0, 1, 0, 0, 1]),
    ("4.1", [0, 0, 0, 0, 2, 0, 2]),  # o11, c4 (answered 1 Jan 2026, received 2025)
    ("4.2", [0, 0, 0, 0, 0, 1, 1]),
    ("4.3", [1, 0, 0, 0, 0, 0, 1]),  # o13: still unclear after the correction
    ("5.1", [0, 1, 0, 0, 0, 0, 1]),
    ("5.2", [0, 0, 1, 0, 0, 0, 1]),
    ("5.3", [0, 0, 0, 1, 0, 0, 1]),
    ("5.4", [0, 0, 0, 0, 1, 0, 1]),
    ("5.5", [0, 0, 0, 0, 0, 1, 1]),
    ("6.1", [1, 0, 0, 0, 0, 0, 1]),  # o19: correction lapsed
    ("6.2", [0, 1, 0, 0, 0, 0, 1]),  # o20: fee unpaid
    ("6.3", [0, 0, 1, 0, 0, 1, 2]),  # o21 withdrawn | c5 withdrawn (received 2025)
    ("outcome_total", [5, 4, 4, 4, 5, 4, 26]),
    # c7 c9 | c11 | c14 | c2 | c8
    ("carried_out", [2, 1, 1, 1, 0, 1, 6]),
]

#: 表四 of 测试市教育局 for 2026: (结果维持, 结果纠正, 其他结果, 尚未审结, 总计) per group.
TABLE4_2026: dict[str, list[int]] = {
    # a1 upheld, a2 corrected, a3 other, a4 decided in 2027, a5 undecided (a0, filed 2025, not counted)
    "review": [1, 1, 1, 2, 5],
    # a6 upheld, a7 decided in 2027, a8 other on 31 Dec 2026 (a9, filed 2027, not counted)
    "direct": [1, 0, 1, 1, 3],
    # a10 after a1 upheld, a11 after a0 (the review filed in 2025) undecided
    "after_review": [1, 0, 0, 1, 2],
}

#: 表二 第二十条第（一）项 of 测试市教育局: (本年制发, 本年废止, 现行有效) by year.
TABLE2_BY_YEAR: dict[int, dict[str, tuple[int, int, int]]] = {
    # 规章 reg2 made; 规范性文件 n5 made.
    2024: {"regulation": (1, 0, 3), "normative": (1, 0, 1)},
    # 规章 reg4 expired; 规范性文件 n2 (31 Dec) n4 n6 made, n6 abolished.
    2025: {"regulation": (0, 1, 2), "normative": (3, 1, 3)},
    # 规章 reg1 made, reg2 abolished; 规范性文件 n1 (1 Jan) n3 n8 made, n3 and n4 (31 Dec) ended.
    2026: {"regulation": (1, 1, 2), "normative": (3, 2, 4)},
}

#: 表三 of 测试县财政局 for 2026 (x1 answered, x2 open, x3 carried in): the non-zero cells.
COUNTY_TABLE3_2026 = {
    ("new", P): 1,
    ("new", B): 1,
    ("carried_in", P): 1,
    ("1", P): 1,
    ("5.2", P): 1,
    ("outcome_total", P): 2,
    ("carried_out", B): 1,
}


def table3_expected(rows: list[tuple[str, list[int]]]) -> dict[tuple[str, str], int]:
    cols = [col for col, _ in TABLE3_COLUMNS]
    return {(row, col): n for row, values in rows for col, n in zip(cols, values, strict=True)}


def table4_expected(groups: dict[str, list[int]]) -> dict[tuple[str, str], int]:
    results = ("upheld", "corrected", "other", "pending", "total")
    return {
        ("all", f"{group}.{result}"): n
        for group, values in groups.items()
        for result, n in zip(results, values, strict=True)
    }


def table2_expected(year: int) -> dict[tuple[str, str], Any]:
    expected: dict[tuple[str, str], Any] = {
        ("licensing", "decisions"): None,
        ("penalty", "decisions"): None,
        ("coercion", "decisions"): None,
        ("fees", "income"): None,
    }
    for kind, (made, abolished, in_force) in TABLE2_BY_YEAR[year].items():
        expected[kind, "made"] = made
        expected[kind, "abolished"] = abolished
        expected[kind, "in_force"] = in_force
    return expected


def sparse(nonzero: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """A whole 表三 from its non-zero cells, 总计 column included."""
    table = {(row, col): 0 for row, _, _ in TABLE3_ROWS for col, _ in TABLE3_COLUMNS}
    for (row, col), n in nonzero.items():
        table[row, col] += n
        table[row, "total"] += n
    return table


# -- the story ----------------------------------------------------------------------------------------


def applicant(kind: str, n: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_type": kind,
        "phone": "13800000000",
        "email": f"applicant{n}@example.com",
        "address": "测试市人民路1号",
        "postcode": "234000",
        "description": f"测试市教育局2026年度第{n}项政府信息",
        "format": "electronic",
        "delivery": "email",
        "fee_waiver_requested": False,
        "fee_waiver_reason": "",
    }
    if kind == P:
        data.update(applicant_name=f"申请人{n}", id_type="resident_id", id_number="341302199001011238")
    else:
        data.update(
            applicant_name=f"测试申请单位{n}",
            id_type="credit_code",
            id_number="91341302MA2T000000",
            contact_person="联系人",
        )
    return data


@dataclass
class Story:
    region: Region
    handler: Any  # 依申请公开承办人 of 测试市教育局
    county_handler: Any
    requests: dict[str, InfoRequest] = field(default_factory=dict)
    appeals: dict[str, Appeal] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)

    @property
    def dept(self) -> Organization:
        return self.region.dept

    @property
    def county(self) -> Organization:
        return self.region.county_dept

    def actor(self, request: InfoRequest) -> Any:
        return self.handler if request.organization_id == self.dept.pk else self.county_handler

    # requests ----------------------------------------------------------------------------------------

    def register(self, name: str, received: dt.date, kind: str, *, county: bool = False) -> InfoRequest:
        body = self.county if county else self.dept
        # In person on working days; online on 1 January (received when both sides confirm).
        channel = "online" if (received.month, received.day) == (1, 1) else "in_person"
        request, _code = intake.register(
            body,
            actor=self.county_handler if county else self.handler,
            data=applicant(kind, len(self.requests) + 1),
            channel=channel,
            submitted_on=received,
            confirmed_on=received if channel == "online" else None,
        )
        self.requests[name] = request
        return request

    def answer(self, name: str, outcome: str, on: dt.date) -> None:
        request = self.requests[name]
        request.refresh_from_db()
        types = [t for t in reply_types_for(outcome) if t != "already_public"]
        handling.issue_reply(
            request,
            actor=self.actor(request),
            on=on,
            outcome=outcome,
            reply_type=types[0] if types else "",
            reasons="" if outcome == Outcome.GRANTED else REASONS,
        )

    def withdraw(self, name: str, on: dt.date) -> None:
        request = self.requests[name]
        handling.withdraw(request, actor=self.actor(request), on=on, reason="申请人书面撤回申请")

    def ask_correction(self, name: str, on: dt.date, until: dt.date) -> None:
        request = self.requests[name]
        handling.ask_correction(
            request, actor=self.actor(request), on=on, what="请写明所需文件的名称和年份", until=until
        )
        request.refresh_from_db()

    def receive_correction(self, name: str, on: dt.date) -> None:
        request = self.requests[name]
        handling.receive_correction(request, actor=self.actor(request), on=on, note="申请人补充了文件年份")

    def lapse_correction(self, name: str, on: dt.date) -> None:
        request = self.requests[name]
        handling.lapse_correction(request, actor=self.actor(request), on=on)

    def fee_notice(self, name: str, on: dt.date, pages: int) -> Any:
        request = self.requests[name]
        return fees.issue_fee_notice(
            request, actor=self.actor(request), method=FeeMethod.BY_VOLUME, quantity=pages, on=on
        )

    def appeal(
        self,
        name: str,
        request: str,
        kind: str,
        filed: dt.date,
        *,
        after: str | None = None,
        result: str | None = None,
        decided: dt.date | None = None,
    ) -> Appeal:
        target = self.requests[request]
        target.refresh_from_db()
        appeal = handling.record_appeal(
            target,
            actor=self.actor(target),
            kind=kind,
            filed_on=filed,
            authority="测试市人民政府" if kind == AppealKind.REVIEW else "测试市人民法院",
            case_number=f"测案〔{filed.year}〕{len(self.appeals) + 1}号",
            after_review=self.appeals[after] if after else None,
        )
        if result is not None:
            handling.decide_appeal(appeal, actor=self.actor(target), result=result, decided_on=decided)
        self.appeals[name] = appeal
        return appeal

    # items -------------------------------------------------------------------------------------------

    def item(self, name: str, formed: dt.date, *, regulation: bool = False, **overrides: Any) -> Item:
        kind = "规章" if regulation else "规范性文件"
        item = make_item(
            region=self.region,
            title=f"测试{kind}{name}",
            document_number=f"测教规〔{formed.year}〕{len(self.items) + 1}号",
            date_formed=formed,
            is_regulation=regulation,
            is_normative=not regulation,
            **overrides,
        )
        self.items[name] = item
        return item


def build_story(story: Story) -> None:
    """The story, one line per fact (comments: where each request lands in 2026)."""
    s = story
    # -- requests received and finished in 2026: every outcome row, the applicant types in turn ----------
    s.register("o1", D(2026, 1, 5), P)
    s.answer("o1", Outcome.GRANTED, D(2026, 1, 20))
    s.register("o2", D(2026, 1, 1), B)  # received on 1 January 2026 (online): new in 2026
    s.answer("o2", Outcome.PARTIAL, D(2026, 1, 21))
    refusals = [
        ("o3", Outcome.REFUSED_STATE_SECRET, R, D(2026, 2, 2), D(2026, 2, 27)),
        ("o4", Outcome.REFUSED_PROHIBITED, W, D(2026, 2, 3), D(2026, 3, 2)),
        ("o5", Outcome.REFUSED_THREE_SECURITIES, L, D(2026, 2, 4), D(2026, 3, 3)),
        ("o6", Outcome.REFUSED_THIRD_PARTY, O, D(2026, 2, 5), D(2026, 3, 4)),
        ("o7", Outcome.REFUSED_INTERNAL, P, D(2026, 3, 2), D(2026, 3, 20)),
        ("o8", Outcome.REFUSED_PROCESS, B, D(2026, 3, 3), D(2026, 3, 23)),
        ("o9", Outcome.REFUSED_ENFORCEMENT, R, D(2026, 3, 4), D(2026, 3, 24)),
        ("o10", Outcome.REFUSED_QUERY, W, D(2026, 3, 5), D(2026, 3, 25)),
        ("o11", Outcome.UNABLE_NOT_HELD, L, D(2026, 4, 1), D(2026, 4, 20)),
        ("o12", Outcome.UNABLE_NEEDS_CREATION, O, D(2026, 4, 2), D(2026, 4, 21)),
        ("o14", Outcome.NOT_HANDLED_PETITION, B, D(2026, 5, 6), D(2026, 5, 20)),
        ("o15", Outcome.NOT_HANDLED_REPEAT, R, D(2026, 5, 7), D(2026, 5, 21)),
        ("o16", Outcome.NOT_HANDLED_PUBLICATION, W, D(2026, 5, 8), D(2026, 5, 22)),
        ("o17", Outcome.NOT_HANDLED_EXCESSIVE, L, D(2026, 5, 11), D(2026, 5, 25)),
        ("o18", Outcome.NOT_HANDLED_CONFIRM, O, D(2026, 5, 12), D(2026, 5, 26)),
    ]
    for name, outcome, kind, received, answered in refusals:
        s.register(name, received, kind)
        s.answer(name, outcome, answered)
    # 4.3: corrected, and still unclear.
    s.register("o13", D(2026, 7, 1), P)
    s.ask_correction("o13", D(2026, 7, 2), until=D(2026, 7, 16))
    s.receive_correction("o13", D(2026, 7, 10))
    s.answer("o13", Outcome.UNABLE_STILL_UNCLEAR, D(2026, 7, 20))
    # 6.1: no correction by the date given (第三十条).
    s.register("o19", D(2026, 6, 1), P)
    s.ask_correction("o19", D(2026, 6, 3), until=D(2026, 6, 17))
    s.lapse_correction("o19", D(2026, 6, 18))
    # 6.2: fee notice not paid within 20 working days (国办函〔2020〕109号).
    s.register("o20", D(2026, 8, 3), B)
    unpaid = s.fee_notice("o20", D(2026, 8, 5), pages=50)
    fees.lapse_fee(unpaid, actor=s.handler, on=unpaid.pay_by + dt.timedelta(days=1))
    assert unpaid.pay_by.year == 2026
    # 6.3: withdrawn by the applicant.
    s.register("o21", D(2026, 9, 1), R)
    s.withdraw("o21", D(2026, 9, 8))

    # -- across the year boundaries ------------------------------------------------------------------
    s.register("c1", D(2025, 12, 31), P)  # received 31 Dec 2025: carried into 2026
    s.answer("c1", Outcome.GRANTED, D(2026, 1, 5))
    s.register("c2", D(2025, 11, 20), W)  # open through the whole of 2026: carried in and out
    s.answer("c2", Outcome.REFUSED_THIRD_PARTY, D(2027, 1, 5))
    s.register("c3", D(2025, 12, 30), R)  # answered 31 Dec 2025: all in 2025, nothing in 2026
    s.answer("c3", Outcome.GRANTED, D(2025, 12, 31))
    s.register("c4", D(2025, 12, 15), L)  # answered 1 Jan 2026: carried in, counted in 2026
    s.answer("c4", Outcome.UNABLE_NOT_HELD, D(2026, 1, 1))
    s.register("c5", D(2025, 12, 29), O)  # withdrawn in 2026: carried in, closed in 2026
    s.withdraw("c5", D(2026, 1, 4))
    s.register("c6", D(2026, 12, 20), L)  # answered 31 Dec 2026: counted in 2026
    s.answer("c6", Outcome.GRANTED, D(2026, 12, 31))
    s.register("c7", D(2026, 12, 10), P)  # answered 1 Jan 2027: carried out of 2026
    s.answer("c7", Outcome.PARTIAL, D(2027, 1, 1))
    s.register("c8", D(2026, 12, 24), O)  # awaiting correction on 31 Dec 2026: carried out
    s.ask_correction("c8", D(2026, 12, 28), until=D(2027, 1, 20))
    s.receive_correction("c8", D(2027, 1, 8))
    s.answer("c8", Outcome.GRANTED, D(2027, 1, 15))
    s.register("c9", D(2026, 12, 31), P)  # received 31 Dec 2026 and still open: carried out
    s.register("c10", D(2027, 1, 1), B)  # received 1 Jan 2027: not in 2026 at all
    s.register("c11", D(2026, 12, 1), B)  # fee notice unpaid on 31 Dec, paid in 2027: carried out
    pending_fee = s.fee_notice("c11", D(2026, 12, 14), pages=40)
    fees.record_payment(pending_fee, actor=s.handler, on=D(2027, 1, 5))
    s.answer("c11", Outcome.GRANTED, D(2027, 1, 20))
    s.register("c12", D(2026, 3, 2), W)  # fee of 200 元 paid in 2026 (pages 31–50 at 10 元)
    paid = s.fee_notice("c12", D(2026, 3, 4), pages=50)
    fees.record_payment(paid, actor=s.handler, on=D(2026, 3, 10))
    s.answer("c12", Outcome.GRANTED, D(2026, 3, 20))
    s.register("c13", D(2025, 9, 1), P)  # all in 2025
    s.answer("c13", Outcome.REFUSED_PROCESS, D(2025, 9, 20))
    # A draft reply awaiting review already names its outcome, but the request is not finished: carried out.
    c14 = s.register("c14", D(2026, 10, 12), R)
    handling.assign(c14, actor=s.handler, handling_unit=s.dept, assignee=s.handler)
    handling.submit_draft(
        c14,
        actor=s.handler,
        outcome=Outcome.GRANTED,
        reply_type="provided",
        reasons="",
        title="政府信息公开申请答复告知书",
        body="经审查，您申请的信息予以公开。",
    )
    assert c14.outcome == Outcome.GRANTED and c14.answered_on is None

    # -- another body: never in 测试市教育局's figures ---------------------------------------------------
    s.register("x1", D(2026, 3, 2), P, county=True)
    s.answer("x1", Outcome.GRANTED, D(2026, 3, 16))
    s.register("x2", D(2026, 12, 28), B, county=True)
    s.register("x3", D(2025, 12, 1), P, county=True)
    s.answer("x3", Outcome.NOT_HANDLED_REPEAT, D(2026, 1, 10))

    # -- appeals (表四): counted in the year filed, with the result as of 31 December -------------------
    review, litigation = AppealKind.REVIEW, AppealKind.LITIGATION
    up, corrected, other = AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER
    s.appeal("a0", "c13", review, D(2025, 10, 15), result=corrected, decided=D(2026, 1, 10))  # filed 2025
    s.appeal("a1", "o1", review, D(2026, 3, 10), result=up, decided=D(2026, 5, 10))
    s.appeal("a2", "o3", review, D(2026, 4, 1), result=corrected, decided=D(2026, 6, 1))
    s.appeal("a3", "o4", review, D(2026, 5, 1), result=other, decided=D(2026, 7, 1))
    s.appeal("a4", "o7", review, D(2026, 11, 1), result=up, decided=D(2027, 1, 15))  # 尚未审结 in 2026
    s.appeal("a5", "o8", review, D(2026, 12, 1))  # undecided
    s.appeal("a6", "o6", litigation, D(2026, 3, 9), result=up, decided=D(2026, 8, 1))
    s.appeal("a7", "o11", litigation, D(2026, 6, 1), result=corrected, decided=D(2027, 2, 1))
    s.appeal("a8", "o14", litigation, D(2026, 9, 1), result=other, decided=D(2026, 12, 31))
    s.appeal("a9", "o2", litigation, D(2027, 1, 5))  # filed 2027
    s.appeal("a10", "o1", litigation, D(2026, 5, 20), after="a1", result=up, decided=D(2026, 10, 20))
    s.appeal("a11", "c13", litigation, D(2026, 1, 20), after="a0")  # after a review filed in 2025
    s.appeal("x-a1", "x1", review, D(2026, 4, 1), result=up, decided=D(2026, 5, 1))

    # -- 规章 and 行政规范性文件 (表二 第二十条第（一）项) ---------------------------------------------------
    s.item("reg1", D(2026, 3, 1), regulation=True)
    reg2 = s.item("reg2", D(2024, 6, 1), regulation=True)
    workflow.correct_item(
        actor=s.region.signer,
        item=reg2,
        fields={"validity": "abolished", "validity_changed_on": D(2026, 9, 1)},
        note="经测试市人民政府决定，本规章自2026年9月1日起废止。",
    )
    s.item("reg3", D(2023, 5, 1), regulation=True)
    s.item("reg4", D(2022, 1, 1), regulation=True, validity="expired", validity_changed_on=D(2025, 6, 30))
    s.item("n1", D(2026, 1, 1))  # formed 1 January 2026
    s.item("n2", D(2025, 12, 31))  # formed 31 December 2025
    s.item("n3", D(2026, 4, 10), validity="abolished", validity_changed_on=D(2026, 11, 20))
    s.item("n4", D(2025, 3, 1), validity="expired", validity_changed_on=D(2026, 12, 31))
    s.item("n5", D(2024, 2, 1), validity="abolished", validity_changed_on=D(2027, 1, 1))
    s.item("n6", D(2025, 5, 5), validity="abolished", validity_changed_on=D(2025, 10, 10))
    s.item("n7", D(2026, 6, 1), state=ItemState.DRAFT)  # never published: not counted
    s.item("n8", D(2026, 2, 2), state=ItemState.WITHDRAWN)  # published, then withdrawn: counted
    make_item(region=s.region, date_formed=D(2026, 5, 5))  # neither 规章 nor 规范性文件
    make_item(region=s.region, county=True, date_formed=D(2026, 7, 7), is_normative=True)


@pytest.fixture
def frozen(clock: Clock) -> None:
    clock.set(NOW)


@pytest.fixture
def fees_on(settings: Any) -> None:
    settings.GONGKAI = {
        **settings.GONGKAI,
        "REQUEST_FEES": {**settings.GONGKAI["REQUEST_FEES"], "ENABLED": True},
    }


@pytest.fixture
def story(frozen: None, fees_on: None, region: Region) -> Story:
    handler = UserFactory.create(username="dept_handler", full_name="教育局承办人")
    Role.objects.create(user=handler, organization=region.dept, role=RoleName.REQUEST_HANDLER)
    county_handler = UserFactory.create(username="county_handler", full_name="县财政局承办人")
    Role.objects.create(user=county_handler, organization=region.county_dept, role=RoleName.REQUEST_HANDLER)
    s = Story(region=region, handler=handler, county_handler=county_handler)
    build_story(s)
    return s


def entered(**values: Any) -> AnnualReport:
    """An unsaved report carrying the entered 表二 figures."""
    defaults: dict[str, Any] = {
        "licensing_decisions": 12,
        "penalty_decisions": 3,
        "coercion_decisions": 0,
        "fee_income": Decimal("1.2500"),
    }
    defaults.update(values)
    return AnnualReport(**defaults)


# -- the tables -----------------------------------------------------------------------------------------


def test_every_cell_of_table3_table4_and_table2_for_2026(story: Story) -> None:
    """Each cell of 表二, 表三 and 表四 of 2026 equals the hand-worked tables above."""
    dept = story.dept
    got = fig.compute([dept.pk], 2026)[dept.pk]

    assert set(got) == {"table2", "table3", "table4", "extra"}
    assert got["table3"] == table3_expected(TABLE3_2026)
    assert got["table4"] == table4_expected(TABLE4_2026)
    assert got["table2"] == table2_expected(2026)
    # Section 六: the 200 元 paid in March 2026 (c12); the fee paid in January 2027 (c11) is not in it.
    assert got["extra"] == {("fees", fig.FEES_COLLECTED): Decimal("200")}
    # The literals cover the form exactly: every row and column of the national format.
    assert set(got["table3"]) == set(empty_figures()["table3"])
    assert len(TABLE3_2026) == len(TABLE3_ROWS) and [row for row, _ in TABLE3_2026] == [
        row for row, _, _ in TABLE3_ROWS
    ]
    assert set(got["table4"]) == {("all", f"{g}.{r}") for g, r in TABLE4_COLUMNS}
    assert len(got["table4"]) == 15

    # The form's check rules pass once the entered figures are there; without them 表二 is incomplete.
    complete = fig.with_entered(got, entered())
    assert check(complete) == []
    assert [(e.table, e.cell) for e in check(got)] == [
        ("表二", "行政强制 × 本年处理决定数量"),
        ("表二", "行政事业性收费 × 本年收费金额（单位：万元）"),
        ("表二", "行政许可 × 本年处理决定数量"),
        ("表二", "行政处罚 × 本年处理决定数量"),
    ]


def test_the_year_before_and_the_carry_over_between_years(story: Story) -> None:
    """2025: c1 c2 c4 c5 are still open on 31 December 2025, and that is exactly 2026's 二."""
    dept = story.dept
    f2025 = fig.compute([dept.pk], 2025)[dept.pk]
    f2026 = fig.compute([dept.pk], 2026)[dept.pk]
    assert f2025["table3"] == sparse(
        {
            # received in 2025: c13 (Sep), c2 (Nov), c4, c5, c3, c1 (Dec)
            ("new", P): 2,
            ("new", R): 1,
            ("new", W): 1,
            ("new", L): 1,
            ("new", O): 1,
            ("1", R): 1,  # c3, answered 31 Dec 2025
            ("3.6", P): 1,  # c13
            ("outcome_total", R): 1,
            ("outcome_total", P): 1,
            ("carried_out", P): 1,  # c1
            ("carried_out", W): 1,  # c2
            ("carried_out", L): 1,  # c4
            ("carried_out", O): 1,  # c5
        }
    )
    # 表四 2025: only a0, filed 15 Oct 2025 and decided in January 2026 — pending at the end of 2025.
    assert f2025["table4"] == table4_expected(
        {"review": [0, 0, 0, 1, 1], "direct": [0, 0, 0, 0, 0], "after_review": [0, 0, 0, 0, 0]}
    )
    assert fig.carried_out(f2025) == {
        "person": 1,
        "business": 0,
        "research": 0,
        "public_welfare": 1,
        "legal_service": 1,
        "other_org": 1,
        "total": 4,
    }
    complete = fig.with_entered(f2026, entered())
    assert check(complete, last_year_carried_out=fig.carried_out(f2025)) == []

    # 2027 so far: c2 c7 c8 c9 c11 c14 come in from 2026.
    f2027 = fig.compute([dept.pk], 2027)[dept.pk]
    assert fig.carried_out(f2026) == {col: f2027["table3"]["carried_in", col] for col, _ in TABLE3_COLUMNS}


def test_cross_year_rule_names_the_cell(story: Story) -> None:
    """跨年度: this year's 二 must equal last year's 四 — e.g. last year's report (typed by hand before
    the platform) said 2 natural persons were carried over."""
    f2026 = fig.with_entered(fig.compute([story.dept.pk], 2026)[story.dept.pk], entered())
    last_year = {"person": 2, "business": 0, "research": 0, "public_welfare": 1, "legal_service": 1,
                 "other_org": 1, "total": 5}  # fmt: skip
    assert check(f2026, last_year_carried_out=last_year) == [
        CheckError(
            "跨年度",
            "二、上年结转政府信息公开申请数量 × 自然人",
            "应等于上一年度报告“四、结转下年度继续办理”的 2，实为 1",
        ),
        CheckError(
            "跨年度",
            "二、上年结转政府信息公开申请数量 × 总计",
            "应等于上一年度报告“四、结转下年度继续办理”的 5，实为 4",
        ),
    ]


def test_table2_in_force_follows_from_made_and_abolished(story: Story) -> None:
    """现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y), for 规章 and 规范性文件 alike."""
    dept = story.dept.pk
    by_year = {year: fig.compute([dept], year)[dept]["table2"] for year in (2023, 2024, 2025, 2026)}
    for year in (2024, 2025, 2026):
        assert by_year[year] == table2_expected(year)
        for kind in ("regulation", "normative"):
            t, before = by_year[year], by_year[year - 1]
            assert t[kind, "in_force"] == before[kind, "in_force"] + t[kind, "made"] - t[kind, "abolished"]
    # 2023: reg3 made; reg3 and reg4 in force; no 规范性文件 yet.
    cells = [(k, c) for k in ("regulation", "normative") for c in ("made", "abolished", "in_force")]
    assert [by_year[2023][cell] for cell in cells] == [1, 0, 2, 0, 0, 0]


def test_figures_stay_with_their_body_and_the_region_sums_them(story: Story) -> None:
    dept, county = story.dept.pk, story.county.pk
    both = fig.compute([dept, county], 2026)
    assert both[dept] == fig.compute([dept], 2026)[dept]
    assert both[county]["table3"] == sparse(COUNTY_TABLE3_2026)
    assert both[county]["table4"] == table4_expected(
        {"review": [1, 0, 0, 0, 1], "direct": [0, 0, 0, 0, 0], "after_review": [0, 0, 0, 0, 0]}
    )
    assert both[county]["table2"]["normative", "made"] == 1
    assert both[county]["table2"]["normative", "in_force"] == 1
    assert both[county]["extra"] == {("fees", fig.FEES_COLLECTED): Decimal("0")}

    # The county enters licensing decisions only; nobody enters coercion decisions.
    region = fig.aggregate(
        [
            fig.with_entered(both[dept], entered(coercion_decisions=None)),
            fig.with_entered(
                both[county],
                entered(
                    licensing_decisions=3, penalty_decisions=None, coercion_decisions=None, fee_income=None
                ),
            ),
        ]
    )
    expected3 = table3_expected(TABLE3_2026)
    for (row, col), n in sparse(COUNTY_TABLE3_2026).items():
        expected3[row, col] += n
    assert region["table3"] == expected3
    assert region["table3"]["new", "total"] == 30
    assert region["table3"]["5.2", "total"] == 2  # o15 (科研机构) and x3 (自然人)
    assert region["table4"] == table4_expected(
        {"review": [2, 1, 1, 2, 6], "direct": [1, 0, 1, 1, 3], "after_review": [1, 0, 0, 1, 2]}
    )
    assert region["table2"] == {
        ("regulation", "made"): 1,
        ("regulation", "abolished"): 1,
        ("regulation", "in_force"): 2,
        ("normative", "made"): 4,
        ("normative", "abolished"): 2,
        ("normative", "in_force"): 5,
        ("licensing", "decisions"): 15,
        ("penalty", "decisions"): 3,
        ("coercion", "decisions"): None,
        ("fees", "income"): Decimal("1.2500"),
    }
    assert region["extra"] == {("fees", fig.FEES_COLLECTED): Decimal("200")}
    # The sums obey the form's rules, except the entered cell nobody filled in.
    assert check(region) == [
        CheckError("表二", "行政强制 × 本年处理决定数量", "尚未填报，请填写数字（没有的填0）")
    ]


def test_json_round_trip_and_the_frozen_report(story: Story) -> None:
    dept = story.dept
    computed = fig.compute([dept.pk], 2026)[dept.pk]
    report = AnnualReport.objects.create(
        organization=dept, year=2026, licensing_decisions=12, penalty_decisions=3, coercion_decisions=0,
        fee_income=Decimal("1.2500"), licensing_source="市政务服务管理局审批系统",
    )  # fmt: skip
    # A draft: computed now, with the entered cells.
    assert fig.for_report(report) == fig.with_entered(computed, report)

    frozen = fig.to_json(fig.with_entered(computed, report))
    assert json.loads(json.dumps(frozen)) == frozen  # plain JSON
    assert frozen["table3"]["carried_out|person"] == 2
    assert frozen["table2"]["fees|income"] == "1.2500"
    assert frozen["extra"]["fees|fees_collected"] in ("200", "200.00")
    assert fig.from_json(frozen) == fig.with_entered(computed, report)

    report.submit()
    report.figures = frozen
    report.save()
    report.refresh_from_db()
    # A late answer after submission does not move the submitted figures.
    c9 = InfoRequest.objects.get(pk=story.requests["c9"].pk)
    handling.issue_reply(
        c9, actor=story.handler, on=D(2026, 12, 31), outcome=Outcome.GRANTED, reply_type="provided"
    )
    assert fig.compute([dept.pk], 2026)[dept.pk]["table3"]["carried_out", "person"] == 1
    assert fig.for_report(report) == fig.with_entered(computed, report)
    assert fig.for_report(report)["table3"]["carried_out", "person"] == 2


# -- the check rules name the cell ---------------------------------------------------------------------


def _complete(story: Story) -> Figures:
    return fig.with_entered(fig.compute([story.dept.pk], 2026)[story.dept.pk], entered())


def test_check_names_the_cell_of_a_tampered_outcome(story: Story) -> None:
    figures = _complete(story)
    figures["table3"]["3.4", "other_org"] = 2  # one more 保护第三方合法权益 typed in for 其他
    assert check(figures) == [
        CheckError("表三", "三、本年度办理结果（七）总计 × 其他", "应等于（一）至（六）各项之和 5，实为 4"),
        CheckError(
            "表三",
            "（三）不予公开4.保护第三方合法权益 × 总计",
            "应等于自然人与法人或其他组织各列之和 2，实为 1",
        ),
    ]


def test_check_names_the_column_when_one_plus_two_misses_three_plus_four(story: Story) -> None:
    figures = _complete(story)
    figures["table3"]["carried_out", "person"] = 1
    figures["table3"]["carried_out", "total"] = 5  # totals kept consistent: only the 勾稽关系 fails
    assert check(figures) == [
        CheckError(
            "表三",
            "自然人列",
            "第一项加第二项之和（6+1=7）应等于第三项加第四项之和（5+1=6）",
        ),
        CheckError(
            "表三",
            "总计列",
            "第一项加第二项之和（28+4=32）应等于第三项加第四项之和（26+5=31）",
        ),
    ]


def test_check_names_a_table4_total_and_a_negative_entered_figure(story: Story) -> None:
    figures = _complete(story)
    figures["table4"]["all", "direct.total"] = 4
    figures["table2"]["licensing", "decisions"] = -1
    assert check(figures) == [
        CheckError("表二", "行政许可 × 本年处理决定数量", "不能为负数"),
        CheckError("表四", "未经复议直接起诉 × 总计", "应等于四种结果之和 3，实为 4"),
    ]


def test_an_empty_year_is_all_zero(story: Story) -> None:
    dept = story.dept.pk
    got = fig.compute([dept], 2020)[dept]
    zero = empty_figures()
    assert got["table3"] == zero["table3"]
    assert got["table4"] == zero["table4"]
    # reg4 (2022) and reg3 (2023) do not exist yet.
    assert got["table2"] == zero["table2"]
    assert fig.compute([], 2026) == {}
