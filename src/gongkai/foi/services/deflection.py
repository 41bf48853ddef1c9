"""The counts of request deflection (``foi.deflection``): one increment per event, anonymous.

Each function adds one to a body's counter for the current month (Beijing time) in one UPDATE, so
concurrent visitors never lose a count; the month's row is created by the first. Nothing about the
visitor is stored and no audit event is written per count: the counts are statistics, not acts
of anyone the audit log could name.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from gongkai.foi.deflection import month_of
from gongkai.foi.models import DeflectionTally
from gongkai.foi.services.clock import local_today

FIELDS = ("shown", "followed", "submitted")


def _bump(field: str, organization_id: int | None) -> None:
    if field not in FIELDS:
        raise ValueError(field)
    month = month_of(local_today())
    rows = DeflectionTally.objects.filter(month=month)
    rows = (
        rows.filter(organization__isnull=True)
        if organization_id is None
        else rows.filter(organization_id=organization_id)
    )
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            DeflectionTally.objects.create(month=month, organization_id=organization_id, **{field: 1})
    except IntegrityError:  # another visitor created the row first
        rows.update(**{field: F(field) + 1})


def count_shown(organization_id: int | None) -> None:
    """Suggestions were shown on the application form addressed to this body (or to none yet)."""
    _bump("shown", organization_id)


def count_followed(organization_id: int | None) -> None:
    """A citizen followed a suggestion to the published item."""
    _bump("followed", organization_id)


def count_submitted(organization_id: int | None) -> None:
    """An application was submitted although suggestions had been shown."""
    _bump("submitted", organization_id)
