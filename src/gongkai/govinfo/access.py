"""Who sees which submissions (信息稿件) on the unit's side of 政务信息报送 (docs/SPEC.md §8), built on
``govinfo.policy``: a unit's 信息员 write its submissions, its 签发人 sign them. Lists are filtered by
these functions, never only hidden."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.govinfo import policy
from gongkai.govinfo.models import State, Submission
from gongkai.govinfo.signoff import signable
from gongkai.orgs import policy as org_policy
from gongkai.orgs import signoff
from gongkai.orgs.models import Organization, RoleName


def unit_ids(user: Any) -> set[int]:
    """The units whose submissions ``user`` works on: as 信息员 or as 签发人."""
    return set(org_policy.org_ids_with_role(user, *policy.WRITER_ROLES, RoleName.SIGNER))


def can_open_submissions(user: Any) -> bool:
    """The 信息报送 menu: the units' 信息员 and 签发人."""
    return bool(getattr(user, "is_authenticated", False) and unit_ids(user))


def units(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=unit_ids(user))


def is_writer(user: Any, organization: Organization | int) -> bool:
    org_id = organization if isinstance(organization, int) else organization.pk
    return org_policy.has_role(user, org_id, *policy.WRITER_ROLES)


def is_signer(user: Any, organization: Organization | int) -> bool:
    org_id = organization if isinstance(organization, int) else organization.pk
    return org_policy.has_role(user, org_id, RoleName.SIGNER)


def visible_submissions(user: Any) -> QuerySet[Submission]:
    """The submissions of ``user``'s units. A unit's drafts are its 信息员's; its 签发人 see what was
    sent to them (not the drafts still being written)."""
    writer_ids = set(org_policy.org_ids_with_role(user, *policy.WRITER_ROLES))
    signer_ids = set(org_policy.org_ids_with_role(user, RoleName.SIGNER))
    q = Q(organization_id__in=writer_ids) | (
        Q(organization_id__in=signer_ids) & ~Q(state=State.DRAFT, sent_for_signoff_at__isnull=True)
    )
    if not writer_ids and not signer_ids:
        return Submission.objects.none()
    return Submission.objects.filter(q, forwarded_from__isnull=True)


def readable_submissions(user: Any) -> QuerySet[Submission]:
    """What ``user`` may open: their units' submissions (``visible_submissions``), and for a desk
    editor what was submitted to their office (the author's page links the desk's edits)."""
    desk = policy.desk_offices(user).values("pk")
    received = Q(recipient_id__in=desk) & ~Q(state__in=[State.DRAFT, State.SIGNING, State.WITHDRAWN])
    return Submission.objects.filter(Q(pk__in=visible_submissions(user).values("pk")) | received)


def waiting_for(user: Any) -> list[Submission]:
    """The submissions at a step of their unit's chain that ``user`` may sign now (待我签发)."""
    ids = policy.signing_units(user).values("pk")
    qs = (
        Submission.objects.filter(state=State.SIGNING, organization_id__in=ids)
        .select_related("organization", "drafter", "carrier")
        .order_by("sent_for_signoff_at", "pk")
    )
    return [s for s in qs if signoff.can_sign(user, signable(s))]
