"""The SVG charts (``gongkai.reports.charts``): pure, so checked on the text and on the parsed tree."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from gongkai.reports import charts
from gongkai.reports.charts import Reference, Series, bar_chart, format_number, line_chart, nice_ticks

MONTHS = tuple(f"{m}月" for m in range(1, 13))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own output, parsed to check its structure


def rects_with_titles(root: ET.Element) -> list[tuple[ET.Element, str]]:
    return [(r, t.text or "") for r in root.iter("rect") if (t := r.find("title")) is not None]


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (12, [0, 5, 10, 15]),  # step 2.4 → 5 (2.5 is not a whole number of items)
        (3, [0, 1, 2, 3]),
        (0, [0, 1]),  # an empty chart still has an axis
        (20, [0, 5, 10, 15, 20]),
        (1000, [0, 200, 400, 600, 800, 1000]),
        (7.5, [0, 2, 4, 6, 8]),
        (26, [0, 10, 20, 30]),
    ],
)
def test_ticks_are_round_whole_numbers(maximum: float, ticks: list[float]) -> None:
    assert nice_ticks(maximum) == ticks


def test_ticks_may_be_fractions_when_asked() -> None:
    assert nice_ticks(0.3, integer=False) == [0, 0.1, 0.2, 0.3]
    assert nice_ticks(12, integer=False) == [0, 2.5, 5, 7.5, 10, 12.5]


def test_numbers_are_shown_without_needless_decimals() -> None:
    assert [format_number(v) for v in (3, 3.0, 6.71, 0, None)] == ["3", "3", "6.7", "0", "—"]


def test_bar_chart_is_accessible_and_self_contained() -> None:
    svg = bar_chart(
        chart_id="c1",
        title="2026年各月发布条数",
        description="3月10条，4月5条。",
        categories=MONTHS,
        series=[Series("发布条数", (0, 0, 10, 5, 0, 0, 0, 0, 0, 0, 0, 0))],
        value_label="条数",
        category_label="发布月份",
    )
    root = parse(svg)
    assert root.tag == "svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find("title").get("id") == "c1-title"  # type: ignore[union-attr]
    assert root.find("title").text == "2026年各月发布条数"  # type: ignore[union-attr]
    assert root.find("desc").text == "3月10条，4月5条。"  # type: ignore[union-attr]
    # Nothing fetched from anywhere, nothing run.
    assert "http" not in svg and "<script" not in svg and "href" not in svg and "url(" not in svg
    texts = [t.text for t in root.iter("text")]
    assert texts[:2] == ["0", "2"]  # the value axis: 0, 2, 4 … 10
    assert "条数" in texts and "发布月份" in texts and "1月" in texts and "12月" in texts


def test_bar_heights_are_proportional_to_the_values() -> None:
    root = parse(
        bar_chart(
            chart_id="c",
            title="t",
            description="d",
            categories=MONTHS,
            series=[Series("发布条数", (0, 0, 10, 5, 0, 0, 0, 0, 0, 0, 0, 0))],
        )
    )
    bars = dict((title, r) for r, title in rects_with_titles(root))
    assert len(bars) == 12  # one bar per month, zero-height ones included
    march, april = bars["3月 发布条数：10"], bars["4月 发布条数：5"]
    assert float(march.get("height", 0)) == pytest.approx(2 * float(april.get("height", 0)))
    assert float(bars["1月 发布条数：0"].get("height", 1)) == 0
    # Bars stand on the same base line.
    assert float(march.get("y", 0)) + float(march.get("height", 0)) == pytest.approx(
        float(april.get("y", 0)) + float(april.get("height", 0))
    )
    # Months run left to right.
    assert float(march.get("x", 0)) < float(april.get("x", 0))


def test_names_are_escaped() -> None:
    svg = bar_chart(
        chart_id='x"y',
        title="<b>甲&乙</b>",
        description="d",
        categories=["A&B<机构>"],
        series=[Series("平均", (2,)), Series("最长", (3,))],
        horizontal=True,
    )
    root = parse(svg)  # well-formed despite the markup in the names
    assert root.find("title").text == "<b>甲&乙</b>"  # type: ignore[union-attr]
    assert "<机构>" not in svg and "A&amp;B&lt;机构&gt;" in svg
    assert root.get("id") == 'x"y'


def test_horizontal_bars_with_a_reference_line() -> None:
    """The 20-working-day limit of 第二十六条 drawn as a dashed line on the same scale as the bars."""
    root = parse(
        bar_chart(
            chart_id="t",
            title="成文至发布工作日数",
            description="d",
            categories=["测试市教育局", "测试县财政局"],
            series=[Series("平均工作日", (6.7, 2.0)), Series("最长工作日", (20.0, 2.0))],
            horizontal=True,
            reference=Reference(20, "时限：20个工作日"),
        )
    )
    bars = dict((title, r) for r, title in rects_with_titles(root))
    assert set(bars) == {
        "测试市教育局 平均工作日：6.7",
        "测试市教育局 最长工作日：20",
        "测试县财政局 平均工作日：2",
        "测试县财政局 最长工作日：2",
    }
    longest = bars["测试市教育局 最长工作日：20"]
    reference = root.find("g[@class='chart-reference']/line")
    assert reference is not None and reference.get("stroke-dasharray")
    assert float(longest.get("x", 0)) + float(longest.get("width", 0)) == pytest.approx(
        float(reference.get("x1", 0)), abs=0.01
    )
    assert float(bars["测试县财政局 平均工作日：2"].get("width", 0)) == pytest.approx(
        float(longest.get("width", 0)) / 10, abs=0.01
    )
    assert "时限：20个工作日" in [t.text for t in root.iter("text")]
    # Two series: a legend names them.
    legend = root.find("g[@class='chart-legend']")
    assert legend is not None and [t.text for t in legend.iter("text")] == ["平均工作日", "最长工作日"]


def test_a_missing_value_draws_no_bar() -> None:
    root = parse(
        bar_chart(
            chart_id="m",
            title="t",
            description="d",
            categories=["甲", "乙"],
            series=[Series("平均", (None, 4))],
        )
    )
    assert [title for _r, title in rects_with_titles(root)] == ["乙 平均：4"]


def test_line_chart_points_and_gaps() -> None:
    received = (1, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0)
    finished = (2, 0, 2, 1, None, None, 0, 0, 0, 0, 0, 0)
    svg = line_chart(
        chart_id="r",
        title="新收和办结",
        description="d",
        categories=MONTHS,
        series=[Series("新收申请", received), Series("办结", finished)],
        value_label="件数",
    )
    assert "http" not in svg
    root = parse(svg)
    lines = root.findall("g[@class='chart-line']")
    assert len(lines) == 2
    assert len(lines[0].findall("polyline")) == 1
    assert len(lines[0].find("polyline").get("points", "").split()) == 12  # type: ignore[union-attr]
    # May and June have no value: the line breaks into Jan–Apr and Jul–Dec.
    assert [len(p.get("points", "").split()) for p in lines[1].findall("polyline")] == [4, 6]
    assert len(lines[1].findall("circle")) == 10
    tips = [c.find("title").text for c in lines[0].findall("circle")]  # type: ignore[union-attr]
    assert tips[2] == "3月 新收申请：3"
    # Higher values are drawn higher (smaller y): March (3) above January (1) above February (0).
    ys = [float(c.get("cy", 0)) for c in lines[0].findall("circle")]
    assert ys[2] < ys[0] < ys[1]


def test_series_must_match_the_categories() -> None:
    with pytest.raises(ValueError, match="2 values for 12 categories"):
        line_chart(chart_id="e", title="t", description="d", categories=MONTHS, series=[Series("x", (1, 2))])
    with pytest.raises(ValueError, match="at least one series"):
        bar_chart(chart_id="e", title="t", description="d", categories=MONTHS, series=[])


def test_long_labels_are_shortened_with_the_full_name_kept() -> None:
    name = "测试市人民政府办公室政府信息与政务公开科（测试市政府门户网站管理中心）"
    root = parse(
        bar_chart(
            chart_id="l",
            title="t",
            description="d",
            categories=[name],
            series=[Series("平均", (3,))],
            horizontal=True,
            width=400,
        )
    )
    label = next(t for t in root.iter("text") if t.find("title") is not None)
    assert label.text is not None and label.text.endswith("…") and len(label.text) < len(name)
    assert label.find("title").text == name  # type: ignore[union-attr]
    assert charts.text_width(label.text[:-1]) <= 400 * 0.35
