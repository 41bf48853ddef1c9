"""Template helpers of the reading-room kiosk: ``{% load kiosk %}``.

- ``kiosk_html``: an item's body HTML for a reading-room kiosk. Links to other sites become plain
  text (the kiosk never opens a foreign host); links to an item of this platform go to the kiosk's
  item page; an attachment link stays (it is served by this platform); any other link of this site
  (it would leave the kiosk layout and its idle timer) becomes text as well.
- ``kiosk_item_link``: a related item as a kiosk link.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from gongkai.core.siteurl import site_host
from gongkai.disclosure.models import Item

register = template.Library()

_ITEM = re.compile(r"^/items/(\d{1,19})/$")
_ATTACHMENT = re.compile(r"^/items/\d{1,19}/files/\d{1,19}/$")


def kiosk_href(href: str) -> str | None:
    """Where a link of an item's body goes on the kiosk, or None when it is shown as text."""
    href = href.strip()
    if href.startswith("#"):
        return href
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, javascript: … nothing a kiosk opens
    if parts.netloc and (parts.hostname or "").lower() != site_host():
        return None
    if not parts.netloc and not parts.path.startswith("/"):
        return None  # a relative link: where it points depends on the page, never the kiosk's
    if (m := _ITEM.match(parts.path)) is not None:
        return reverse("portal:kiosk_item", args=[int(m.group(1))])
    if _ATTACHMENT.match(parts.path):
        return parts.path
    if parts.path.startswith("/kiosk/"):
        return parts.path
    return None


class _KioskRewriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            self.out.append(self.get_starttag_text() or "")
            return
        href = dict(attrs).get("href")
        target = kiosk_href(href) if href else None
        if target is None:
            self.anchors.append("span")
            self.out.append('<span class="kiosk-offsite">')
        else:
            self.anchors.append("a")
            self.out.append(format_html('<a href="{}">', target))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.out.append(f"</{self.anchors.pop()}>" if self.anchors else "")
        else:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass


@register.filter
def kiosk_html(html: str | None) -> SafeString:
    """An item body (already sanitized on save) with its links made safe for a kiosk."""
    parser = _KioskRewriter()
    parser.feed(html or "")
    parser.close()
    out = "".join(parser.out) + "".join(f"</{t}>" for t in reversed(parser.anchors))
    return mark_safe(out)  # noqa: S308 — the input is the sanitized body; only <a> tags are rewritten


@register.simple_tag
def kiosk_item_link(item: Item) -> SafeString:
    """A related (public) item on the kiosk: title, body and date."""
    published = item.published_date
    return format_html(
        '<a href="{}">{}</a> <span class="date">{} · {}</span>',
        reverse("portal:kiosk_item", args=[item.pk]),
        item.title,
        item.organization.name,
        published.isoformat() if published else "",
    )
