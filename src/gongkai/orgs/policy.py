"""The scope rule (docs/SPEC.md §1), in one place.

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


def is_system_admin(user: Any) -> bool:
    """系统管理员: the installation's superusers (organizations, the whole tree, any role)."""
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def role_reaches_beyond(role: str, organization: Organization) -> bool:
    """Does holding ``role`` within ``organization`` give power over other organizations?

    A supervisor reads every body below its organization (a competent authority's supervisor, its
    whole region: ``supervised_orgs``); the 机构管理员 of a top organization changes the working-day
    calendar every body's deadlines are counted on (``workdays.policy.can_edit_calendar``).
    """
    if role == RoleName.SUPERVISOR:
        return True
    return role == RoleName.ORG_ADMIN and organization.parent_id is None


def reach_root(role: str, organization: Organization) -> Organization:
    """The top of what a holder of ``role`` within ``organization`` reaches."""
    return organization.supervision_root() if role == RoleName.SUPERVISOR else organization


def reaches_above(user: Any, organization: Organization) -> bool:
    """Does ``user`` supervise ``organization`` from strictly above it (from a supervision root that is
    a proper ancestor of ``organization``)? Peers and the organization's own staff do not."""
    for role in _roles(user):
        if role.role != RoleName.SUPERVISOR:
            continue
        root = role.organization.supervision_root()
        if organization.pk != root.pk and organization.path.startswith(root.path):
            return True
    return False


def can_grant_role(actor: Any, organization: Organization, role: str, user: Any | None = None) -> bool:
    """Who may grant (or revoke) ``role`` within ``organization`` (audit finding 4.8).

    Nobody grants a role to themselves. A role that reaches beyond the organization is granted only
    by a system administrator or by someone who already supervises the top of that reach from
    above; the organization's own administrator grants the other roles.
    """
    if user is not None and getattr(user, "pk", None) == getattr(actor, "pk", object()):
        return False
    if is_system_admin(actor):
        return True
    if role_reaches_beyond(role, organization):
        return reaches_above(actor, reach_root(role, organization))
    return can_administer_org(actor, organization)


def can_manage_roles(user: Any, organization: Organization) -> bool:
    """May ``user`` open the roles of ``organization`` (its administrator, or a supervisor from above
    who grants the roles that reach beyond it)?"""
    return can_administer_org(user, organization) or reaches_above(user, organization)


def role_managed_orgs(user: Any) -> QuerySet[Organization]:
    """Organizations whose roles ``user`` may open: all for a system administrator; those where they
    are 机构管理员; and, for a supervisor, the bodies strictly below their supervision root."""
    if is_system_admin(user):
        return Organization.objects.all()
    q = Q(pk__in=org_ids_with_role(user, RoleName.ORG_ADMIN))
    for role in _roles(user):
        if role.role == RoleName.SUPERVISOR:
            root = role.organization.supervision_root()
            q |= Q(path__startswith=root.path) & ~Q(pk=root.pk)
    return Organization.objects.filter(q)


def grantable_roles(actor: Any, organization: Organization) -> list[str]:
    """The roles ``actor`` may grant within ``organization``, in the order of ``RoleName``."""
    return [r for r in RoleName.values if can_grant_role(actor, organization, r)]


def can_open_people_page(user: Any) -> bool:
    """Does the people page (人员与角色) serve ``user``: a system administrator, an organization's
    机构管理员, or a supervisor with bodies below their supervision root whose reaching roles they
    grant? The back office shows its menu entry to exactly these people."""
    return role_managed_orgs(user).exists()
