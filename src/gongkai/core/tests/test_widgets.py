"""LongSelect writes the markup Django's Select writes, without a template per option."""

from __future__ import annotations

import re

from django import forms

from gongkai.core.widgets import LongSelect

CHOICES = [("", "全部机构"), (1, "宿州市教育局"), (2, "<泗县> & “人民政府”")]


def _options(html: str) -> list[tuple[str, bool, str]]:
    found = re.findall(r'<option value="([^"]*)"( selected)?>(.*?)</option>', html)
    return [(value, bool(selected), label) for value, selected, label in found]


def test_the_same_options_names_and_attributes_as_djangos_select() -> None:
    for value in (None, "", 2, "2"):
        ours = LongSelect(choices=CHOICES).render(
            "body", value, attrs={"id": "id_body", "aria-describedby": "h"}
        )
        django = forms.Select(choices=CHOICES).render(
            "body", value, attrs={"id": "id_body", "aria-describedby": "h"}
        )
        assert _options(ours) == _options(django)
        assert ours.startswith('<select name="body" id="id_body" aria-describedby="h">') or (
            'name="body"' in ours and 'id="id_body"' in ours and 'aria-describedby="h"' in ours
        )
    assert "&lt;泗县&gt; &amp; “人民政府”" in LongSelect(choices=CHOICES).render("body", None)


def test_a_bound_search_form_keeps_the_chosen_body() -> None:
    html = LongSelect(choices=CHOICES).render("body", "1")
    assert _options(html)[1] == ("1", True, "宿州市教育局")
    assert [selected for _, selected, _ in _options(html)].count(True) == 1


def test_options_kept_under_a_key_are_drawn_once_and_the_chosen_one_marked() -> None:
    reads: list[int] = []

    def choices() -> list[tuple[object, str]]:
        reads.append(1)
        return CHOICES

    def widget() -> LongSelect:
        w = LongSelect(choices=choices)
        w.options_key = ("test-bodies", 7)
        return w

    first = widget().render("body", None)
    chosen = widget().render("body", "2")
    assert reads == [1]  # the second form never read its choices
    assert _options(chosen) == _options(forms.Select(choices=CHOICES).render("body", "2"))
    assert _options(first) == _options(forms.Select(choices=CHOICES).render("body", None))
    other = LongSelect(choices=choices)
    other.options_key = ("test-bodies", 8)  # the bodies changed: drawn again
    other.render("body", None)
    assert reads == [1, 1]
