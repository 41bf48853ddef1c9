"""What each public change touches: the dependency rules of the page cache and the published files.

Written once, here, for both sides:

* **pages** (:func:`page_tags`): each cached public page (and its published file) carries tags
  that name what it shows — ``item:12`` (item 12's own content), ``column:45`` (the listing of
  column 45 and of the columns above it), ``org:7`` (body 7's pages that list its content),
  ``orgdata:7`` (pages that show body 7's name or catalog tree but not its lists, such as its item
  pages), ``home``, ``region:items`` (region-wide lists of items), ``region:bodies`` (pages that
  list the bodies), ``feed``/``feed:org:7``/``feed:column:45``, ``sitemap``/``sitemap:items``…,
  ``search`` (every search page), and the lists of the participation apps.
* **changes** (:func:`item_changed`, :func:`catalog_changed`, …): the tags each kind of change
  purges. A page is dropped when one of its tags is purged, and only then.

A page of a route without a rule carries :data:`ANY`, which every change purges: a new cached
route is safe before anyone writes its rule, only slower (``portal/tests/test_dependencies.py``
asks for a rule for every cached route). Truly global changes (the site's name, the calendar, the
templates after a deploy, the 限时公开 endings at midnight) move the global public version instead
(``core.public_changes.bump_public_version``), which drops everything.

Pure: plain values in, sets of strings out, no Django — the facts (an item's body, columns and
links) are read by the callers (``disclosure.public_facts`` for changes, ``portal.page_tags`` for
pages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

#: Pages of routes without a rule: every change purges them.
ANY = "any"
HOME = "home"
#: Region-wide lists of items (目录, the region feed, 政策解读, the kiosk's start page …).
REGION_ITEMS = "region:items"
#: Pages that list the bodies (the home page's groups, the region catalog and guide …).
REGION_BODIES = "region:bodies"
SEARCH = "search"
FEED = "feed"
SITEMAP = "sitemap"
#: The sitemap's sections (``portal.sitemaps.SITEMAPS``); any other name is a 404, tagged ANY, so
#: that no path a visitor makes up creates a tag.
SITEMAP_SECTIONS = frozenset({"items", "bodies", "columns", "reports"})
CONSULTATIONS = "consultations"
MESSAGES = "messages"
REPORTS = "reports"


def item(pk: int) -> str:
    return f"item:{pk}"


def column(pk: int) -> str:
    return f"column:{pk}"


def org(pk: int) -> str:
    return f"org:{pk}"


def orgdata(pk: int) -> str:
    return f"orgdata:{pk}"


def feed_org(pk: int) -> str:
    return f"feed:org:{pk}"


def feed_column(pk: int) -> str:
    return f"feed:column:{pk}"


def sitemap(section: str) -> str:
    return f"sitemap:{section}"


def message(pk: int) -> str:
    return f"message:{pk}"


# --- changes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemFacts:
    """What pages an item appears on depends on: its body, the columns it is filed or cross-listed
    in together with every column above them (a column's listing shows its sub-columns' items)."""

    pk: int
    org_id: int
    column_ids: frozenset[int] = field(default_factory=frozenset)


def item_changed(facts: Iterable[ItemFacts]) -> frozenset[str]:
    """An item published, corrected, withdrawn, expired, linked or unlinked: its own page (and the
    pages of items linked to it, which carry its tag), its columns' listings and feeds, its body's
    pages and feed, the home page's latest list, the region's lists and feed, the items sitemap
    and every search page."""
    tags = {ANY, HOME, REGION_ITEMS, FEED, SEARCH, SITEMAP, sitemap("items")}
    for f in facts:
        tags |= {item(f.pk), org(f.org_id), feed_org(f.org_id)}
        tags |= {column(c) for c in f.column_ids} | {feed_column(c) for c in f.column_ids}
    return frozenset(tags)


def catalog_changed(org_id: int, column_ids: Iterable[int]) -> frozenset[str]:
    """A column of a body's catalog added, renamed, moved, hidden or removed: the body's pages, the
    pages that show its tree (its item pages), those columns' listings and feeds, the region guide
    and catalog (they show the trees), the columns sitemap, search (its column filter)."""
    ids = list(column_ids)
    return frozenset(
        {ANY, org(org_id), orgdata(org_id), feed_org(org_id), REGION_BODIES, SEARCH, SITEMAP}
        | {sitemap("columns")}
        | {column(c) for c in ids}
        | {feed_column(c) for c in ids}
    )


def organization_changed(org_id: int, parent_id: int | None = None) -> frozenset[str]:
    """A body renamed, moved, switched on or off, its contacts changed: everything that names it —
    its pages, its item pages, its parent's pages (they list the children), every list of bodies,
    every list of items (they name the body), search, the sitemap and the participation apps'
    lists."""
    parent = {org(parent_id), orgdata(parent_id)} if parent_id else set()
    return frozenset(
        {ANY, org(org_id), orgdata(org_id), feed_org(org_id), HOME, REGION_BODIES, REGION_ITEMS, FEED}
        | {SEARCH, SITEMAP, sitemap("bodies"), sitemap("columns"), CONSULTATIONS, MESSAGES, REPORTS}
        | parent
    )


def consultation_changed(org_id: int, item_ids: Iterable[int | None] = ()) -> frozenset[str]:
    """A consultation (意见征集) opened, closed, its answers or 采纳情况 published; ``item_ids``: the
    items whose pages name it (its final document, one it was linked to before)."""
    return frozenset({ANY, CONSULTATIONS, org(org_id)} | {item(pk) for pk in item_ids if pk})


def message_changed(pk: int, org_id: int) -> frozenset[str]:
    """A message (留言) published, its published wording changed, or withdrawn from publication."""
    return frozenset({ANY, MESSAGES, message(pk), org(org_id)})


def annual_report_changed(org_id: int) -> frozenset[str]:
    """An annual report (年度报告) published."""
    return frozenset({ANY, REPORTS, org(org_id), SITEMAP, sitemap("reports")})


# --- pages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageFacts:
    """What the page's URL names, read by the portal (``portal.page_tags``): the body of a slug,
    the column of a code, an item's body and linked items, a message's id."""

    org_id: int | None = None
    column_id: int | None = None
    item_id: int | None = None
    linked_ids: frozenset[int] = field(default_factory=frozenset)
    message_id: int | None = None
    section: str | None = None


Rule = Callable[[PageFacts], "set[str] | None"]


def _body(f: PageFacts) -> set[str] | None:
    return {org(f.org_id), orgdata(f.org_id)} if f.org_id else None


def _body_feed(f: PageFacts) -> set[str] | None:
    return {org(f.org_id), orgdata(f.org_id), feed_org(f.org_id)} if f.org_id else None


def _column(f: PageFacts) -> set[str] | None:
    if not (f.org_id and f.column_id):
        return None
    return {column(f.column_id), feed_column(f.column_id), orgdata(f.org_id)}


def _item(f: PageFacts) -> set[str] | None:
    if not (f.item_id and f.org_id):
        return None
    return {item(f.item_id), orgdata(f.org_id)} | {item(pk) for pk in f.linked_ids}


def _fixed(*tags: str) -> Rule:
    return lambda _f: set(tags)


#: Portal route name (without the namespace) → the tags of its pages.
PAGE_RULES: Mapping[str, Rule] = {
    "home": _fixed(HOME, REGION_ITEMS, REGION_BODIES),
    "catalog": _fixed(REGION_ITEMS, REGION_BODIES),
    "guide_region": _fixed(REGION_BODIES),
    "search": _fixed(SEARCH),
    "body_search": _fixed(SEARCH),
    "kiosk_search": _fixed(SEARCH),
    "feed": _fixed(FEED, REGION_ITEMS),
    "item": _item,
    "kiosk_item": _item,
    "kiosk_slip": _item,
    "sitemap": _fixed(SITEMAP),
    "sitemap_section": lambda f: {sitemap(f.section)} if f.section in SITEMAP_SECTIONS else None,
    "body": _body,
    "body_guide": _body,
    "body_catalog": _body,
    "body_rules": _body,
    "body_interpretations": _body,
    "body_annual_reports": _body,
    "annual_report": _body,
    "body_consultations": _body,
    "body_consultations_feed": _body,
    "body_messages": _body,
    "kiosk_body": _body,
    "body_feed": _body_feed,
    "column": _column,
    "column_feed": _column,
    "kiosk_column": _column,
    "interpretations": _fixed(REGION_ITEMS),
    "kiosk": _fixed(REGION_ITEMS, REGION_BODIES),
    "kiosk_template_column": _fixed(REGION_ITEMS),
    "kiosk_topic": _fixed(REGION_ITEMS),
    "annual_reports": _fixed(REPORTS),
    "consultations": _fixed(CONSULTATIONS),
    "consultations_feed": _fixed(CONSULTATIONS),
    "messages": _fixed(MESSAGES),
    "message": lambda f: {message(f.message_id), MESSAGES} if f.message_id else None,
}


def page_tags(route: str, facts: PageFacts) -> frozenset[str]:
    """The tags of a page of ``route``; :data:`ANY` when the route has no rule or its facts are
    missing (the page is then dropped by every change)."""
    rule = PAGE_RULES.get(route)
    tags = rule(facts) if rule else None
    return frozenset(tags) if tags else frozenset({ANY})
