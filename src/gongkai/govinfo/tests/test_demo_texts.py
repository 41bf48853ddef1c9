"""The demo's submission texts (``govinfo.demo.texts``, a pure module): for every unit's line of work
and every kind (docs/SPEC.md §8: 动态信息, 经验做法, 问题/反映, 建议/对策, 调研, 经济运行, 紧急信息),
the title's subject is in the body, the body fits its carrier (普刊 ≤ 200 字; 调研 as 专供信息 in
paragraphs: 基本情况、存在的问题、对策建议, the source papers' "有情况、有分析、有建议"), no slot is left
unfilled, and one seed writes one text."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gongkai.govinfo.demo.texts import Writer, make_unit
from gongkai.govinfo.demo.topics import DOMAINS, INDICATORS, STUDIES, UNIT_DOMAINS
from gongkai.govinfo.lengths import count_chars

TOWNS = (("砀山县", "周寨镇"), ("萧县", "黄口镇"), ("灵璧县", "韦集镇"))
DAY = dt.date(2026, 5, 12)


def writer(slug: str, seed: int = 1) -> Writer:
    if "-" in slug:
        unit = make_unit(slug, f"宿州{slug}", "市某局", "city")
    else:
        unit = make_unit(slug, "砀山县人民政府", "砀山县政府", "county", ("周寨镇", "李庄镇", "葛集镇"))
    return Writer(unit, random.Random(seed), TOWNS)


@pytest.mark.parametrize("slug", sorted(UNIT_DOMAINS))
def test_every_kind_of_every_unit_fits(slug: str) -> None:
    w = writer(slug)
    for _ in range(6):
        for kind in ("dynamic", "experience", "problem", "proposal"):
            text = getattr(w, kind)(DAY)
            assert text.keys and all(k in text.plain for k in text.keys), (kind, text.title)
            assert text.length <= 200, (kind, text.title, text.length)
            assert "{" not in text.plain and "}" not in text.plain
        economy = w.economy(DAY)
        assert (economy is not None) == (UNIT_DOMAINS[slug] in INDICATORS)
        if economy is not None:
            assert economy.title.startswith("4月份")  # 当月报: May reports April
            assert all(k in economy.plain for k in economy.keys) and economy.length <= 200
        urgent = w.emergency(dt.datetime(2026, 5, 3, 14))
        assert all(k in urgent.plain for k in urgent.keys) and "5月3日14时许" in urgent.plain


def test_a_county_writes_as_a_county() -> None:
    w = writer("dsx", seed=3)
    text = w.dynamic(DAY, DOMAINS["county"][0])
    if text.title.startswith("砀山县召开"):
        assert text.title == "砀山县召开全县乡村振兴工作推进会"
    problem = w.problem(DAY, DOMAINS["county"][0])
    assert "全县乡村振兴存在以下问题" in problem.plain
    assert "砀山酥梨" in "".join(w.research(DAY, DOMAINS["county"][0]).paragraphs)


@pytest.mark.parametrize("name", sorted(STUDIES))
def test_research_reads_as_a_report(name: str) -> None:
    domain = next(d for d, topics in DOMAINS.items() if any(t.name == name for t in topics))
    slug = next(s for s, d in UNIT_DOMAINS.items() if d == domain)
    topic = next(t for t in DOMAINS[domain] if t.name == name)
    text = writer(slug).research(DAY, topic)
    assert name in text.title and name in text.paragraphs[0]
    heads = [p for p in text.paragraphs if p in ("一、基本情况", "二、存在的问题", "三、对策建议")]
    assert heads == ["一、基本情况", "二、存在的问题", "三、对策建议"]
    assert len(set(text.paragraphs)) == len(text.paragraphs) >= 10  # nothing said twice
    assert 600 <= count_chars(text.plain) <= 1650  # 专供信息 ≈ 1,500 (10% over allowed)
    # Each problem comes with its cause (the study), each proposal with who and when.
    assert sum(p.startswith("（") for p in text.paragraphs) == len(topic.problems) + len(topic.proposals)


def test_one_seed_writes_one_text() -> None:
    a, b = writer("sz-jyj", seed=7), writer("sz-jyj", seed=7)
    assert [a.experience(DAY).plain for _ in range(3)] == [b.experience(DAY).plain for _ in range(3)]


def test_the_two_reports_of_one_meeting_differ_only_by_the_hosts_words() -> None:
    topic = DOMAINS["agriculture"][0]
    dept = writer("sz-nyncj").field_meeting(DAY, topic, "砀山县", "周寨镇", 99, host_side=False)
    host = writer("dsx").field_meeting(DAY, topic, "砀山县", "周寨镇", 99, host_side=True)
    assert dept.title == host.title == "全市高标准农田建设现场推进会在砀山县召开"
    assert host.plain.replace("砀山县在会上作了典型发言。", "") == dept.plain


def test_two_counties_report_one_inspection_nearly_alike() -> None:
    topic = DOMAINS["county"][2]
    sites = (("灵璧县", "灵城镇"), ("泗县", "泗城镇"))
    lbx = Writer(
        make_unit("lbx", "灵璧县人民政府", "灵璧县政府", "county", ("灵城镇",)), random.Random(1), TOWNS
    )
    sx = Writer(make_unit("sx", "泗县人民政府", "泗县政府", "county", ("泗城镇",)), random.Random(2), TOWNS)
    a, b = lbx.inspection(DAY, topic, sites, 5), sx.inspection(DAY, topic, sites, 5)
    assert a.title == b.title == "省政府督查组来宿督查项目建设工作"
    assert a.plain.replace("灵璧县灵城镇的做法", "泗县泗城镇的做法") == b.plain
