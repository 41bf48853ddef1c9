"""A body's request-handling settings (依申请公开办理设置, docs/SPEC.md §4.3, §4.5): the routing
model (A or B of §4.3), the internal lead of the handling department, the due-soon window, and what reply
letters cite
(行政复议机关, 管辖人民法院, 告知书文号前缀). One entry point changes them and records the audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.audit.log import record
from gongkai.foi import clock as kernel
from gongkai.foi import policy
from gongkai.foi.clock import ANSWER_WORKDAYS
from gongkai.foi.models import OPEN_STATES, InfoRequest, RequestSettings, Routing
from gongkai.foi.services.clock import DERIVED_FIELDS, apply_result, compute
from gongkai.orgs.models import Organization

SETTINGS_FIELDS = ["routing", "internal_lead_days", "due_soon_days", "review_body", "court", "letter_prefix"]

#: The daily round looks 21 calendar days ahead for due-soon cases: enough for 10 working days.
MAX_DUE_SOON_DAYS = 10
#: The internal period must leave the department at least one working day of the 20 (第三十三条).
MAX_INTERNAL_LEAD_DAYS = ANSWER_WORKDAYS - 1

LEAD_ERROR = (
    f"内部办理提前工作日数应在0至{MAX_INTERNAL_LEAD_DAYS}之间"
    f"（法定答复期限为{ANSWER_WORKDAYS}个工作日，第三十三条第一款）"
)
DUE_SOON_ERROR = f"临期提醒工作日数应在0至{MAX_DUE_SOON_DAYS}之间"


def settings_for(organization: Organization) -> RequestSettings:
    """The body's settings, or the defaults (unsaved) when it never changed them."""
    try:
        return RequestSettings.objects.get(organization=organization)
    except RequestSettings.DoesNotExist:
        return RequestSettings(organization=organization)


def _validate(fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if "routing" in fields and fields["routing"] not in Routing.values:
        errors["routing"] = "请选择办理模式"
    lead = fields.get("internal_lead_days")
    if lead is not None and not (0 <= int(lead) <= MAX_INTERNAL_LEAD_DAYS):
        errors["internal_lead_days"] = LEAD_ERROR
    soon = fields.get("due_soon_days")
    if soon is not None and not (0 <= int(soon) <= MAX_DUE_SOON_DAYS):
        errors["due_soon_days"] = DUE_SOON_ERROR
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_request_settings(
    organization: Organization, *, actor: Any, fields: dict[str, Any]
) -> RequestSettings:
    """Change a body's request-handling settings.

    A new internal lead moves the internal due dates (内部办理期限) of the body's open requests at
    once; their statutory due dates do not depend on it.
    """
    if not policy.can_configure(actor, organization):
        raise PermissionDenied("只有本机关的机构管理员或政府信息公开工作机构负责人可以修改依申请公开办理设置")
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(f"不能在此修改这些字段：{', '.join(sorted(unknown))}")
    _validate(fields)
    settings = settings_for(organization)
    before = {name: getattr(settings, name) for name in SETTINGS_FIELDS}
    for name, value in fields.items():
        setattr(settings, name, value.strip() if isinstance(value, str) else value)
    settings.full_clean()
    settings.save()
    changed = sorted(name for name in SETTINGS_FIELDS if getattr(settings, name) != before[name])
    refreshed = 0
    if "internal_lead_days" in changed:
        refreshed = _refresh_internal_due_dates(organization, settings.internal_lead_days)
    record(
        actor=actor,
        action="request.settings_updated",
        target=settings,
        organization=organization,
        data={
            "fields": changed,
            "before": {name: before[name] for name in changed},
            "after": {name: getattr(settings, name) for name in changed},
            "requests_refreshed": refreshed,
        },
    )
    return settings


def _refresh_internal_due_dates(organization: Organization, lead: int) -> int:
    """Recompute the derived clock columns of the body's open requests with the new lead."""
    changed: list[InfoRequest] = []
    open_requests = InfoRequest.objects.filter(
        organization=organization, state__in=OPEN_STATES
    ).prefetch_related("clock_events")
    for request in open_requests.iterator(chunk_size=500):
        try:
            result = compute(request, lead=lead)
        except kernel.ClockError:
            continue
        if apply_result(request, result):
            changed.append(request)
    InfoRequest.objects.bulk_update(changed, DERIVED_FIELDS, batch_size=500)
    return len(changed)
