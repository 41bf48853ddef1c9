"""Who is told about a message, and the link they follow (the staff page of the message)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.interaction.models import Message
from gongkai.orgs.models import RoleName
from gongkai.orgs.selectors import staff_of


def message_url(message: Message) -> str:
    return reverse("backoffice:message_detail", args=[message.pk])


def office_people(message: Message) -> QuerySet[Any]:
    """The body's office head(s): they assign new messages."""
    return staff_of(message.organization_id, RoleName.OFFICE_HEAD)


def handlers(message: Message) -> list[Any]:
    """Who must answer: the assignee, else the office head(s) who have not assigned it yet."""
    if message.assignee_id is not None:
        return [message.assignee]
    return list(office_people(message))


def supervisors_above(message: Message) -> QuerySet[Any]:
    """The supervisors of the body's competent authority (who watch its 互动 in the website checks)."""
    authority = message.organization.competent_authority()
    if authority is None:
        return get_user_model().objects.none()
    return staff_of(authority.pk, RoleName.SUPERVISOR)
