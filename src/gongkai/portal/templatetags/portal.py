"""Small template helpers of the portal: ``{% load portal %}``."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from gongkai.disclosure.models import Item
from gongkai.disclosure.public import ColumnNode
from gongkai.portal.selectors import BodyRef

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


def _url_pattern(name: str, args: list[str] | None = None) -> tuple[str, str]:
    """A route's URL reversed once, with a marker for its last argument: the parts before and after
    it (slugs and column codes need no quoting in a path)."""
    marker = "marker-0"
    before, _, after = reverse(name, args=[*(args or []), marker]).partition(marker)
    return before, after


def _count_text(n: int) -> str:
    return ngettext("%(counter)s 条", "%(counter)s 条", n) % {"counter": n}


@register.simple_tag
def body_list_items(bodies: list[tuple[BodyRef, int]], link: str = "") -> SafeString:
    """The ``<li>`` rows of a group of bodies (``portal/includes/body_groups.html``), rendered here:
    a province's home page lists 1,000 bodies, ~270 ms through template look-ups (and ~50 ms
    through ``format_html``), a few ms with the standard library's escaping (the same as Django's).

    ``link == "guide"``: each body links to its guide, without a count; else to its home page with
    its public item count.
    """
    if link == "guide":
        before, after = _url_pattern("portal:body_guide")
        rows = [
            f'<li><a href="{before}{escape(b.slug)}{after}">{escape(b.name)}</a></li>' for b, _n in bodies
        ]
    else:
        before, after = _url_pattern("portal:body")
        rows = [
            f'<li><a href="{before}{escape(b.slug)}{after}">{escape(b.name)}</a>\n'
            f'        <span class="date">{escape(_count_text(n))}</span></li>'
            for b, n in bodies
        ]
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def column_tree(body: Any, nodes: list[ColumnNode], current: Any = None) -> SafeString:
    """A body's visible column tree as a side menu (``portal/includes/column_tree.html``), rendered
    here: a recursive template include cost ~5 ms per tree, and a catalog page shows it twice."""
    before, after = _url_pattern("portal:column", args=[body.slug])
    current_pk = getattr(current, "pk", None)
    count_format = gettext("（%(n)s）")  # outside the f-string: makemessages cannot read inside one
    out: list[str] = []

    def walk(level: list[ColumnNode], nested: bool) -> None:
        out.append("<ul>" if nested else '<ul class="side-menu">')
        for node in level:
            col = node.column
            here = ' aria-current="page"' if current_pk is not None and col.pk == current_pk else ""
            total = node.total
            count = f' <span class="count">{escape(count_format % {"n": total})}</span>' if total else ""
            out.append(f'<li><a href="{before}{escape(col.code)}{after}"{here}>{escape(col.name)}{count}</a>')
            if node.children:
                walk(node.children, True)
            out.append("</li>")
        out.append("</ul>")

    walk(nodes, False)
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped


def _e(value: Any) -> str:
    """What ``{{ value }}`` writes for a string: Django's escaping (the standard library's, which
    Django's ``escape`` calls), nothing for an already safe string."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


@register.simple_tag
def metadata_table(rows: list[tuple[Any, Any]], table_label: Any = "") -> SafeString:
    """An item page's metadata table: ``includes/metadata_table.html`` with ``rows`` and
    ``table_label`` (no caption), rendered here (its 18 rows were a tenth of the page's time at 1M
    items). A value of None or "" shows as "—" with "无" for screen readers."""
    none = f'<span aria-hidden="true">—</span><span class="sr-only">{escape(gettext("无"))}</span>'
    label = f' aria-label="{_e(table_label)}"' if table_label else ""
    # The include's text, whitespace included (the page stays the same to the byte).
    out = ["", '<div class="table-wrap">', f'<table class="table meta-table"{label}>', "  ", "  <tbody>"]
    for th, value in rows:
        td = none if value is None or value == "" else _e(value)
        out.append(f'    \n    <tr>\n      <th scope="row">{_e(th)}</th>\n      <td>{td}</td>\n    </tr>')
    out += ["    ", "  </tbody>", "</table>", "</div>", ""]
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped


#: Fragments kept by ``{% fixed %}``: (name, language, URL conf, arguments) → HTML.
_FIXED: dict[tuple[Any, ...], str] = {}
_FIXED_MAX = 512


@receiver(setting_changed)
def _settings_changed(**_kwargs: Any) -> None:
    _FIXED.clear()


class FixedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, args: list[Any]) -> None:
        self.nodelist = nodelist
        self.args = args

    def render(self, context: template.Context) -> str:
        key = (id(self), get_language(), get_urlconf(), *(a.resolve(context) for a in self.args))
        html = _FIXED.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_FIXED) >= _FIXED_MAX:
                _FIXED.clear()
            _FIXED[key] = html
        return html


@register.tag
def fixed(parser: Any, token: Any) -> FixedNode:
    """``{% fixed arg … %}…{% endfixed %}``: a part of a public page that depends only on the
    language, the URL map, the settings and the arguments given (the main navigation of a section,
    the footer), rendered once per process and kept (dropped when a setting changes, in tests).
    Never around anything that reads the request, the database or the page's own objects."""
    args = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist, args)
