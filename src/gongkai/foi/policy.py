"""Who may do what with requests for information: the one policy module of 依申请公开.

Two levels of reading, because applicant data is personal information (docs/SPEC.md §4.5):

* the *case* (registration number, dates, state, due date, outcome) — the handling body's staff,
  the handling department, and supervisors above (the competent authority's dashboard);
* the *applicant* (name, ID, contact, address, the description as written) — only the staff who
  handle it: request handlers and the disclosure office head of the receiving body, and the
  handlers of the department it was assigned to. Every reading of it is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.conf import conf
from gongkai.foi.clock import EventKind
from gongkai.foi.models import InfoRequest, RequestState, Routing
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName

HANDLING_ROLES = (RoleName.REQUEST_HANDLER, RoleName.OFFICE_HEAD)


def routing(request: InfoRequest) -> str:
    """The receiving body's way of handling requests: model A (``Routing.OFFICE``) unless its
    settings choose model B (``Routing.WINDOW``, 接办分离)."""
    settings = getattr(request.organization, "request_settings", None)
    return settings.routing if settings else Routing.OFFICE


def fees_enabled() -> bool:
    """Does this installation charge 信息处理费 (第四十二条; ``settings.GONGKAI["REQUEST_FEES"]``)?"""
    return bool(conf()["REQUEST_FEES"].get("ENABLED"))


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
    if not request.is_open or request.state == RequestState.CORRECTION:
        return False
    if routing(request) == Routing.WINDOW:
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


# -- the back office's request screens: who they serve ---------------------------------------------


def _serves(user: Any, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or org_policy.role_names(user) & set(roles))


def can_open_register(user: Any) -> bool:
    """Does the register (依申请公开: the list of requests and the page of each) serve ``user``?

    The handling staff — request handlers of a receiving body (its office, or its window in model
    B) or of a handling department, and office heads — and the supervisors who read their region's
    cases. The back office shows its menu entry to exactly these people (and to system
    administrators, who see every case).
    """
    return _serves(user, *HANDLING_ROLES, RoleName.SUPERVISOR)


def can_open_dashboard(user: Any) -> bool:
    """Does the dashboard (依申请公开办理情况) serve ``user``? The register's people, and a body's
    机构管理员, who sets the body's request handling (``can_configure``) from its row there."""
    return _serves(user, *HANDLING_ROLES, RoleName.SUPERVISOR, RoleName.ORG_ADMIN)


# -- the actions on one request ---------------------------------------------------------------------


def can_draft_reply(user: Any, request: InfoRequest) -> bool:
    """Model B (接办分离): the handling department drafts the reply for the office to review."""
    return (
        routing(request) == Routing.WINDOW
        and request.state == RequestState.ASSIGNED
        and can_handle(user, request)
    )


def can_issue_reply(user: Any, request: InfoRequest) -> bool:
    """Model A: the reply is issued from the reply form by whoever handles the case."""
    return routing(request) != Routing.WINDOW and can_issue(user, request)


def can_reply(user: Any, request: InfoRequest) -> bool:
    """The reply form: issuing the reply (model A) or submitting the draft (model B)."""
    return can_draft_reply(user, request) or can_issue_reply(user, request)


def can_return_draft(user: Any, request: InfoRequest) -> bool:
    """Returning a draft to the department: while the office reviews it, or after approval
    (recalled before the window delivers it)."""
    return can_review_draft(user, request) or (
        request.state == RequestState.APPROVED and is_office(user, request)
    )


def can_deliver(user: Any, request: InfoRequest) -> bool:
    """Model B, the window: issuing the approved reply and recording its delivery (出具并送达)."""
    return routing(request) == Routing.WINDOW and can_issue(user, request)


def can_withdraw(user: Any, request: InfoRequest) -> bool:
    """Recording that the applicant withdrew an open request: the receiving body's office."""
    return request.is_open and is_office(user, request)


def can_link_duplicate(user: Any, request: InfoRequest) -> bool:
    """Linking a repeated application (重复申请, 第三十六条第（五）项): comparing applicants needs
    their data, so the handling staff only."""
    return can_see_applicant(user, request) and (can_handle(user, request) or is_office(user, request))


def can_charge_fee(user: Any, request: InfoRequest) -> bool:
    """A fee notice (第四十二条), where this installation charges fees."""
    return fees_enabled() and can_handle(user, request)


