"""Server-rendered SVG charts for the statistics pages (统计图表): bar and line charts from numbers.

Pure: no Django, no JavaScript, no external asset. Each function returns the text of one inline
``<svg>`` element, meant to be placed in an HTML page (so it carries no ``xmlns`` — the HTML parser
puts ``<svg>`` in the SVG namespace — and nothing that starts with ``http``). Every chart is
accessible on its own: ``role="img"`` labelled by its ``<title>`` and ``<desc>``, and every bar or
point has a ``<title>`` with its category, series and value (shown as a tooltip). The page shows the
same figures as a table under the chart, so nobody depends on the picture.

All text put into the SVG is escaped here; the caller may mark the result safe.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Reference", "Series", "bar_chart", "format_number", "line_chart", "nice_ticks"]

#: Colours with a contrast of at least 3:1 against white (WCAG 1.4.11, graphical objects).
PALETTE = ("#1f5fa8", "#c2410c", "#15803d", "#7c3aed", "#a16207", "#0f766e", "#be123c", "#4b5563")
TEXT = "#1f2937"
MUTED = "#4b5563"
GRID = "#d1d5db"
AXIS = "#6b7280"
FONT_SIZE = 13
SMALL = 12


@dataclass(frozen=True)
class Series:
    """One named series of values, one per category; ``None`` means no value (drawn as a gap)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Reference:
    """A marked value on the value axis, e.g. the 20-working-day limit of 第二十六条."""

    value: float
    label: str


def format_number(value: float | None) -> str:
    """Whole numbers without decimals, others with one (3 → "3", 3.25 → "3.3"); None → "—"."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def nice_ticks(maximum: float, *, count: int = 5, integer: bool = True) -> list[float]:
    """Tick values from 0 to a round number at or above ``maximum`` (at most about ``count`` + 1).

    Steps are 1, 2, 2.5 or 5 times a power of ten (whole numbers only when ``integer``), so the axis
    reads 0, 5, 10, 15 … rather than 0, 3.4, 6.8 …. An empty chart still gets the axis 0–1.
    """
    if maximum <= 0 or math.isnan(maximum):
        maximum = 1
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = magnitude
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if integer and not float(step).is_integer():
            continue
        if step >= raw:
            break
    if integer:
        step = max(1, step)
    top = math.ceil(maximum / step - 1e-9) * step
    n = round(top / step)
    return [round(i * step, 10) for i in range(n + 1)]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Approximate rendered width: Chinese characters are one em wide, Latin letters and digits ~0.6."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def _shorten(text: str, width: float, size: float = FONT_SIZE) -> str:
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…"


def _f(value: float) -> str:
    """A coordinate, short (two decimals at most, no trailing zeros)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _open_svg(chart_id: str, width: float, height: float, title: str, description: str) -> list[str]:
    cid = escape(chart_id)
    return [
        # Drawn at its own width, never wider than its container (.chart in backoffice.css): no
        # style attribute, which the Content-Security-Policy (style-src 'self') would block.
        f'<svg class="chart" id="{cid}" viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" '
        f'role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-size="{FONT_SIZE}" fill="{TEXT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]


def _legend(series: Sequence[Series], x: float, y: float, *, line: bool = False) -> list[str]:
    """A row of swatches with the series names, starting at (x, y)."""
    parts = ['<g class="chart-legend">']
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        if line:
            parts.append(
                f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + 16)}" y2="{_f(y)}" stroke="{colour}" '
                f'stroke-width="2.5"/><circle cx="{_f(x + 8)}" cy="{_f(y)}" r="3.5" fill="{colour}"/>'
            )
        else:
            parts.append(f'<rect x="{_f(x)}" y="{_f(y - 6)}" width="12" height="12" fill="{colour}"/>')
        label_x = x + 22
        parts.append(f'<text x="{_f(label_x)}" y="{_f(y + 4.5)}">{escape(s.name)}</text>')
        x = label_x + text_width(s.name) + 18
    parts.append("</g>")
    return parts


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    if not series:
        raise ValueError("a chart needs at least one series")
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(categories)} categories")


