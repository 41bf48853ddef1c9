"""Pages only a portal host serves (``urls.PORTAL_HOST_ROUTES``): the applicant's look-up of a request
filed there, answered from the status projection (``models.CaseStatus``, ``statuses``) once the staff
side has collected it, and from the application itself while it waits on this host; and of a request
filed on a staff side that feeds the portal hosts (``GONGKAI_PORTAL_FEED``), from its status row.

The staff side's own look-up (``portal.views.requests.request_lookup``) shows letters and takes
补正: a portal host holds neither, so it is not served here. This page shows the state and the dates
only, and says that the reply is delivered by the means the applicant chose. It counts attempts
with the same window and answers a wrong pair with the same message as the staff side's look-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.codes import PORTABLE_PREFIX
from gongkai.foi.models import RequestState
from gongkai.foi.services import intake
from gongkai.portal.request_forms import LookupForm
from gongkai.portal.views.requests import _crumbs, private_page, take_lookup
from gongkai.portalsync.models import CaseKind, CaseStatus

#: Checked when no row has the number: the same slow hash either way (no timing tells them apart).
_NO_CASE = PORTABLE_PREFIX + "0" * 60


def find_case(
    kind: CaseKind, number: str, code: str, matches: Callable[[str, str, str], bool]
) -> CaseStatus | None:
    """The status row of ``kind`` with ``number`` whose code is ``code``, else None (whichever part
    was wrong). ``matches(stored, number, code)`` is the domain's own check (``core.codes.matches``)."""
    case = CaseStatus.objects.filter(kind=kind, number=number).first()
    right = matches(case.code_hash if case is not None else _NO_CASE, number, code)
    return case if right and case is not None else None


def request_label(case: CaseStatus) -> str:
    """The state as the staff side's look-up words it (``InfoRequest.get_state_display``)."""
    try:
        return str(RequestState(case.state).label)
    except ValueError:
        return ""


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def request_track(request: HttpRequest) -> HttpResponseBase:
    """申请查询 on a portal host: 登记编号 + 查询码 → the state and the dates."""
    context: dict[str, Any] = {"crumbs": _crumbs((_("申请查询"), None)), "nav_section": "request_apply"}
    status = 200
    if request.method == "POST":

        def find(typed: str, code: str) -> tuple[str, CaseStatus | None, Any] | None:
            number = intake.normalize_number(typed)
            case = find_case(CaseKind.REQUEST, number, code, intake.code_matches)
            # Not collected yet: the application itself, still on this host.
            waiting = None if case is not None else intake.find_by_code(number, code)
            return (number, case, waiting) if case is not None or waiting is not None else None

        refusal, form, found = take_lookup(request, find)
        if refusal is not None:
            return refusal
        if found is not None:
            number, case, waiting = found
            context.update(case=case, waiting=waiting, number=number, form=LookupForm())
            if case is not None:
                context["state_label"] = request_label(case)
            return render(request, "portal/requests/track.html", context)
        status = 400
    else:
        form = LookupForm(initial={"registration_number": request.GET.get("number", "")[:60]})
    context["form"] = form
    return render(request, "portal/requests/track.html", context, status=status)
