"""The scope rule (SPEC §1), in one place.

A person sees and changes only what belongs to the organizations where they hold a role, and
supervisors see (read-only unless stated) everything below theirs. Nobody else. Views, the API,
templates and services all ask these functions; visibility is enforced by filtering querysets,
never only by hiding links.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.orgs.models import Organization, Role, RoleName


def _roles(user: Any) -> list[Role]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_gongkai_roles", None)
    if cached is None:
        cached = list(
            Role.objects.filter(user=user, organization__is_active=True).select_related("organization")
        )
        user._gongkai_roles = cached
    return cached


def forget_roles(user: Any) -> None:
    """Drop the per-request role cache (after roles change)."""
    if hasattr(user, "_gongkai_roles"):
        del user._gongkai_roles


def has_role(user: Any, organization: Organization | int, *roles: str) -> bool:
    """Does ``user`` hold any of ``roles`` (all roles when none named) within ``organization``?"""
    org_id = organization if isinstance(organization, int) else organization.pk
    return any(r.organization_id == org_id and (not roles or r.role in roles) for r in _roles(user))


def org_ids_with_role(user: Any, *roles: str) -> set[int]:
    """Organizations where ``user`` holds any of ``roles`` (all roles when none named)."""
    return {r.organization_id for r in _roles(user) if not roles or r.role in roles}


def role_names(user: Any) -> set[str]:
    return {r.role for r in _roles(user)}


def supervised_orgs(user: Any) -> QuerySet[Organization]:
    """Every organization a supervisor may read: the subtree under each of their supervision roots."""
    roots = [r.organization.supervision_root() for r in _roles(user) if r.role == RoleName.SUPERVISOR]
    if not roots:
        return Organization.objects.none()
    q = Q()
    for root in roots:
        q |= Q(path__startswith=root.path)
    return Organization.objects.filter(q)


def readable_orgs(user: Any) -> QuerySet[Organization]:
    """Organizations whose internal data ``user`` may read."""
    if getattr(user, "is_superuser", False):
        return Organization.objects.all()
    own = org_ids_with_role(user)
    return Organization.objects.filter(Q(pk__in=own) | Q(pk__in=supervised_orgs(user).values("pk")))


def is_supervisor_of(user: Any, organization: Organization) -> bool:
    return supervised_orgs(user).filter(pk=organization.pk).exists()


def can_administer_org(user: Any, organization: Organization) -> bool:
    """Organization administrators manage their own organization's users, roles and catalog."""
    return getattr(user, "is_superuser", False) or has_role(user, organization, RoleName.ORG_ADMIN)


def organizations_for(user: Any, *roles: str) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=org_ids_with_role(user, *roles))