def _maximum(series: Sequence[Series], reference: Reference | None) -> float:
    values = [v for s in series for v in s.values if v is not None]
    if reference is not None:
        values.append(reference.value)
    return max(values, default=0)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: str = "",
    category_label: str = "",
    horizontal: bool = False,
    reference: Reference | None = None,
    integer: bool = True,
    width: float = 720,
) -> str:
    """A bar chart: one group of bars per category, one bar per series.

    Vertical bars suit few short categories (months); ``horizontal`` bars suit many or long ones (the
    names of bodies) and grow downwards with the number of categories.
    """
    _check(categories, series)
    ticks = nice_ticks(_maximum(series, reference), integer=integer)
    top = ticks[-1]
    legend = len(series) > 1
    if horizontal:
        return _horizontal_bars(
            chart_id, title, description, categories, series, value_label, reference, ticks, legend, width
        )
    height = 320.0
    left, right = 56.0, 16.0
    plot_top = 44.0 if legend else 20.0
    plot_bottom = height - (56.0 if category_label else 36.0)
    plot_h = plot_bottom - plot_top
    plot_w = width - left - right
    parts = _open_svg(chart_id, width, height, title, description)
    if legend:
        parts += _legend(series, left, 16)
    parts.append('<g class="chart-axis">')
    for t in ticks:
        y = plot_bottom - plot_h * t / top
        parts.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(width - right)}" y2="{_f(y)}" stroke="{GRID}"/>'
            f'<text x="{_f(left - 6)}" y="{_f(y + 4)}" text-anchor="end" font-size="{SMALL}" '
            f'fill="{MUTED}">{format_number(t)}</text>'
        )
    parts.append(
        f'<line x1="{_f(left)}" y1="{_f(plot_bottom)}" x2="{_f(width - right)}" y2="{_f(plot_bottom)}" '
        f'stroke="{AXIS}"/>'
    )
    if value_label:
        cy = plot_top + plot_h / 2
        parts.append(
            f'<text x="14" y="{_f(cy)}" text-anchor="middle" transform="rotate(-90 14 {_f(cy)})" '
            f'fill="{MUTED}">{escape(value_label)}</text>'
        )
    if category_label:
        parts.append(
            f'<text x="{_f(left + plot_w / 2)}" y="{_f(height - 8)}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(category_label)}</text>'
        )
    parts.append("</g>")
    slot = plot_w / max(1, len(categories))
    bar_w = slot * 0.7 / len(series)
    parts.append('<g class="chart-bars">')
    for ci, category in enumerate(categories):
        x0 = left + slot * ci + slot * 0.15
        label = _shorten(category, slot - 2, SMALL)
        parts.append(
            f'<text x="{_f(left + slot * ci + slot / 2)}" y="{_f(plot_bottom + 18)}" text-anchor="middle" '
            f'font-size="{SMALL}">{escape(label)}</text>'
        )
        for si, s in enumerate(series):
            value = s.values[ci]
            if value is None:
                continue
            h = plot_h * value / top
            x = x0 + bar_w * si
            tip = f"{category} {s.name}：{format_number(value)}"
            parts.append(
                f'<rect x="{_f(x)}" y="{_f(plot_bottom - h)}" width="{_f(bar_w)}" height="{_f(h)}" '
                f'fill="{PALETTE[si % len(PALETTE)]}"><title>{escape(tip)}</title></rect>'
            )
            if value and len(series) == 1:
                parts.append(
                    f'<text x="{_f(x + bar_w / 2)}" y="{_f(plot_bottom - h - 4)}" text-anchor="middle" '
                    f'font-size="{SMALL}">{format_number(value)}</text>'
                )
    parts.append("</g>")
    if reference is not None:
        y = plot_bottom - plot_h * reference.value / top
        parts.append(
            f'<g class="chart-reference"><line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(width - right)}" '
            f'y2="{_f(y)}" stroke="{PALETTE[6]}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{_f(width - right)}" y="{_f(y - 5)}" text-anchor="end" fill="{PALETTE[6]}">'
            f"{escape(reference.label)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _horizontal_bars(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: str,
    reference: Reference | None,
    ticks: list[float],
    legend: bool,
    width: float,
) -> str:
    top = ticks[-1]
    label_room = min(max((text_width(c) for c in categories), default=0), width * 0.35)
    left = label_room + 16
    right = 24.0
    plot_top = 44.0 if legend else 20.0
    row_h = 14.0 + 14.0 * len(series)
    plot_h = row_h * max(1, len(categories))
    plot_bottom = plot_top + plot_h
    height = plot_bottom + (48.0 if value_label else 28.0)
    plot_w = width - left - right
    parts = _open_svg(chart_id, width, height, title, description)
    if legend:
        parts += _legend(series, left, 16)
    parts.append('<g class="chart-axis">')
    for t in ticks:
        x = left + plot_w * t / top
        parts.append(
            f'<line x1="{_f(x)}" y1="{_f(plot_top)}" x2="{_f(x)}" y2="{_f(plot_bottom)}" stroke="{GRID}"/>'
            f'<text x="{_f(x)}" y="{_f(plot_bottom + 18)}" text-anchor="middle" font-size="{SMALL}" '
            f'fill="{MUTED}">{format_number(t)}</text>'
        )
    parts.append(
        f'<line x1="{_f(left)}" y1="{_f(plot_top)}" x2="{_f(left)}" y2="{_f(plot_bottom)}" stroke="{AXIS}"/>'
    )
    if value_label:
        parts.append(
            f'<text x="{_f(left + plot_w / 2)}" y="{_f(height - 8)}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(value_label)}</text>'
        )
    parts.append("</g>")
    bar_h = 12.0
    parts.append('<g class="chart-bars">')
    for ci, category in enumerate(categories):
        y0 = plot_top + row_h * ci + 7
        parts.append(
            f'<text x="{_f(left - 8)}" y="{_f(plot_top + row_h * ci + row_h / 2 + 4.5)}" text-anchor="end">'
            f"{escape(_shorten(category, label_room))}<title>{escape(category)}</title></text>"
        )
        for si, s in enumerate(series):
            value = s.values[ci]
            if value is None:
                continue
            w = plot_w * value / top
            y = y0 + (bar_h + 2) * si
            tip = f"{category} {s.name}：{format_number(value)}"
            parts.append(
                f'<rect x="{_f(left)}" y="{_f(y)}" width="{_f(w)}" height="{_f(bar_h)}" '
                f'fill="{PALETTE[si % len(PALETTE)]}"><title>{escape(tip)}</title></rect>'
                f'<text x="{_f(left + w + 4)}" y="{_f(y + bar_h - 2)}" font-size="{SMALL}">'
                f"{format_number(value)}</text>"
            )
    parts.append("</g>")
    if reference is not None:
        x = left + plot_w * reference.value / top
        parts.append(
            f'<g class="chart-reference"><line x1="{_f(x)}" y1="{_f(plot_top - 4)}" x2="{_f(x)}" '
            f'y2="{_f(plot_bottom)}" stroke="{PALETTE[6]}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{_f(x - 4)}" y="{_f(plot_top - 8)}" text-anchor="end" fill="{PALETTE[6]}">'
            f"{escape(reference.label)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: str = "",
    category_label: str = "",
    integer: bool = True,
    width: float = 720,
) -> str:
    """A line chart: one line per series across the categories (e.g. months), with a marker per
    value. A ``None`` value breaks the line."""
    _check(categories, series)
    ticks = nice_ticks(_maximum(series, None), integer=integer)
    top = ticks[-1]
    height = 320.0
    left, right = 56.0, 16.0
    plot_top = 44.0
    plot_bottom = height - (56.0 if category_label else 36.0)
    plot_h = plot_bottom - plot_top
    plot_w = width - left - right
    slot = plot_w / max(1, len(categories))
    parts = _open_svg(chart_id, width, height, title, description)
    parts += _legend(series, left, 16, line=True)
    parts.append('<g class="chart-axis">')
    for t in ticks:
        y = plot_bottom - plot_h * t / top
        parts.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(width - right)}" y2="{_f(y)}" stroke="{GRID}"/>'
            f'<text x="{_f(left - 6)}" y="{_f(y + 4)}" text-anchor="end" font-size="{SMALL}" '
            f'fill="{MUTED}">{format_number(t)}</text>'
        )
    parts.append(
        f'<line x1="{_f(left)}" y1="{_f(plot_bottom)}" x2="{_f(width - right)}" y2="{_f(plot_bottom)}" '
        f'stroke="{AXIS}"/>'
    )
    for ci, category in enumerate(categories):
        parts.append(
            f'<text x="{_f(left + slot * ci + slot / 2)}" y="{_f(plot_bottom + 18)}" text-anchor="middle" '
            f'font-size="{SMALL}">{escape(_shorten(category, slot - 2, SMALL))}</text>'
        )
    if value_label:
        cy = plot_top + plot_h / 2
        parts.append(
            f'<text x="14" y="{_f(cy)}" text-anchor="middle" transform="rotate(-90 14 {_f(cy)})" '
            f'fill="{MUTED}">{escape(value_label)}</text>'
        )
    if category_label:
        parts.append(
            f'<text x="{_f(left + plot_w / 2)}" y="{_f(height - 8)}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(category_label)}</text>'
        )
    parts.append("</g>")
    for si, s in enumerate(series):
        colour = PALETTE[si % len(PALETTE)]
        parts.append(f'<g class="chart-line" fill="{colour}">')
        segment: list[str] = []
        points: list[str] = []
        for ci, value in enumerate(s.values):
            if value is None:
                if len(segment) > 1:
                    points.append(" ".join(segment))
                segment = []
                continue
            x = left + slot * ci + slot / 2
            y = plot_bottom - plot_h * value / top
            segment.append(f"{_f(x)},{_f(y)}")
        if len(segment) > 1:
            points.append(" ".join(segment))
        for p in points:
            parts.append(f'<polyline points="{p}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for ci, value in enumerate(s.values):
            if value is None:
                continue
            x = left + slot * ci + slot / 2
            y = plot_bottom - plot_h * value / top
            tip = f"{categories[ci]} {s.name}：{format_number(value)}"
            parts.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3.5"><title>{escape(tip)}</title></circle>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
