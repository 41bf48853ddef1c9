"""The demo's 自查报告 read as each body's own (UX walk: every body had the same summary and notes):
written for its name and kind — a 县（区）人民政府, a 市直部门, a 乡镇 — from its own indicator
figures, the same words for the same body every time (``assessment.demo.texts``), and in the built
demo every body of a round says something else, with its own figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from gongkai.assessment.demo import texts
from gongkai.assessment.models import Round, RoundBody
from gongkai.orgs.models import Organization

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
QUARTER = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def _org(name: str, kind: str, level: str, slug: str) -> Organization:
    return Organization(name=name, kind=kind, level=level, slug=slug, disclosure_office="办公室")


COUNTY = _org("萧县人民政府", "government", "county", "xx")
BUREAU = _org("宿州市教育局", "department", "city", "sz-jyj")
TOWN = _org("萧县龙城镇人民政府", "government", "township", "xx-lcz")


def figures(**values: Any) -> dict[str, Any]:
    return {code: {"value": None if v is None else str(v)} for code, v in values.items()}


BUSY = figures(items_published=12, items_late=2, columns_empty=3, columns_stale=0, requests_received=7)
BUSY["requests_overdue"] = {"value": "1"}
BUSY["annual_report_on_time"] = {
    "value": "1",
    "detail": {"year": 2024, "due": "2025-01-31", "published_on": "2025-01-20"},
}


def test_each_kind_of_body_speaks_of_itself_from_its_figures() -> None:
    county, bureau, town = (texts.summary(o, BUSY, *YEAR) for o in (COUNTY, BUREAU, TOWN))
    assert len({county, bureau, town}) == 3
    assert county.startswith("2025年，萧县人民政府") and "我县将" in county and "财政预决算" in county
    assert "宿州市教育局" in bureau and "本局将" in bureau and "招生入学" in bureau
    assert "我镇将" in town and "低保" in town
    for text in (county, bureau, town):
        assert "全年主动公开政府信息12条" in text and "办理政府信息公开申请7件" in text
        assert "2条信息公开不够及时" in text and "3个栏目尚为空白" in text
    timeliness = texts.note("1.1", "公开时效", BUREAU, BUSY, *YEAR)
    assert (
        timeliness.startswith("2025年本局主动公开政府信息12条") and "其中2条超过20个工作日公开" in timeliness
    )
    assert "逾期答复1件" in texts.note("2.1", "答复时限", COUNTY, BUSY, *YEAR)
    report = texts.note("3.1", "按时公布", BUREAU, BUSY, *YEAR)
    assert (
        report == "2024年度政府信息公开工作年度报告已于2025年1月20日在门户网站公布，早于2025年1月31日的期限。"
    )
    columns = texts.note("1.2", "公开要素和栏目维护", BUREAU, BUSY, *YEAR)
    assert "空白栏目3个" in columns and "未按更新周期" not in columns
    assert "栏目" not in texts.note("1.2", "公开要素", BUREAU, BUSY, *YEAR)  # the standard scheme's 1.2
    assert "分管副县长" in texts.note("4.1", "组织领导", COUNTY, BUSY, *YEAR)
    assert "党政办公室" in texts.note("4.1", "组织领导", TOWN, BUSY, *YEAR)


def test_the_words_follow_the_figures_and_the_period_and_never_change_by_themselves() -> None:
    quiet = figures(items_published=4, items_late=0, requests_received=0)
    assert texts.summary(BUREAU, BUSY, *YEAR) == texts.summary(BUREAU, BUSY, *YEAR)
    assert texts.summary(BUREAU, quiet, *YEAR) != texts.summary(BUREAU, BUSY, *YEAR)
    assert "未收到政府信息公开申请" in texts.note("2.1", "答复时限", BUREAU, quiet, *YEAR)
    assert texts.summary(BUREAU, quiet, *QUARTER).startswith("2026年第三季度，宿州市教育局")
    assert "季度内主动公开政府信息4条" in texts.summary(BUREAU, quiet, *QUARTER)
    # A body scoring itself below the maximum says where it falls short.
    full = texts.note("4.2", "制度建设", BUREAU, quiet, *YEAR)
    assert texts.note("4.2", "制度建设", BUREAU, quiet, *YEAR, short=Decimal(2)) != full


@pytest.mark.django_db
def test_the_built_demo_reports_differ_body_by_body(clock: Any) -> None:
    from gongkai.demo.builder import build_demo

    clock.set(dt.date(2026, 11, 16))
    build_demo(items=300, seed=2008, echo=lambda _: None)
    finished = Round.objects.get(state="final")
    bodies = list(RoundBody.objects.filter(round=finished).select_related("organization"))
    summaries = [rb.summary for rb in bodies]
    assert len(bodies) > 20 and len(set(summaries)) == len(summaries)
    for rb in bodies:
        items = int(rb.indicators["items_published"]["value"])
        assert rb.organization.name in rb.summary and f"全年主动公开政府信息{items}条" in rb.summary
        notes = dict(rb.scores.values_list("criterion__code", "self_note"))
        assert notes["1.1"].startswith(f"{finished.period_start.year}年")
    first = dict(bodies[0].scores.values_list("criterion__code", "self_note"))
    second = dict(bodies[1].scores.values_list("criterion__code", "self_note"))
    assert first["4.1"] != second["4.1"] and first["1.2"] != second["1.2"]
