"""Who is told what about a request (docs/SPEC.md §4.3, §9): in-app messages and e-mail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.foi.models import InfoRequest
from gongkai.notifications.services import notify
from gongkai.orgs.models import RoleName
from gongkai.orgs.selectors import staff_of


def office_staff(request: InfoRequest) -> QuerySet[Any]:
    return staff_of(request.organization_id, RoleName.REQUEST_HANDLER, RoleName.OFFICE_HEAD)


def handlers(request: InfoRequest) -> list[Any]:
    """The people working the case: the assignee, else the handling department's handlers."""
    if request.assignee_id:
        return [request.assignee]
    if request.handling_unit_id:
        return list(staff_of(request.handling_unit_id, RoleName.REQUEST_HANDLER))
    return list(office_staff(request))


def case_url(request: InfoRequest) -> str:
    return reverse("backoffice:request_detail", args=[request.pk])


def notify_new_request(request: InfoRequest) -> None:
    notify(
        office_staff(request),
        kind="request.new",
        title=f"新的政府信息公开申请 {request.registration_number}",
        body=f"收到申请日期 {request.received_on}，答复期限 {request.due_date}。",
        url=case_url(request),
        key=f"request.new:{request.pk}",
    )


def notify_assigned(request: InfoRequest) -> None:
    notify(
        handlers(request),
        kind="request.assigned",
        title=f"请办理政府信息公开申请 {request.registration_number}",
        body=f"内部办理期限 {request.internal_due_date}，法定答复期限 {request.due_date}。",
        url=case_url(request),
        key=f"request.assigned:{request.pk}:{request.assignee_id or request.handling_unit_id}",
    )


def notify_office(request: InfoRequest, kind: str, title: str, body: str = "") -> None:
    notify(office_staff(request), kind=kind, title=title, body=body, url=case_url(request))


def notify_handlers(request: InfoRequest, kind: str, title: str, body: str = "") -> None:
    notify(handlers(request), kind=kind, title=title, body=body, url=case_url(request))


def supervisors_above(request: InfoRequest) -> QuerySet[Any]:
    """The supervisors of the body's competent authority (who watch its timeliness)."""
    authority = request.organization.competent_authority()
    if authority is None:
        return get_user_model().objects.none()
    return staff_of(authority.pk, RoleName.SUPERVISOR)


def notify_reminder(request: InfoRequest, reminder: Any) -> None:
    title = f"{'超期督办' if reminder.escalation else '催办'}：{request.registration_number}"
    body = f"{reminder.message}\n答复期限 {request.due_date}。"
    recipients = list(handlers(request))
    if reminder.escalation:
        recipients += list(staff_of(request.organization_id, RoleName.OFFICE_HEAD))
        recipients += list(supervisors_above(request))
    notify(recipients, kind="request.reminder", title=title, body=body, url=case_url(request))