@dataclass(frozen=True)
class Permission:
    """Who may take one action on a request, and what a person refused is told (the 403 page).

    The POST view of the action refuses everyone ``check`` refuses; ``actions_for`` shows the
    action's form only to people ``check`` admits, and only when the request's state calls for it.
    """

    check: Callable[[Any, InfoRequest], bool]
    refusal: str

    def __call__(self, user: Any, request: InfoRequest) -> bool:
        return self.check(user, request)


NOT_HANDLER = "您不能处理这件申请。"
OFFICE_ONLY = "只有受理机关的公开工作机构可以"

ASSIGN = Permission(can_assign, OFFICE_ONLY + "分办申请。")
HANDLE = Permission(can_handle, NOT_HANDLER)
EXTEND = Permission(can_extend, "延长答复期限须经政府信息公开工作机构负责人同意（第三十三条第二款）。")
REPLY = Permission(can_reply, "当前不能出具答复（接办分离模式下须先经公开办审核）。")
APPROVE_DRAFT = Permission(can_review_draft, OFFICE_ONLY + "审核拟答复。")
RETURN_DRAFT = Permission(can_return_draft, OFFICE_ONLY + "退回拟答复。")
DELIVER = Permission(can_deliver, OFFICE_ONLY + "出具经审核的答复。")
WITHDRAW = Permission(can_withdraw, OFFICE_ONLY + "登记撤回。")
REISSUE_CODE = Permission(is_office, OFFICE_ONLY + "重新生成查询码。")
REMIND = Permission(can_remind, "您不能催办这件申请。")
LINK_DUPLICATE = Permission(can_link_duplicate, NOT_HANDLER)
RECORD_APPEAL = Permission(is_office, OFFICE_ONLY + "登记行政复议和行政诉讼。")
DECIDE_APPEAL = Permission(is_office, OFFICE_ONLY + "登记结果。")
CHARGE_FEE = Permission(can_charge_fee, "您不能发出收费通知。")
RECORD_PAYMENT = Permission(can_handle, "只有本申请的承办人员可以办理收费事项。")
RECORD_DELIVERY = Permission(can_see_applicant, "只有本申请的承办人员可以登记送达。")
READ_LETTER = Permission(
    can_see_applicant, "告知书载有申请人的个人信息，只有本申请的承办人员可以下载或打印。"
)


def actions_for(user: Any, request: InfoRequest, *, today: dt.date | None = None) -> dict[str, bool]:
    """The action table of a request's page: which action forms ``user`` sees now.

    Each entry is the action's ``Permission`` (the one its POST view checks again) and, where the
    form only makes sense in some states, the state: a correction is asked once, before the
    handling starts (第三十条); it lapses after its time; the clock is paused during a correction
    (no consultation, extension or fee then); an appeal is recorded on a finished request.
    """
    today = today or timezone.localdate()
    state = request.state
    correcting = state == RequestState.CORRECTION
    handle = HANDLE(user, request)
    return {
        "assign": ASSIGN(user, request),
        "ask_correction": handle
        and state in (RequestState.REGISTERED, RequestState.ASSIGNED)
        and not request.clock_events.filter(kind=EventKind.CORRECTION_REQUESTED).exists(),
        "receive_correction": handle and correcting,
        "lapse_correction": handle
        and correcting
        and request.correction_due is not None
        and today > request.correction_due,
        "consult": handle and not correcting,
        "answer_consultation": handle,
        "extend": EXTEND(user, request) and not correcting,
        "reply": can_issue_reply(user, request),
        "submit_draft": can_draft_reply(user, request),
        "review_draft": APPROVE_DRAFT(user, request),
        "recall": state == RequestState.APPROVED and RETURN_DRAFT(user, request),
        "deliver": DELIVER(user, request),
        "withdraw": WITHDRAW(user, request),
        "reissue_code": REISSUE_CODE(user, request),
        "remind": REMIND(user, request),
        "link_duplicate": LINK_DUPLICATE(user, request),
        "record_appeal": not request.is_open and RECORD_APPEAL(user, request),
        "decide_appeal": DECIDE_APPEAL(user, request),
        "fee": CHARGE_FEE(user, request) and not correcting,
        "pay_fee": RECORD_PAYMENT(user, request),
        "deliver_letter": RECORD_DELIVERY(user, request),
    }
