"""Who may do what with requests for information: the one policy module of 依申请公开.

Two levels of reading, because applicant data is personal information (SPEC §4.5):

* the *case* (registration number, dates, state, due date, outcome) — the handling body's staff,
  the handling department, and supervisors above (the competent authority's dashboard);
* the *applicant* (name, ID, contact, address, the description as written) — only the staff who
  handle it: request handlers and the disclosure office head of the receiving body, and the
  handlers of the department it was assigned to. Every reading of it is audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.foi.models import InfoRequest, RequestState
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName

HANDLING_ROLES = (RoleName.REQUEST_HANDLER, RoleName.OFFICE_HEAD)


def visible_requests(user: Any) -> QuerySet[InfoRequest]:
    """Requests whose case record ``user`` may see (not necessarily the applicant's data)."""
    if not getattr(user, "is_authenticated", False):
        return InfoRequest.objects.none()
    if user.is_superuser:
        return InfoRequest.objects.all()
    # The readable bodies are read first: plain id lists let the database use the indexes on
    # ``organization`` and ``handling_unit`` (two subqueries joined by OR did not: a body's dashboard
    # at 100,000 open requests took 470 ms instead of 20 ms on PostgreSQL).
    ids = list(org_policy.readable_orgs(user).values_list("pk", flat=True))
    return InfoRequest.objects.filter(Q(organization_id__in=ids) | Q(handling_unit_id__in=ids))


def handled_requests(user: Any) -> QuerySet[InfoRequest]:
    """Requests whose applicant data ``user`` may see: the handling staff's own cases."""
    if not getattr(user, "is_authenticated", False):
        return InfoRequest.objects.none()
    orgs = org_policy.org_ids_with_role(user, *HANDLING_ROLES)
    return InfoRequest.objects.filter(Q(organization__in=orgs) | Q(handling_unit__in=orgs) | Q(assignee=user))


def can_see_case(user: Any, request: InfoRequest) -> bool:
    return visible_requests(user).filter(pk=request.pk).exists()


def can_see_applicant(user: Any, request: InfoRequest) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if request.assignee_id == user.pk:
        return True
    return any(
        org_policy.has_role(user, org_id, *HANDLING_ROLES)
        for org_id in (request.organization_id, request.handling_unit_id)
        if org_id
    )


def can_register(user: Any, organization: Organization) -> bool:
    """Registering requests received offline, and assigning them: the receiving body's office/window."""
    return org_policy.has_role(user, organization, *HANDLING_ROLES)


def is_office(user: Any, request: InfoRequest) -> bool:
    """The receiving body's disclosure office (or window)."""
    return org_policy.has_role(user, request.organization_id, *HANDLING_ROLES)


def is_office_head(user: Any, request: InfoRequest) -> bool:
    return org_policy.has_role(user, request.organization_id, RoleName.OFFICE_HEAD)


def can_handle(user: Any, request: InfoRequest) -> bool:
    """Working on the case: consultations, fee notices, drafting the reply."""
    if not request.is_open:
        return False
    return is_office(user, request) or can_see_applicant(user, request)


def can_assign(user: Any, request: InfoRequest) -> bool:
    return request.state in (
        RequestState.REGISTERED,
        RequestState.ASSIGNED,
        RequestState.DRAFTED,
    ) and is_office(user, request)


def can_extend(user: Any, request: InfoRequest) -> bool:
    """第三十三条第二款: an extension is approved by the head of the disclosure office."""
    return request.is_open and is_office_head(user, request)


def can_review_draft(user: Any, request: InfoRequest) -> bool:
    """Routing model B: the office reviews the department's draft reply."""
    return request.state == RequestState.DRAFTED and is_office(user, request)


def can_issue(user: Any, request: InfoRequest) -> bool:
    """Issuing the reply: the office (model A, or the window in model B after approval)."""
    from gongkai.foi.models import Routing

    if not request.is_open or request.state == RequestState.CORRECTION:
        return False
    routing = getattr(getattr(request.organization, "request_settings", None), "routing", Routing.OFFICE)
    if routing == Routing.WINDOW:
        return request.state == RequestState.APPROVED and is_office(user, request)
    return can_handle(user, request)


def can_remind(user: Any, request: InfoRequest) -> bool:
    """催办: the office, or a supervisor above the body."""
    return request.is_open and (
        is_office(user, request) or org_policy.is_supervisor_of(user, request.organization)
    )


def can_configure(user: Any, organization: Organization) -> bool:
    """A body's request-handling settings: its organization administrator or its office head."""
    return org_policy.can_administer_org(user, organization) or org_policy.has_role(
        user, organization, RoleName.OFFICE_HEAD
    )


def can_record_appeal(user: Any, request: InfoRequest) -> bool:
    return not request.is_open and is_office(user, request)
