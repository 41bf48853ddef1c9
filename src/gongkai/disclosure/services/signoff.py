"""The configurable sign-off chain (签发链): which steps apply to an item and which one is next."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.disclosure.models import Item
from gongkai.orgs.models import SignOffCondition, SignOffStep


@dataclass(frozen=True)
class Step:
    position: int
    title: str
    designated_ids: frozenset[int]


def applicable_steps(item: Item) -> list[Step]:
    """The steps of the item's organization that apply to this item, in order.

    A step with condition "urgent" applies only to urgent items, "region_wide" only to items that
    concern the whole region (SPEC §2.4: such items need the head's signature). With no steps
    configured, one "签发" step by any signer of the organization.
    """
    steps = []
    for s in SignOffStep.objects.filter(organization_id=item.organization_id).prefetch_related("signers"):
        if s.condition == SignOffCondition.URGENT and not item.is_urgent:
            continue
        if s.condition == SignOffCondition.REGION_WIDE and not item.is_region_wide:
            continue
        steps.append(Step(s.position, s.title, frozenset(u.pk for u in s.signers.all())))
    return steps or [Step(1, "签发", frozenset())]


def current_step(item: Item) -> Step | None:
    """The next step to sign: the first applicable step after the last one signed."""
    for step in applicable_steps(item):
        if step.position > item.signoff_position:
            return step
    return None
