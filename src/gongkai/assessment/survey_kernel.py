"""The arithmetic of 民主评议 (docs/SPEC.md §7), over plain values, without Django.

A survey's grades each carry points (default 优秀 100 / 满意 80 / 基本满意 60 / 不满意 0) and say whether
they count as satisfied (优秀, 满意 and 基本满意 do; 不满意 does not). For one body:

* **the score** (0…100) is the weighted mean of the groups' means: each group of respondents (an
  invited panel, e.g. 人大代表 or 企业代表, or the public) has its mean of the points of its answers,
  and these means are averaged with the groups' weights. A group without answers for the body is
  left out and the weights of the others are used as they stand (weights are shares, not counts:
  200 群众 answers weigh what their group weighs, not 200 times a 人大代表's);
* **the satisfaction rate** is the share of answers whose grade counts as satisfied, over all
  answers of all groups, with its count and sample (never an average of rates).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

#: The default grades: (label, points, counts as satisfied).
DEFAULT_GRADES: tuple[tuple[str, int, bool], ...] = (
    ("优秀", 100, True),
    ("满意", 80, True),
    ("基本满意", 60, True),
    ("不满意", 0, False),
)

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Grade:
    label: str
    points: int
    satisfied: bool


def grades_from_json(data: Iterable[Mapping[str, object]]) -> list[Grade]:
    out = []
    for g in data:
        points = g.get("points", 0)
        out.append(
            Grade(
                str(g.get("label", "")),
                int(points) if isinstance(points, int | str) else 0,
                bool(g.get("satisfied")),
            )
        )
    return out


def grades_to_json(grades: Sequence[Grade]) -> list[dict[str, object]]:
    return [{"label": g.label, "points": g.points, "satisfied": g.satisfied} for g in grades]


def default_grades() -> list[Grade]:
    return [Grade(label, points, satisfied) for label, points, satisfied in DEFAULT_GRADES]


@dataclass(frozen=True)
class GroupTally:
    """One group's answers for one body: how many, the sum of their points, how many satisfied."""

    weight: Decimal
    answers: int
    points: int
    satisfied: int


@dataclass(frozen=True)
class BodyResult:
    answers: int
    satisfied: int
    #: 0…100 to two places; None without answers
    score: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        """The satisfaction rate (0…1, four places), None without answers."""
        if not self.answers:
            return None
        return (Decimal(self.satisfied) / Decimal(self.answers)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def body_result(groups: Iterable[GroupTally]) -> BodyResult:
    """The score and the satisfaction figures of one body from its groups' tallies."""
    answers = satisfied = 0
    weighted = Decimal(0)
    weights = Decimal(0)
    for g in groups:
        if not g.answers:
            continue
        answers += g.answers
        satisfied += g.satisfied
        if g.weight > 0:
            weighted += g.weight * Decimal(g.points) / Decimal(g.answers)
            weights += g.weight
    score = (weighted / weights).quantize(TWO_PLACES, ROUND_HALF_UP) if weights else None
    return BodyResult(answers, satisfied, score)
