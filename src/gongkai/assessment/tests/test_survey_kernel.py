"""The arithmetic of 民主评议 (assessment.survey_kernel, a pure kernel: no Django), worked by hand."""

from __future__ import annotations

from decimal import Decimal

from gongkai.assessment.survey_kernel import (
    Grade,
    GroupTally,
    body_result,
    default_grades,
    grades_from_json,
    grades_to_json,
)


def test_weighted_score_worked_by_hand() -> None:
    """Groups' means weighted by the groups' weights: 人大代表 (weight 30) answer 100 and 80, mean 90;
    the public (weight 40) answer 60, 0 and 60, mean 40; 企业代表 (weight 30) have no answer and are
    left out. Score = (30 × 90 + 40 × 40) / (30 + 40) = (2700 + 1600) / 70 = 61.43 (61.428…);
    satisfied 4 of 5 answers (the 0 is 不满意) = 0.8."""
    result = body_result(
        [
            GroupTally(Decimal(30), answers=2, points=180, satisfied=2),
            GroupTally(Decimal(40), answers=3, points=120, satisfied=2),
            GroupTally(Decimal(30), answers=0, points=0, satisfied=0),
        ]
    )
    assert result.score == Decimal("61.43")
    assert (result.answers, result.satisfied, result.rate) == (5, 4, Decimal("0.8000"))


def test_no_answers_no_score_and_a_weightless_group_counts_in_the_rate_only() -> None:
    assert body_result([]).score is None and body_result([]).rate is None
    # weight 0: its answers count for the satisfaction rate (2 of 3), not for the score (80 alone)
    result = body_result([GroupTally(Decimal(1), 1, 80, 1), GroupTally(Decimal(0), 2, 60, 1)])
    assert (result.score, result.satisfied, result.answers) == (Decimal("80.00"), 2, 3)


def test_default_grades_and_their_json() -> None:
    grades = default_grades()
    assert [(g.label, g.points, g.satisfied) for g in grades] == [
        ("优秀", 100, True),
        ("满意", 80, True),
        ("基本满意", 60, True),
        ("不满意", 0, False),
    ]
    assert grades_from_json(grades_to_json(grades)) == grades
    assert grades_from_json([{"label": "较差", "points": "20", "satisfied": False}]) == [
        Grade("较差", 20, False)
    ]
