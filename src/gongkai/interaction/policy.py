"""Who may do what with messages (互动, docs/SPEC.md §3): the one policy module of the app.

Two levels of reading, as for requests (the writer's data is personal information):

* the *message* (number, subject, text, dates, state, answer) — the receiving body's office head
  and request handlers, the person it was assigned to, and supervisors above (read only);
* the *writer* (name, telephone, e-mail) — only the people who handle it: the body's office head and
  request handlers, and the assignee.

The office head (公开工作机构负责人) assigns a message to a request handler or an editor of the body;
the assignee (or the office head) answers; either publishes the answer when the writer consented
(after the masking check), or closes it without publishing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.interaction.models import OPEN_STATES, Message, MessageState
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName

#: The roles that receive and handle a body's messages.
OFFICE_ROLES = (RoleName.OFFICE_HEAD, RoleName.REQUEST_HANDLER)
#: The roles a message may be assigned to.
ASSIGNABLE_ROLES = (RoleName.REQUEST_HANDLER, RoleName.EDITOR, RoleName.OFFICE_HEAD)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_messages(user: Any) -> QuerySet[Message]:
    """Messages whose record ``user`` may read."""
    if not _signed_in(user):
        return Message.objects.none()
    if user.is_superuser:
        return Message.objects.all()
    office = org_policy.org_ids_with_role(user, *OFFICE_ROLES)
    supervised = list(org_policy.supervised_orgs(user).values_list("pk", flat=True))
    return Message.objects.filter(Q(organization_id__in=office | set(supervised)) | Q(assignee_id=user.pk))


def handled_messages(user: Any) -> QuerySet[Message]:
    """Messages ``user`` handles: of the bodies where they are the office, or assigned to them."""
    if not _signed_in(user):
        return Message.objects.none()
    office = org_policy.org_ids_with_role(user, *OFFICE_ROLES)
    return Message.objects.filter(Q(organization_id__in=office) | Q(assignee_id=user.pk))


def can_open_messages(user: Any) -> bool:
    """The 互动交流 menu entry: people of a body's office, assignees, supervisors, superusers."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    roles = org_policy.role_names(user)
    if roles & {*OFFICE_ROLES, RoleName.SUPERVISOR}:
        return True
    return Message.objects.filter(assignee_id=user.pk).exists()


def is_office(user: Any, message: Message) -> bool:
    return org_policy.has_role(user, message.organization_id, *OFFICE_ROLES)


def is_office_head(user: Any, message: Message) -> bool:
    return org_policy.has_role(user, message.organization_id, RoleName.OFFICE_HEAD)


def can_see_writer(user: Any, message: Message) -> bool:
    if not _signed_in(user):
        return False
    return message.assignee_id == user.pk or is_office(user, message)


def can_assign(user: Any, message: Message) -> bool:
    """分办: the body's office head, while the message is not answered."""
    return message.state in OPEN_STATES and is_office_head(user, message)


def _handles(user: Any, message: Message) -> bool:
    return _signed_in(user) and (message.assignee_id == user.pk or is_office_head(user, message))


def can_answer(user: Any, message: Message) -> bool:
    """答复: the assignee, or the office head (who may answer a message directly)."""
    return message.state in OPEN_STATES and _handles(user, message)


def can_publish(user: Any, message: Message) -> bool:
    """公开答复: only with the writer's consent, after the answer."""
    return message.state == MessageState.ANSWERED and message.consent_publish and _handles(user, message)


def can_edit_published(user: Any, message: Message) -> bool:
    return message.state == MessageState.PUBLISHED and _handles(user, message)


def can_unpublish(user: Any, message: Message) -> bool:
    return message.state == MessageState.PUBLISHED and is_office_head(user, message)


def can_close(user: Any, message: Message) -> bool:
    """办结不公开: an answered message that will not be published (no consent, or not suitable)."""
    return message.state == MessageState.ANSWERED and _handles(user, message)


def assignable_people(message: Message) -> QuerySet[Any]:
    from gongkai.orgs.selectors import staff_of

    return staff_of(message.organization_id, *ASSIGNABLE_ROLES).order_by("full_name", "username")


def can_edit_kinds(user: Any) -> bool:
    """The kinds and their answer periods are one configuration for the installation: changed by
    superusers and the organization administrators of a top-level organization (as the calendar)."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return Organization.objects.filter(
        pk__in=org_policy.org_ids_with_role(user, RoleName.ORG_ADMIN), parent__isnull=True
    ).exists()
