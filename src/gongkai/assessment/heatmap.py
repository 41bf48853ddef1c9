"""Colour scales of the assessment dashboards (docs/SPEC.md §7): the heat map of overdue work
(bodies × months) and the region's tree coloured by score. Pure: no Django.

The pages draw both as HTML (a table, a nested list) whose every cell also carries its number in
text, so the colour is never the only carrier of a figure (WCAG 1.4.1). A swatch is a CSS class of
``assessment/dashboards.css`` (a background with a text colour that reads on it, contrast ≥ 4.5:1:
the page's Content-Security-Policy allows no inline style) and the range it stands for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "HEAT_STEPS",
    "NO_SCORE",
    "SCORE_STEPS",
    "Swatch",
    "heat_colour",
    "heat_legend",
    "heat_step",
    "score_colour",
    "score_legend",
]


@dataclass(frozen=True)
class Swatch:
    #: the CSS class of its colours
    css: str
    #: the range it stands for, e.g. "1–2" or "≥ 90"
    label: str = ""


#: Five steps of overdue work, from none (white) to the worst of the table (dark red).
HEAT_STEPS: tuple[Swatch, ...] = tuple(Swatch(f"heat-{step}") for step in range(5))

#: Lower bounds of the score colours (the display scale of the tree, not a scheme's grades: a
#: scheme's grades are configuration and are shown in words next to the colour).
SCORE_STEPS: tuple[tuple[Decimal, Swatch], ...] = (
    (Decimal(90), Swatch("score-90", "≥ 90")),
    (Decimal(80), Swatch("score-80", "80–89.99")),
    (Decimal(70), Swatch("score-70", "70–79.99")),
    (Decimal(60), Swatch("score-60", "60–69.99")),
    (Decimal(0), Swatch("score-0", "< 60")),
)
#: A body without a result in the round (not assessed, or not yet final).
NO_SCORE = Swatch("score-none", "—")


def heat_step(value: int, maximum: int) -> int:
    """The step (0…4) of ``value`` on a table whose largest cell is ``maximum``: 0 only for no
    overdue work at all; otherwise the value's quarter of the maximum, rounded up (1…4)."""
    if value <= 0 or maximum <= 0:
        return 0
    value = min(value, maximum)
    # ceil(4 · value / maximum) in integers
    return max(1, min(4, -(-4 * value // maximum)))


def heat_colour(value: int, maximum: int) -> Swatch:
    return HEAT_STEPS[heat_step(value, maximum)]


def heat_legend(maximum: int) -> list[Swatch]:
    """One swatch per step with the values it covers on a table whose largest cell is ``maximum``."""
    out = [Swatch(HEAT_STEPS[0].css, "0")]
    if maximum <= 0:
        return out
    low = 1
    for step in range(1, 5):
        high = step * maximum // 4  # the largest value with ceil(4 · value / maximum) == step
        if high < low:
            continue
        label = str(low) if high == low else f"{low}–{high}"
        out.append(Swatch(HEAT_STEPS[step].css, label))
        low = high + 1
    return out


def score_colour(total: Decimal | None) -> Swatch:
    """The colour of a body's total (out of 100) on the tree; grey without a total."""
    if total is None:
        return NO_SCORE
    for lower, swatch in SCORE_STEPS:
        if total >= lower:
            return swatch
    return SCORE_STEPS[-1][1]


def score_legend() -> Sequence[Swatch]:
    return [swatch for _, swatch in SCORE_STEPS]
