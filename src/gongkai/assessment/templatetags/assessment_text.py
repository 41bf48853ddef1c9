"""``{{ line|kernel_text }}``: a line or problem written by the pure kernels (``scoring``,
``standings``) in the reader's language (``assessment.kernel_text.translate``), stored lines
included."""

from __future__ import annotations

from django import template

from gongkai.assessment.kernel_text import translate

register = template.Library()


@register.filter
def kernel_text(text: object) -> str:
    return translate(str(text))
