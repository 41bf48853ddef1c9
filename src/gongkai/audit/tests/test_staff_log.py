"""操作日志 (issue 12 item 7): a supervisor searches the audit log of the bodies of their region only
(an event of a body outside it never shows, whatever the URL asks), a system administrator
everything, nobody else has the screen; the filters; bad dates are a 400 with a Chinese message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from gongkai.audit.log import record
from gongkai.backoffice.menu import menu_for
from gongkai.orgs.models import Organization
from gongkai.testing import UserFactory, login_verified

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:audit_log")


@pytest.fixture
def events(region: Any, clock: Any) -> dict[str, Any]:
    outside = Organization.objects.create(name="外市人民政府", slug="elsewhere")
    clock.set(dt.date(2026, 3, 2))
    item = record(actor=region.editor, action="item.published", organization=region.dept, target=region.dept,
                  reason="按期公开mkinside")  # fmt: skip
    clock.set(dt.date(2026, 3, 9))
    county = record(actor=region.county_editor, action="item.withdrawn", organization=region.county_dept,
                    reason="县里撤回mkcounty")  # fmt: skip
    foreign = record(
        actor=region.editor, action="item.published", organization=outside, reason="外市mkoutside"
    )
    loose = record(actor=region.admin, action="settings.changed", reason="无机构mkloose")
    return {"outside": outside, "item": item, "county": county, "foreign": foreign, "loose": loose}


def test_a_supervisor_sees_the_region_only_even_via_url_params(client, region, events) -> None:
    login_verified(client, region.supervisor)
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "mkinside" in html and "mkcounty" in html
    assert "mkoutside" not in html and "mkloose" not in html
    asked = client.get(URL, {"org": events["outside"].pk})
    assert asked.status_code == 400 and "mkoutside" not in asked.content.decode()
    assert "不在您的查看范围内" in asked.content.decode()
    export = client.get(reverse("backoffice:audit_log_export"), {"q": "mk"})
    assert export.status_code == 200 and b"mkoutside" not in export.content


def test_a_system_admin_sees_everything_others_have_no_screen(client, region, events) -> None:
    admin = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    login_verified(client, admin)
    html = client.get(URL).content.decode()
    assert all(m in html for m in ("mkinside", "mkcounty", "mkoutside", "mkloose"))
    assert "audit_log" in [m.key for m in menu_for(admin)]
    client.logout()
    login_verified(client, region.editor)
    assert client.get(URL).status_code == 403
    assert "audit_log" not in [m.key for m in menu_for(region.editor)]
    assert "audit_log" in [m.key for m in menu_for(region.supervisor)]


def test_filters(client, region, events) -> None:
    login_verified(client, region.supervisor)

    def shown(**params: Any) -> set[str]:
        page = client.get(URL, params)
        assert page.status_code == 200, page.content.decode()[:500]
        html = page.content.decode()
        return {m for m in ("mkinside", "mkcounty") if m in html}

    assert shown(person="editor") == {"mkinside"}
    assert shown(person="县录入") == {"mkcounty"}
    assert shown(action="item.withdrawn") == {"mkcounty"}
    assert client.get(URL, {"action": "no.such"}).status_code == 400
    assert shown(org=region.dept.pk) == {"mkinside"}
    assert shown(org=region.county.pk) == set()
    assert shown(org=region.county.pk, below="on") == {"mkcounty"}
    assert shown(start="2026-03-05") == {"mkcounty"}
    assert shown(end="2026-03-02") == {"mkinside"}
    assert shown(q="县里") == {"mkcounty"}
    # the record's page is linked where it has one (here: none for an organization)
    assert "按期公开mkinside" in client.get(URL, {"q": "按期"}).content.decode()


def test_bad_dates_are_a_400_in_chinese(client, region, events) -> None:
    login_verified(client, region.supervisor)
    bad = client.get(URL, {"start": "2026-13-40"})
    assert bad.status_code == 400 and "起始日期格式不正确" in bad.content.decode()
    backwards = client.get(URL, {"start": "2026-03-10", "end": "2026-03-01"})
    assert backwards.status_code == 400 and "截止日期不能早于起始日期" in backwards.content.decode()
    page = client.get(URL, {"page": "x"})
    assert page.status_code == 400 and "页码不正确" in page.content.decode()
    assert client.get(reverse("backoffice:audit_log_export"), {"end": "昨天"}).status_code == 400


def test_the_details_name_the_data_keys_in_the_readers_language(client, region, clock) -> None:
    """The data of an event is shown by the labels its app registers for the keys
    (``core.registry.audit_data_label``), in Chinese, and in English in the English back office —
    never the keys of the code (``self_total_before``, ``changed``, ``from``)."""
    clock.set(dt.date(2026, 3, 2))
    record(actor=region.supervisor, action="assessment.indicators_refreshed", organization=region.dept,
           data={"body": "测试市教育局", "self_total_before": "80", "self_total": "85"})  # fmt: skip
    record(actor=region.supervisor, action="assessment.scheme_edited", organization=region.dept,
           data={"changed": ["name", "config"]})  # fmt: skip
    record(actor=region.supervisor, action="assessment.scheme_versioned", organization=region.dept,
           data={"from": 1, "to": 2})  # fmt: skip
    record(actor=region.supervisor, action="assessment.criterion_saved", organization=region.dept,
           data={"criterion": "A1", "new": True, "changed": []})  # fmt: skip
    record(actor=region.supervisor, action="assessment.objection_decided", organization=region.dept,
           data={"body": "测试市教育局", "outcome": "upheld", "change": {}})  # fmt: skip
    record(actor=region.supervisor, action="assessment.overrun_policy_saved", organization=region.dept,
           data={"after": {"kinds": ["items_late"], "period": "quarter", "threshold": 3}})  # fmt: skip
    login_verified(client, region.supervisor)
    html = client.get(URL).content.decode()
    assert "单位：测试市教育局；处理结果：采纳" in html  # a code by its model's label
    assert "调整后：超期事项：超过20个工作日公开的信息，期间：季度，通报批评阈值：3" in html
    # the keys in the order the database keeps them (PostgreSQL's jsonb sorts them by length)
    for part in ("单位：测试市教育局", "重新计算前自评总分：80", "自评总分：85"):
        assert part in html
    assert "变更：名称、计分配置" in html
    for part in ("原：1", "新：2", "指标：A1", "新增：是"):
        assert part in html
    for key in ("self_total_before", "changed：", "from：", "criterion："):
        assert key not in html
    with translation.override("zh-hans"):  # the English request leaves English active: not for later tests
        english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for part in (
        "Body: 测试市教育局",
        "Self-assessed total before recalculation: 80",
        "Self-assessed total: 85",
    ):
        assert part in english
    assert "Changed: Name, Scoring configuration" in english
    assert "From: 1" in english and "To: 2" in english
    assert "Added: Yes" in english
    assert "Decision: Upheld" in english
