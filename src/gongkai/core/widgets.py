"""Form widgets the platform shares.

``LongSelect`` is a ``<select>`` written in Python. Django renders every ``<option>`` through a
template, about 0.25 ms each: for a province's 1,000 bodies that was 250 ms of every search page
(docs/PERFORMANCE.md, "Through HTTP"). It renders the same markup — name, id, the attributes the
form asks for (``required``, ``aria-*``), each option with ``selected`` — for flat choices (no
option groups) in about 1 ms: each option is one f-string, its value and label escaped as
``format_html`` would (a label already safe is kept as it is).
"""

from __future__ import annotations

from collections.abc import Hashable
from html import escape
from typing import Any, ClassVar

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _text(value: Any) -> str:
    """``value`` as ``conditional_escape`` gives it: escaped, unless it is already safe HTML."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def option_tags(choices: Any) -> str:
    """The ``<option>`` tags of flat ``(value, label)`` choices, escaped as ``format_html`` would."""
    return "".join(f'<option value="{_text(key)}">{_text(label)}</option>' for key, label in choices)


def mark_chosen(options: str, values: Any) -> str:
    """``options`` (from :func:`option_tags`) with the option of each of ``values`` selected."""
    for v in values:
        mine = f'<option value="{escape(str(v))}">'
        options = options.replace(mine, f'<option value="{escape(str(v))}" selected>', 1)
    return options


class LongSelect(forms.Select):
    """A ``<select>`` written in Python. A form whose options change rarely (a region's bodies) sets
    ``options_key`` to what they depend on: their HTML is then kept in the process under that key and
    the choices — which may be a callable, read only when needed — are not even read again; the
    option chosen is marked in the kept HTML."""

    options_key: Hashable | None = None
    #: options HTML by ``options_key`` (a handful of keys: emptied when it grows past :data:`KEPT`)
    _kept: ClassVar[dict[Hashable, str]] = {}
    KEPT = 32

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        key = self.options_key
        options = self._kept.get(key) if key is not None else None
        if options is None:
            options = option_tags(self.choices)
            if key is not None:
                if len(self._kept) >= self.KEPT:
                    self._kept.clear()
                self._kept[key] = options
        options = mark_chosen(options, chosen)
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))  # noqa: S308
