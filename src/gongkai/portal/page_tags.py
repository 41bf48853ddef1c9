"""The tags of a cached public page (``core.public_deps.page_tags``), from what its URL names.

The rules live in ``core.public_deps``; this module only reads the facts a rule needs, at render
time (never on a cache hit): the body of a slug, the column of a code, an item's body and the
items linked to it. One or two indexed look-ups next to a render's dozens.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongkai.core import public_deps
from gongkai.core.public_deps import PageFacts
from gongkai.disclosure import public
from gongkai.disclosure.models import CatalogColumn, Item
from gongkai.orgs.models import Organization

_ITEM_ROUTES = {"item", "kiosk_item", "kiosk_slip"}
#: Any item's body (public or not: a page's tags name what it may show), its SQL kept per process.
_ITEM_BODY = public.KeptQuery(
    lambda pk: Item.objects.filter(pk=pk).only("pk", "organization_id", "state").order_by()[:1]
)


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
        found = _ITEM_BODY.rows(item_id)
        org_id = found[0].organization_id if found else None
        links = public.ITEM_LINKS.rows(item_id)
        linked = frozenset(pk for x in links for pk in (x.source_id, x.target_id)) - {item_id}
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
