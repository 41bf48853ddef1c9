"""Reads about the people of organizations that every domain asks: who holds which role where.

The domains tell people about their work (a request to handle, an item to review, a report to
check) and fill choice lists with them; they all ask here, so "the staff of a body" means one
thing everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from gongkai.orgs.models import Organization

#: One body, by instance or id; several bodies (a queryset or a list); or none (nobody).
Bodies = Organization | int | QuerySet[Organization] | Iterable[Organization | int] | None


def staff_of(organizations: Bodies, *roles: str, active_only: bool = True) -> QuerySet[Any]:
    """The people holding any of ``roles`` (any role when none is named) within ``organizations``,
    each once. Only active accounts unless ``active_only`` is false (a chain's designated signers
    stay what they were configured as, even after an account is disabled)."""
    users = get_user_model().objects
    if organizations is None:
        return users.none()
    if isinstance(organizations, Organization | int):
        where: dict[str, Any] = {
            "roles__organization_id": organizations.pk
            if isinstance(organizations, Organization)
            else organizations
        }
    elif isinstance(organizations, QuerySet):
        where = {"roles__organization__in": organizations}
    else:
        where = {
            "roles__organization_id__in": [o.pk if isinstance(o, Organization) else o for o in organizations]
        }
    if roles:
        where["roles__role__in"] = roles
    if active_only:
        where["is_active"] = True
    return users.filter(**where).distinct()
