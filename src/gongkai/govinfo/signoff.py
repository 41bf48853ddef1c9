"""A submission as the sign-off chain (签发链, ``orgs.signoff``) reads it.

The chain's rules — which steps apply, who may sign the next one, no self-signing, one step per
person and round — are the organization's, for every workflow (docs/SPEC.md §8: section head →
deputy director; region-wide, urgent or major items need the head); this adapter tells them what
they need of a submission.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.govinfo.models import SUBMISSION_WORKFLOW, Submission, Urgency


@dataclass(frozen=True)
class SubmissionSignable:
    """``orgs.signoff.Signable`` for an information submission."""

    submission: Submission
    signoff_workflow: str = SUBMISSION_WORKFLOW

    @property
    def organization_id(self) -> int:
        return self.submission.organization_id

    @property
    def drafter_id(self) -> int | None:
        return self.submission.drafter_id

    @property
    def is_urgent(self) -> bool:
        """紧急 and 重大 items are both "urgent" to the chain (they need the head's signature)."""
        return self.submission.urgency != Urgency.NORMAL

    @property
    def is_region_wide(self) -> bool:
        return self.submission.is_region_wide

    @property
    def signed_position(self) -> int:
        return self.submission.signoff_position

    @property
    def signoff_round(self) -> int:
        return self.submission.signoff_round

    def signatures(self) -> Iterable[tuple[int, int]]:
        """This round's signatures (a returned submission sent again is signed from the start)."""
        return self.submission.signatures.filter(round=self.submission.signoff_round).values_list(
            "position", "signer_id"
        )


def signable(submission: Submission) -> SubmissionSignable:
    return SubmissionSignable(submission)
