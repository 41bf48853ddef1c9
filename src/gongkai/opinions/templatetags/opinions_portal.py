"""``{% consultation_note item %}``: on a public item's page, the consultations it was the final
document of ("本文件曾公开征求意见"), linking both ways with the consultation's page."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.disclosure.public import KeptQuery
from gongkai.opinions.models import PUBLIC_STATES, Consultation

register = template.Library()

#: Read on every item page: its SQL is built once per process (``KeptQuery``; on PostgreSQL a
#: prepared statement, so the server does not plan the join again for each page).
_FINAL_OF = KeptQuery(
    lambda pk: (
        Consultation.objects.filter(final_item_id=pk, state__in=PUBLIC_STATES, organization__is_active=True)
        .only("pk", "title", "state")
        .order_by("pk")
    )
)


@register.inclusion_tag("opinions/portal/item_note.html")
def consultation_note(item: Any) -> dict[str, Any]:
    return {"consultations": _FINAL_OF.rows(item.pk)}
