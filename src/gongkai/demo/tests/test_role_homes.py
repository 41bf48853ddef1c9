"""What each demo account finds at home in the back office (issue 9: "a test per role asserts what
its inbox and menu show in the demo"): the entries of its "我的工作" — with work waiting where the
role has work — and its menu, every link of which answers 200 for that account.

Built once on a fixed day (the demo's "today" of the other demo tests) for every account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.backoffice.menu import menu_for
from gongkai.core.registry import inbox_contributions
from gongkai.demo.builder import build_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)

UNREAD = "notifications.unread"
#: The menu entries every member of staff has.
COMMON = ["statistics", "ratings", "assessment_dashboards", "calendar", "notifications"]
ITEMS = ["inbox", "items", "opinions", "filings", "timeliness", *COMMON]
REQUESTS = ["inbox", "requests", "request_dashboard", "messages"]
HANDLING = {"foi.overdue", "foi.due_soon", "foi.correction_ending", "foi.consultation_ending"}
#: 互动 (issue 11): the demo's messages of 市教育局 — overdue, over 3 months, to answer, to publish.
MESSAGES = {
    "interaction.long_unanswered",
    "interaction.overdue",
    "interaction.to_answer",
    "interaction.to_publish",
}
#: 意见征集 (issue 11): comments to moderate, a closed consultation without its 采纳情况.
CONSULTING = {"opinions.moderation", "opinions.answers", "opinions.summary"}
OPENING = {"opinions.signoff", "opinions.summary"}
#: 政务信息报送's menu entries of a unit's signer (the items menu of 主动公开 comes first).
SIGNING = ["inbox", "items", "opinions", "govinfo_dashboard", "govinfo_submissions", "govinfo_rankings",
           "govinfo_urgent", "filings", "timeliness", *COMMON]  # fmt: skip


#: 预警与通报批评 (issue 12, docs/SPEC.md §7): a competent authority's supervisors and a body's own people
#: (公开工作机构负责人, 领导, 机构管理员) and the system administrator; just before 工作日历.
def warned(menu: list[str]) -> list[str]:
    at = menu.index("calendar")
    return [*menu[:at], "assessment_warnings", *menu[at:]]


#: Every account's home: the inbox entries it shows (by key), those of them with work waiting (a
#: count above zero), and its menu entries (by key, in order).
HOMES: dict[str, dict[str, Any]] = {
    "editor": {
        "entries": {
            "disclosure.near_limit",
            "disclosure.returned",
            "disclosure.my_drafts",
            *CONSULTING,
            UNREAD,
        },
        "waiting": {
            "disclosure.near_limit",
            "disclosure.returned",
            "disclosure.my_drafts",
            UNREAD,
            "opinions.moderation",
            "opinions.summary",
        },
        "menu": ITEMS,
    },
    "reviewer": {
        "entries": {"disclosure.near_limit", "disclosure.to_review", "opinions.review", UNREAD},
        "waiting": {"disclosure.near_limit", "disclosure.to_review", "opinions.review", UNREAD},
        "menu": ITEMS,
    },
    # 市教育局's three signers of its information submissions each have one at their step:
    # 科室负责人审核 (infohead), 分管副职签发 (signer), 主要负责人签发 of a region-wide one (signer2).
    "signer": {
        "entries": {"disclosure.near_limit", "disclosure.to_sign", "govinfo_to_sign", *OPENING, UNREAD},
        "waiting": {
            "disclosure.near_limit",
            "disclosure.to_sign",
            "govinfo_to_sign",
            "opinions.summary",
            UNREAD,
        },
        "menu": SIGNING,
    },
    "signer2": {
        "entries": {"disclosure.near_limit", "disclosure.to_sign", "govinfo_to_sign", *OPENING, UNREAD},
        "waiting": {"disclosure.near_limit", "disclosure.to_sign", "govinfo_to_sign", "opinions.summary"},
        "menu": SIGNING,
    },
    "infohead": {
        "entries": {"disclosure.near_limit", "disclosure.to_sign", "govinfo_to_sign", *OPENING, UNREAD},
        "waiting": {"govinfo_to_sign"},
        "menu": SIGNING,
    },
    "handler": {
        "entries": {*HANDLING, *MESSAGES, UNREAD},
        "waiting": {*HANDLING, *MESSAGES},
        "menu": [*REQUESTS, *COMMON],
    },
    # The 受理窗口 answers messages too, but the demo's are assigned to the handler and the office head.
    "window": {
        "entries": {*HANDLING, *MESSAGES, "foi.to_approve", "foi.to_deliver", UNREAD},
        "waiting": {"foi.to_approve", "foi.to_deliver"},
        "menu": [*REQUESTS, *COMMON],
    },
    # 考核评议 (issue 12): this year's round is open and 市教育局's 自查报告 is still to write.
    "officehead": {
        "entries": {
            *HANDLING,
            "foi.to_extend",
            *MESSAGES,
            "interaction.to_assign",
            *CONSULTING,
            "assessment.self_report",
            UNREAD,
        },
        "waiting": {
            *HANDLING,
            "foi.to_extend",
            "interaction.long_unanswered",
            "interaction.overdue",
            "interaction.to_assign",
            "interaction.to_publish",
            "opinions.moderation",
            "opinions.summary",
            "assessment.self_report",
        },
        "menu": warned(
            [
                "inbox",
                "requests",
                "opinions",
                "request_dashboard",
                "messages",
                "reports",
                "assessment_rounds",  # 考核评议: 市教育局 is assessed in the demo's rounds
                *COMMON,
            ]
        ),
    },
    # 考核评议 (issue 12): the last quarter's round is being scored, half of its reports still to score.
    "supervisor": {
        "entries": {
            "disclosure.referred",
            "disclosure.filings",
            "reports.to_review.sz-zfb.2025",
            "assessment.to_score",
            UNREAD,
        },
        "waiting": {
            "disclosure.referred",
            "disclosure.filings",
            "reports.to_review.sz-zfb.2025",
            "assessment.to_score",
            UNREAD,
        },
        "menu": warned(
            [
                "inbox",
                "items",
                "requests",
                "opinions",
                "request_dashboard",
                "messages",
                "reports",
                "govinfo_dashboard",
                "people",
                "govinfo_rankings",
                "filings",
                "assessment_schemes",  # 考核方案 (order 71): a competent authority's supervisors
                "assessment_rounds",  # 考核评议 (order 72): the rounds a competent authority runs
                "timeliness",
                # 民主评议 (order 94) before the calendar and 通知; 操作日志 (order 850) after them.
                *COMMON[:-2],
                "assessment_surveys",
                *COMMON[-2:],
                "audit_log",
            ]
        ),
    },
    # 政务信息报送 (issue 10): the 信息员 has a returned item, a draft, a 约稿通知 due in a few days and
    # a leader's instruction to follow up; the desk editor new items (a near-duplicate pair among
    # them), a draft issue of 《政务信息》 and this month's draft 通报; the leader unread issues.
    "infoofficer": {
        "entries": {
            "govinfo_returned",
            "govinfo_drafts",
            "govinfo_commissions_due",
            "govinfo_followups",
            UNREAD,
        },
        "waiting": {"govinfo_returned", "govinfo_drafts", "govinfo_commissions_due", "govinfo_followups"},
        "menu": [
            "inbox",
            "govinfo_dashboard",
            "govinfo_submissions",
            "govinfo_commissions",
            "govinfo_instructions",
            "govinfo_rankings",
            "govinfo_urgent",
            *COMMON,
        ],
    },
    "infoeditor": {
        "entries": {"govinfo_to_receive", "govinfo_draft_issues", "govinfo_bulletins_draft", UNREAD},
        "waiting": {"govinfo_to_receive", "govinfo_draft_issues", "govinfo_bulletins_draft", UNREAD},
        "menu": [
            "inbox",
            "govinfo_desk",
            "govinfo_issues",
            "govinfo_dashboard",
            "govinfo_commissions",
            "govinfo_instructions",
            "govinfo_rankings",
            "govinfo_urgent",
            *COMMON,
        ],
    },
    "leader": {
        "entries": {"govinfo_issues_unread", UNREAD},
        "waiting": {"govinfo_issues_unread"},
        "menu": warned(
            [
                "inbox",
                "govinfo_issues",
                "govinfo_instructions",
                "govinfo_rankings",
                "govinfo_urgent",
                *COMMON,
            ]
        ),
    },
    "orgadmin": {
        "entries": {UNREAD},
        "waiting": set(),
        # 考核评议: 市教育局's 机构管理员 reads its part of the demo's rounds.
        "menu": warned(
            ["inbox", "request_dashboard", "reports", "catalog", "people", "assessment_rounds", *COMMON]
        ),
    },
    "admin": {
        # The system administrator sees every desk (政务信息报送), so its work too.
        "entries": {"govinfo_to_receive", "govinfo_draft_issues", "govinfo_bulletins_draft", UNREAD},
        "waiting": set(),
        "menu": warned(
            [
                "inbox",
                "items",
                "requests",
                "request_dashboard",
                "messages",
                "reports",
                "catalog",
                "govinfo_desk",
                "govinfo_issues",
                "govinfo_dashboard",
                "people",
                "govinfo_commissions",
                "govinfo_instructions",
                "govinfo_rankings",
                "govinfo_urgent",
                "filings",
                "assessment_schemes",  # 考核方案: the system administrators (the templates)
                "timeliness",
                *COMMON,
                "audit_log",
                "security_admin",
            ]
        ),
    },
}


@pytest.fixture
def demo(db: Any, clock: Any) -> None:
    clock.set(TODAY)
    build_demo(items=300, seed=2008, echo=lambda _: None)


def inbox_of(user: User) -> list[Any]:
    return [e for c in inbox_contributions() for e in c.entries(user, TODAY)]


def check_home(client: Client, username: str, expected: dict[str, Any]) -> None:
    user = User.objects.get(username=username)
    entries = inbox_of(user)
    keys = {e.key for e in entries}
    waiting = {e.key for e in entries if e.count}
    assert keys == expected["entries"], username
    assert expected["waiting"] <= waiting, (username, expected["waiting"] - waiting)
    menu = menu_for(user)
    assert [m.key for m in menu] == expected["menu"], username
    client.force_login(user)
    page = client.get(reverse("backoffice:inbox"))
    assert page.status_code == 200, username
    html = page.content.decode()
    for entry in entries:
        assert str(entry.label) in html, (username, entry.key)
        for url in [entry.url, *(row[1] for row in entry.rows)]:
            assert client.get(url).status_code == 200, (username, url)
    for item in menu:
        # A menu entry may lead on to the person's own page (信息统计 opens the unit's or office's
        # dashboard): it ends on a page that answers 200.
        assert client.get(item.url, follow=True).status_code == 200, (username, item.url)
    if not waiting:
        assert "目前没有等待您处理的工作" in html, username


@pytest.mark.parametrize("username", sorted(HOMES))
def test_each_demo_account_finds_its_work_and_its_menu(demo: None, client: Client, username: str) -> None:
    check_home(client, username, HOMES[username])


def test_every_demo_account_is_covered(demo: None) -> None:
    from gongkai.demo.install import ACCOUNTS

    assert {a.username for a in ACCOUNTS} == set(HOMES)
