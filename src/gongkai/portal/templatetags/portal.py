"""Small template helpers of the portal: ``{% load portal %}``."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from gongkai.disclosure.models import Item

register = template.Library()


@register.simple_tag
def item_link(item: Item) -> SafeString:
    """A link to a (public) related item: title, body and date."""
    published = item.published_date
    date = published.isoformat() if published else ""
    return format_html(
        '<a href="{}">{}</a> <span class="date">{} · {}</span>',
        reverse("portal:item", args=[item.pk]),
        item.title,
        item.organization.name,
        date,
    )


@register.filter
def breakable(value: str | None) -> SafeString:
    """Escape a 索引号 and allow a line break after its slash (``前段码/<wbr>后段码``)."""
    return format_html_join(mark_safe("/<wbr>"), "{}", ((part,) for part in (value or "").split("/")))  # type: ignore[return-value]
