"""The pagination bar's page numbers (``core/templatetags/pages.py``) and the bar it draws."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

from gongkai.core.templatetags.pages import window


@pytest.mark.parametrize(
    ("number", "last", "shown"),
    [
        (1, 1, [1]),
        (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (1, 10, [1, 2, 3, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (8, 10, [1, None, 6, 7, 8, 9, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (250, 500, [1, None, 248, 249, 250, 251, 252, None, 500]),
    ],
)
def test_the_numbers_shown(number: int, last: int, shown: list[int | None]) -> None:
    assert window(number, last) == shown


def test_the_bar_of_a_page_of_five_hundred() -> None:
    page = Paginator(range(10_000), 20).get_page(250)
    request = RequestFactory().get("/search/", {"q": "公开", "page": "250"})
    html = Template('{% include "includes/pagination.html" %}').render(
        RequestContext(request, {"page_obj": page})
    )
    assert html.count('<span class="gap"') == 2
    assert 'href="?q=%E5%85%AC%E5%BC%80&amp;page=500"' in html
    assert 'href="?q=%E5%85%AC%E5%BC%80&amp;page=248"' in html
    assert 'href="?q=%E5%85%AC%E5%BC%80&amp;page=247"' not in html
    assert '<span aria-current="page">' in html and ">250<" in html
