"""The 年度报告 and 统计分析 entries of the back office's menu: registered from ``ReportsConfig.ready()``
and shown to exactly the people their pages serve (``reports.policy.can_open_reports``,
``can_open_statistics``). Per role: which of the two entries the menu shows, and each shown entry
answers 200 with the page's own content (never a 403, never "您在任何机关都没有这两种角色").

The region is ``gongkai.testing.build_region()``; the annual report's editors are a body's office
head and organization administrator (条例第四十九条: each body reports its own year), its reviewers
the supervisors of the competent authority it reports to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from gongkai.backoffice.menu import menu_for
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.core.registry import staff_sections
from gongkai.orgs.models import Kind, RoleName
from gongkai.testing import OrganizationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

NO_ROLE_FOR_REPORTS = "您在任何机关都没有这两种角色"
MINE = ("reports", "statistics")


def shown(user: Any) -> dict[str, str]:
    """The entries of this app the menu shows ``user``: key → URL."""
    user.__dict__.pop("_gongkai_roles", None)
    return {e.key: e.url for e in menu_for(user) if e.key in MINE}


@pytest.fixture
def people(region: Any) -> dict[str, Any]:
    """Every kind of person the two pages may or may not serve."""
    institution = OrganizationFactory.create(
        name="测试市第一中学", slug="school", kind=Kind.PUBLIC_INSTITUTION, parent=region.dept
    )
    u = UserFactory.create
    return {
        "office head": region.head,  # 公开工作机构负责人 of the department: an editor
        "organization administrator": region.admin,  # 机构管理员 of the department: an editor
        "supervisor of the competent authority": region.supervisor,  # reviews the region's reports
        "superuser": get_user_model().objects.create_superuser("root", "root@example.gov.cn", "x"),
        "editor": region.editor,
        "secrecy reviewer": region.reviewer,
        "signer": region.signer,
        "request handler": grant(u(username="handler"), region.dept, RoleName.REQUEST_HANDLER),
        "county editor": region.county_editor,
        # A public institution writes no report of its own (条例第五十五条): its office head edits none.
        "office head of a public institution": grant(
            u(username="school_head"), institution, RoleName.OFFICE_HEAD
        ),
        # A supervisor of a department (not a competent authority) has no overview to open.
        "supervisor of a department": grant(u(username="dept_supervisor"), region.dept, RoleName.SUPERVISOR),
        "person without a role": region.outsider,
    }


EXPECTED = {
    "office head": {"reports", "statistics"},
    "organization administrator": {"reports", "statistics"},
    "supervisor of the competent authority": {"reports", "statistics"},
    "superuser": {"reports", "statistics"},
    "editor": {"statistics"},
    "secrecy reviewer": {"statistics"},
    "signer": {"statistics"},
    "request handler": {"statistics"},
    "county editor": {"statistics"},
    "office head of a public institution": {"statistics"},
    "supervisor of a department": {"statistics"},
    "person without a role": set(),
}


def test_both_sections_are_registered_in_their_old_menu_places():
    keys = [s.key for s in staff_sections()]
    assert keys.index("reports") < keys.index("statistics") < keys.index("calendar")
    by_key = {s.key: s for s in staff_sections()}
    assert (by_key["reports"].label, by_key["reports"].order) == ("年度报告", 40)
    assert (by_key["statistics"].label, by_key["statistics"].order) == ("统计分析", 90)
    assert by_key["reports"].urls == by_key["statistics"].urls == "gongkai.reports.staff.urls"


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_role_sees_the_entries_its_pages_serve_and_each_answers_200(
    client: Client, people: dict[str, Any], clock: Any, who: str
) -> None:
    clock.set(dt.date(2026, 1, 10))
    user = people[who]
    entries = shown(user)
    assert set(entries) == EXPECTED[who]
    login(client, user)
    for key, url in entries.items():
        response = client.get(url)
        assert response.status_code == 200, (who, key)
        text = text_of(response)
        assert "您没有这种角色" not in text and NO_ROLE_FOR_REPORTS not in text
    if "reports" in entries:
        text = text_of(client.get(entries["reports"]))
        # Either a body of theirs to write for, or the overview of an authority they supervise.
        assert "本机关还没有年度报告" in text or "选择机关" in text or "主管部门汇总" in text
    if "statistics" in entries:
        assert "共0个" not in text_of(client.get(entries["statistics"]))


@pytest.mark.parametrize("who", [w for w, keys in EXPECTED.items() if "reports" not in keys])
def test_whom_the_reports_entry_is_hidden_from_the_page_does_not_serve(
    client: Client, people: dict[str, Any], clock: Any, who: str
) -> None:
    clock.set(dt.date(2026, 1, 10))
    login(client, people[who])
    response = client.get("/staff/reports/")
    assert response.status_code == 200  # the page stays reachable; it has nothing for them
    assert NO_ROLE_FOR_REPORTS in text_of(response)


def test_the_statistics_entry_is_hidden_from_whom_it_would_cover_no_body(
    client: Client, region: Any, clock: Any
) -> None:
    clock.set(dt.date(2026, 1, 10))
    login(client, region.outsider)
    assert "我可以查看的全部机构（共0个）" in text_of(client.get("/staff/statistics/"))
