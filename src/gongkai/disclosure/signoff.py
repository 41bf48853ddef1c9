"""An item as the sign-off chain (签发链, ``orgs.signoff``) reads it.

The chain's rules — which steps apply, who may sign the next one, no self-signing, one step per
person and round — are the organization's, for every workflow; this adapter tells them what they
need of an item: its body, its author, whether it is urgent or region-wide, how far this round's
signatures have gone and who gave them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.disclosure.models import Item
from gongkai.disclosure.models.review import ReviewConclusion
from gongkai.orgs.models import ITEM_WORKFLOW


@dataclass(frozen=True)
class ItemSignable:
    """``orgs.signoff.Signable`` for an active-disclosure item."""

    item: Item
    signoff_workflow: str = ITEM_WORKFLOW

    @property
    def organization_id(self) -> int:
        return self.item.organization_id

    @property
    def drafter_id(self) -> int | None:
        return self.item.author_id

    @property
    def is_urgent(self) -> bool:
        return self.item.is_urgent

    @property
    def is_region_wide(self) -> bool:
        return self.item.is_region_wide

    @property
    def signed_position(self) -> int:
        return self.item.signoff_position

    @property
    def signoff_round(self) -> int:
        """Each passed secrecy review starts a round (read from the database, never from a signer's
        copy of the item, so two signers of one step always compute the same round)."""
        return self.item.secrecy_reviews.filter(conclusion=ReviewConclusion.PASS).count()

    def signatures(self) -> Iterable[tuple[int, int]]:
        """This round's signatures: those given since the item was last submitted (a returned item
        submitted again is signed again from the first step)."""
        signoffs = self.item.signoffs.all()
        if self.item.submitted_at is not None:
            signoffs = signoffs.filter(signed_at__gte=self.item.submitted_at)
        return signoffs.values_list("position", "signer_id")


def signable(item: Item) -> ItemSignable:
    return ItemSignable(item)
