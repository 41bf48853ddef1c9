"""``{% consultation_note item %}``: on a public item's page, the consultations it was the final
document of ("本文件曾公开征求意见"), linking both ways with the consultation's page."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.opinions.models import PUBLIC_STATES, Consultation

register = template.Library()


@register.inclusion_tag("opinions/portal/item_note.html")
def consultation_note(item: Any) -> dict[str, Any]:
    consultations = list(
        Consultation.objects.filter(final_item=item, state__in=PUBLIC_STATES, organization__is_active=True)
        .only("pk", "title", "state")
        .order_by("pk")
    )
    return {"consultations": consultations}
