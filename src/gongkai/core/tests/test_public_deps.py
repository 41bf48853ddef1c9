"""The dependency rules of the page cache (core.public_deps), a pure kernel: what each kind of change
purges, and that the pages it does not touch carry none of those tags. Runs without Django."""

from __future__ import annotations

from gongkai.core import public_deps
from gongkai.core.public_deps import ItemFacts


def test_an_item_change_touches_its_pages_and_nothing_else():
    tags = public_deps.item_changed([ItemFacts(pk=5, org_id=7, column_ids=frozenset({45, 44}))])
    assert tags == {
        "any",
        "item:5",
        "column:44",
        "column:45",
        "feed:column:44",
        "feed:column:45",
        "org:7",
        "feed:org:7",
        "home",
        "region:items",
        "feed",
        "search",
        "sitemap",
        "sitemap:items",
    }
    # Pages of another item, another body, another column, the bodies' lists and guides: untouched.
    other_item = public_deps.page_tags("item", public_deps.PageFacts(org_id=7, item_id=6))
    other_body = public_deps.page_tags("body", public_deps.PageFacts(org_id=8))
    guide = public_deps.page_tags("guide_region", public_deps.PageFacts())
    other_column = public_deps.page_tags("column", public_deps.PageFacts(org_id=7, column_id=46))
    for page in (other_item, other_body, guide, other_column):
        assert not page & tags, page


def test_a_route_without_a_rule_or_facts_is_dropped_by_every_change():
    assert public_deps.page_tags("no-such-route", public_deps.PageFacts()) == {"any"}
    assert public_deps.page_tags("item", public_deps.PageFacts()) == {"any"}
    for change in (
        public_deps.item_changed([]),
        public_deps.catalog_changed(1, []),
        public_deps.organization_changed(1),
        public_deps.consultation_changed(1),
        public_deps.message_changed(1, 1),
        public_deps.annual_report_changed(1),
    ):
        assert "any" in change
