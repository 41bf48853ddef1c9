"""The tags of a cached public page (``core.public_deps.page_tags``), from what its URL names.

The rules live in ``core.public_deps``; this module only reads the facts a rule needs, at render
time (never on a cache hit): the body of a slug, the column of a code, an item's body and the
items linked to it. One or two indexed look-ups next to a render's dozens.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connection
from django.http import HttpRequest

from gongkai.core import public_deps
from gongkai.core.database import prepared_cursor
from gongkai.core.public_deps import PageFacts
from gongkai.disclosure.models import CatalogColumn, Item, ItemLink
from gongkai.orgs.models import Organization

_ITEM_ROUTES = {"item", "kiosk_item", "kiosk_slip"}


@cache
def _item_facts_sql(vendor: str) -> str:
    """Any item's body (public or not: a page's tags name what it may show) and the items linked to
    it either way, in one statement (one round trip; prepared on PostgreSQL): a row ``(0, body, 0)``
    when the item exists, then ``(1, source, target)`` per link."""
    q = connection.ops.quote_name
    item, link = q(Item._meta.db_table), q(ItemLink._meta.db_table)
    body, source, target = q("organization_id"), q("source_id"), q("target_id")
    return (  # only the models' own names go into the text; the id is bound
        f"SELECT 0, {body}, 0 FROM {item} WHERE {q('id')} = %s "  # noqa: S608
        f"UNION ALL SELECT 1, {source}, {target} FROM {link} WHERE {source} = %s OR {target} = %s"
    )


def _item_facts(item_id: int) -> tuple[int | None, frozenset[int]]:
    """The item's body (None when there is no such item) and the ids linked to it."""
    org_id: int | None = None
    linked: set[int] = set()
    with prepared_cursor(connection) as cursor:
        cursor.execute(_item_facts_sql(connection.vendor), [item_id, item_id, item_id])
        for kind, a, b in cursor.fetchall():
            if kind == 0:
                org_id = a
            else:
                linked.update((a, b))
    return org_id, frozenset(linked - {item_id})


def tags_for(request: HttpRequest) -> frozenset[str]:
    match = request.resolver_match
    if match is None or not match.url_name:
        return frozenset({public_deps.ANY})
    return public_deps.page_tags(match.url_name, facts_for(match.url_name, match.kwargs))


def facts_for(route: str, kwargs: dict[str, Any]) -> PageFacts:
    org_id = column_id = item_id = message_id = None
    linked: frozenset[int] = frozenset()
    if "slug" in kwargs:
        org_id = Organization.objects.filter(slug=kwargs["slug"]).values_list("pk", flat=True).first()
        if org_id and "code" in kwargs:
            column_id = (
                CatalogColumn.objects.filter(organization_id=org_id, code=kwargs["code"])
                .values_list("pk", flat=True)
                .first()
            )
    if route in _ITEM_ROUTES and "pk" in kwargs:
        item_id = int(kwargs["pk"])
        org_id, linked = _item_facts(item_id)
    if route == "message" and "pk" in kwargs:
        message_id = int(kwargs["pk"])
    return PageFacts(
        org_id=org_id,
        column_id=column_id,
        item_id=item_id,
        linked_ids=linked,
        message_id=message_id,
        section=kwargs.get("section"),
    )
