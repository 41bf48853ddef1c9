"""The sign-off chain (签发链) of any workflow: which steps apply, who may sign the next one.

An organization configures a chain per workflow (``SignOffStep``: position, title, condition,
designated signers). The chain reads the thing being signed only through :class:`Signable` — an
active-disclosure item (docs/SPEC.md §2.4), an information submission (docs/SPEC.md §8) — so each workflow
brings
an adapter and none of the rules below is written twice:

- the steps whose condition holds apply, in order; with none configured, one "签发" step;
- the next step is the first applicable one after the last signed;
- a step is signed by a 签发人 of the organization, by one of its designated signers if it has any;
- nobody signs what they drafted, and nobody signs two steps of the same round.

Recording a signature is the workflow's own: it locks the signed row, checks with
:func:`step_to_sign` that the chain is still where the signer saw it, writes its signature row
(one per thing, step and round, a database constraint) and moves the thing's position on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName, SignOffCondition, SignOffStep

__all__ = [
    "Signable",
    "Step",
    "applicable_steps",
    "can_sign",
    "condition_holds",
    "current_step",
    "step_to_sign",
]


class Signable(Protocol):
    """What the chain reads of the thing being signed."""

    @property
    def signoff_workflow(self) -> str:
        """Which of the organization's chains applies (``SignOffStep.workflow``)."""
        ...

    @property
    def organization_id(self) -> int:
        """The organization whose chain applies and whose 签发人 sign."""
        ...

    @property
    def drafter_id(self) -> int | None:
        """Who drafted it: they never sign it."""
        ...

    @property
    def is_urgent(self) -> bool: ...

    @property
    def is_region_wide(self) -> bool:
        """It concerns the whole region (全区（市）性)."""
        ...

    @property
    def signed_position(self) -> int:
        """The position of the last step signed in the current round; 0 when none is."""
        ...

    @property
    def signoff_round(self) -> int:
        """The current round: a thing sent back and submitted again is signed again from the start."""
        ...

    def signatures(self) -> Iterable[tuple[int, int]]:
        """Who signed which step in the current round: (step position, signer's user id) pairs."""
        ...


@dataclass(frozen=True)
class Step:
    position: int
    title: str
    designated_ids: frozenset[int]


#: The single step of an organization that configured no chain for a workflow.
DEFAULT_STEP = Step(1, "签发", frozenset())


def condition_holds(condition: str, subject: Signable) -> bool:
    """Does a step with ``condition`` apply to ``subject``? (docs/SPEC.md §2.4: region-wide or urgent items
    need the head's signature; §8: region-wide urgent submissions do.)"""
    if condition == SignOffCondition.URGENT:
        return subject.is_urgent
    if condition == SignOffCondition.REGION_WIDE:
        return subject.is_region_wide
    if condition == SignOffCondition.REGION_WIDE_URGENT:
        return subject.is_urgent and subject.is_region_wide
    if condition == SignOffCondition.REGION_WIDE_OR_URGENT:
        return subject.is_urgent or subject.is_region_wide
    return condition == SignOffCondition.ALWAYS


def applicable_steps(subject: Signable) -> list[Step]:
    """The steps of the subject's chain whose condition holds, in order."""
    configured = SignOffStep.objects.filter(
        organization_id=subject.organization_id, workflow=subject.signoff_workflow
    ).prefetch_related("signers")
    steps = [
        Step(s.position, s.title, frozenset(u.pk for u in s.signers.all()))
        for s in configured.order_by("position")
        if condition_holds(s.condition, subject)
    ]
    return steps or [DEFAULT_STEP]


def current_step(subject: Signable) -> Step | None:
    """The next step to sign: the first applicable step after the last one signed; None when the
    chain is complete."""
    for step in applicable_steps(subject):
        if step.position > subject.signed_position:
            return step
    return None


def can_sign(user: Any, subject: Signable) -> bool:
    """May ``user`` sign the subject's next step now? A 签发人 of its organization (a designated
    signer when the step names any), not its drafter, who has not signed a step of this round."""
    if not getattr(user, "is_authenticated", False) or user.pk == subject.drafter_id:
        return False
    if not org_policy.has_role(user, subject.organization_id, RoleName.SIGNER):
        return False
    step = current_step(subject)
    if step is None or (step.designated_ids and user.pk not in step.designated_ids):
        return False
    return all(signer_id != user.pk for _, signer_id in subject.signatures())


def step_to_sign(user: Any, subject: Signable, *, seen: int | None = None, moved: str, refused: str) -> Step:
    """The step ``user`` signs now, for a workflow recording a signature.

    Call it with the signed row locked and ``subject`` read under that lock. ``seen`` is the
    position of the step the signer saw (their form sends it): when the chain has moved since,
    ``ValidationError(moved)``, so a signature never lands on the next step; when ``user`` may not
    sign, ``PermissionDenied(refused)``.
    """
    step = current_step(subject)
    if seen is not None and (step is None or step.position != seen):
        raise ValidationError(moved)
    if step is None or not can_sign(user, subject):
        raise PermissionDenied(refused)
    return step
