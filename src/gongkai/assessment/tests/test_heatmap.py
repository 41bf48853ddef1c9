"""The colour steps of the assessment dashboards (assessment.heatmap, a pure kernel: no Django)."""

from __future__ import annotations

from decimal import Decimal

from gongkai.assessment import heatmap


def test_heat_steps_are_quarters_of_the_tables_maximum_rounded_up() -> None:
    # ceil(4 × value / 8): 1 → 1, 2 → 1, 3 → 2, 4 → 2, 8 → 4; above the maximum stays 4
    assert [heatmap.heat_step(v, 8) for v in (0, 1, 2, 3, 4, 8, 9)] == [0, 1, 1, 2, 2, 4, 4]
    assert heatmap.heat_step(5, 0) == 0 and heatmap.heat_step(-1, 5) == 0
    assert heatmap.heat_colour(6, 6).css == "heat-4" and heatmap.heat_colour(0, 6).css == "heat-0"


def test_heat_legend_gives_each_step_its_values() -> None:
    assert [s.label for s in heatmap.heat_legend(6)] == ["0", "1", "2–3", "4", "5–6"]
    assert [s.label for s in heatmap.heat_legend(3)] == ["0", "1", "2", "3"]
    assert [s.css for s in heatmap.heat_legend(3)] == ["heat-0", "heat-2", "heat-3", "heat-4"]
    assert [s.label for s in heatmap.heat_legend(0)] == ["0"]
    assert [s.label for s in heatmap.heat_legend(1)] == ["0", "1"]


def test_score_colours_by_total() -> None:
    assert heatmap.score_colour(Decimal("100")).css == "score-90"
    assert heatmap.score_colour(Decimal("90")).css == "score-90"
    assert heatmap.score_colour(Decimal("89.99")).css == "score-80"
    assert heatmap.score_colour(Decimal("70")).css == "score-70"
    assert heatmap.score_colour(Decimal("60")).css == "score-60"
    assert heatmap.score_colour(Decimal("59.99")).css == "score-0"
    assert heatmap.score_colour(Decimal("-5")).css == "score-0"
    assert heatmap.score_colour(None) is heatmap.NO_SCORE
    assert [s.label for s in heatmap.score_legend()] == ["≥ 90", "80–89.99", "70–79.99", "60–69.99", "< 60"]
