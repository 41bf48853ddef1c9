"""Who may do what with consultations (意见征集, docs/SPEC.md §2.4). Scope is ``orgs.policy``'s:
a person reads the consultations of the organizations ``readable_orgs`` gives them (a supervisor
the bodies below, read only) and acts by the roles held in the consultation's organization.

- the organization's 录入员 (editor) drafts, edits and sends to secrecy review;
- its 保密审查员 (reviewer) reviews, never their own draft;
- its 签发人 (signer) opens it for comment (签发), never their own draft;
- its editor and 公开工作机构负责人 (office_head) moderate comments and answer them, and write the
  采纳情况; the signer or the office head closes early;
- the signer publishes the 采纳情况 and links the final document.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.opinions.models import Consultation, State
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName

STAFF_ROLES = (RoleName.EDITOR, RoleName.REVIEWER, RoleName.SIGNER, RoleName.OFFICE_HEAD)
MODERATING_ROLES = (RoleName.EDITOR, RoleName.OFFICE_HEAD)
CLOSING_ROLES = (RoleName.SIGNER, RoleName.OFFICE_HEAD)


def can_open_section(user: Any) -> bool:
    """The 意见征集 screens serve the staff roles above and supervisors (who read)."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = org_policy.role_names(user)
    return bool(roles & {*STAFF_ROLES, RoleName.SUPERVISOR})


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    return Consultation.objects.filter(organization__in=org_policy.readable_orgs(user))


def drafting_orgs(user: Any) -> QuerySet[Organization]:
    return org_policy.organizations_for(user, RoleName.EDITOR)


def can_draft(user: Any, organization: Organization | None = None) -> bool:
    if organization is None:
        return bool(org_policy.org_ids_with_role(user, RoleName.EDITOR))
    return org_policy.has_role(user, organization, RoleName.EDITOR)


def _has(user: Any, c: Consultation, *roles: str) -> bool:
    return org_policy.has_role(user, c.organization_id, *roles)


def can_edit(user: Any, c: Consultation) -> bool:
    return c.state == State.DRAFT and _has(user, c, RoleName.EDITOR)


def can_submit(user: Any, c: Consultation) -> bool:
    return can_edit(user, c)


def can_review(user: Any, c: Consultation) -> bool:
    """Secrecy review: a reviewer of the organization, never the drafter (docs/SPEC.md §2.4)."""
    return c.state == State.REVIEW and _has(user, c, RoleName.REVIEWER) and user.pk != c.drafter_id


def can_open(user: Any, c: Consultation) -> bool:
    """签发: a signer of the organization, neither the drafter nor the reviewer of this round."""
    return (
        c.state == State.SIGNOFF
        and _has(user, c, RoleName.SIGNER)
        and user.pk not in (c.drafter_id, c.reviewed_by_id)
    )


def can_return_signoff(user: Any, c: Consultation) -> bool:
    return can_open(user, c)


def can_moderate(user: Any, c: Consultation) -> bool:
    return c.state in (State.OPEN, State.CLOSED) and _has(user, c, *MODERATING_ROLES)


def can_answer(user: Any, c: Consultation) -> bool:
    return c.state in (State.OPEN, State.CLOSED) and _has(user, c, *MODERATING_ROLES)


def can_close(user: Any, c: Consultation) -> bool:
    return c.state == State.OPEN and _has(user, c, *CLOSING_ROLES)


def can_write_summary(user: Any, c: Consultation) -> bool:
    return c.state == State.CLOSED and _has(user, c, *MODERATING_ROLES, RoleName.SIGNER)


def can_publish_summary(user: Any, c: Consultation) -> bool:
    return c.state == State.CLOSED and _has(user, c, RoleName.SIGNER)


def can_link_final(user: Any, c: Consultation) -> bool:
    return c.state in (State.CLOSED, State.CONCLUDED) and _has(user, c, RoleName.SIGNER)


def can_see_contacts(user: Any, c: Consultation) -> bool:
    """Contact data is for the staff who handle the comments, not for readers from above."""
    return _has(user, c, *MODERATING_ROLES, RoleName.SIGNER)
