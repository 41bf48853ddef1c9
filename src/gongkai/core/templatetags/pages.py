"""``{% page_window page_obj as window %}``: the page numbers a pagination bar shows.

Every page up to :data:`ALL_UP_TO` pages; beyond, the first, the last and :data:`AROUND` pages
either side of the current one, with ``None`` for each gap. Worked out here rather than by a
template loop over every page number: a search or listing of 500 pages evaluated some 6,000
template conditions for a bar of nine links.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

ALL_UP_TO = 9
AROUND = 2


def window(number: int, last: int) -> list[int | None]:
    """The page numbers shown for page ``number`` of ``last``, ``None`` where pages are left out."""
    if last <= ALL_UP_TO:
        return list(range(1, last + 1))
    lo, hi = max(1, number - AROUND), min(last, number + AROUND)
    shown: list[int | None] = [1] if lo > 1 else []
    if lo > 2:
        shown.append(None)
    shown.extend(range(lo, hi + 1))
    if hi < last - 1:
        shown.append(None)
    if hi < last:
        shown.append(last)
    return shown


@register.simple_tag
def page_window(page_obj: Any) -> list[int | None]:
    return window(page_obj.number, page_obj.paginator.num_pages)
