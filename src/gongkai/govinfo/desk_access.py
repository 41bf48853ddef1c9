"""Who sees what at the information section's desk (信息科, docs/SPEC.md §8), built on
``govinfo.policy``: the submissions received by an office are its desk editors'; the issues of its
publications are read by its desk editors (drafts too) and, once issued, by the leaders of its
government (``policy.reading_offices``). Lists are filtered by these functions, never only hidden.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.govinfo import policy
from gongkai.govinfo.models import Issue, IssueState, Publication, State, Submission

#: The states in which a submission is on the desk (sent, and not taken back by its unit).
DESK_STATES = (
    State.SUBMITTED,
    State.RECEIVED,
    State.RESERVED,
    State.ADOPTED,
    State.RETURNED,
    State.MERGED,
)

#: The states in which the desk still decides about a submission.
OPEN_STATES = (State.SUBMITTED, State.RECEIVED, State.RESERVED)


def desk_submissions(user: Any) -> QuerySet[Submission]:
    """The submissions sent to the offices whose desk ``user`` runs."""
    if not policy.can_use_desk(user):
        return Submission.objects.none()
    return Submission.objects.filter(recipient__in=policy.desk_offices(user), state__in=DESK_STATES)


def can_handle(user: Any, submission: Submission) -> bool:
    """Whether ``user`` runs the desk ``submission`` was sent to."""
    return submission.recipient_id is not None and policy.can_use_desk(user, submission.recipient_id)


def desk_publications(user: Any) -> QuerySet[Publication]:
    """The publications edited by the offices whose desk ``user`` runs."""
    if not policy.can_use_desk(user):
        return Publication.objects.none()
    return Publication.objects.filter(organization__in=policy.desk_offices(user))


def can_edit_publication(user: Any, publication: Publication) -> bool:
    return publication.organization_id is not None and policy.can_use_desk(user, publication.organization_id)


def readable_issues(user: Any) -> QuerySet[Issue]:
    """Issues ``user`` may open: all of their own desks' (drafts too), and the issued issues of the
    offices whose publications they read as leaders."""
    if not getattr(user, "is_authenticated", False):
        return Issue.objects.none()
    q = (
        Q(publication__organization__in=policy.desk_offices(user))
        if policy.can_use_desk(user)
        else Q(pk__in=[])
    )
    if policy.is_leader(user) or getattr(user, "is_superuser", False):
        q |= Q(state=IssueState.ISSUED, publication__organization__in=policy.reading_offices(user))
    return Issue.objects.filter(q)


def can_read_issues(user: Any) -> bool:
    """The 信息刊物 menu: desk editors and leaders."""
    return policy.can_use_desk(user) or policy.is_leader(user)


def can_edit_issue(user: Any, issue: Issue) -> bool:
    return can_edit_publication(user, issue.publication)
