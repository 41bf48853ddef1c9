"""Who sees the results of 社会评议 in the back office (docs/SPEC.md §1: the scope rule).

Whoever may read a body's internal data (``orgs.policy.readable_orgs``: a role there, a supervisor
above it, a system administrator) sees its ratings: a body's staff their own body, a supervisor
every body of the region below them. Ratings are read, never changed, in the back office.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization


def rated_orgs(user: Any) -> QuerySet[Organization]:
    """The bodies whose ratings ``user`` may read."""
    return org_policy.readable_orgs(user)


def can_open_ratings(user: Any) -> bool:
    """Does the 社会评议 screen serve ``user``: someone who may read at least one body?"""
    return bool(getattr(user, "is_authenticated", False)) and rated_orgs(user).exists()
