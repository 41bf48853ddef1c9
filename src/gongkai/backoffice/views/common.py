"""Helpers shared by the back-office views: scoped look-ups, permission refusals, htmx detection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from gongkai.core.params import parse_id
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


#: What a 403 says when the caller names no reason.
DEFAULT_REFUSAL = _("您没有权限执行此操作。")


def deny_unless(allowed: bool, message: StrOrPromise = DEFAULT_REFUSAL) -> None:
    """403 for an action the policy refuses on something the person may read."""
    if not allowed:
        raise PermissionDenied(message)


def org_from_choices(request: HttpRequest, organizations: QuerySet[Organization]) -> Organization | None:
    """The organization chosen with ``?org=`` among ``organizations`` (404 when not among them),
    or the only one when there is exactly one, else None (the page asks which)."""
    raw = request.GET.get("org") or request.POST.get("org")
    if raw:
        pk = parse_id(raw)
        if pk is None:
            raise Http404  # a malformed id is an id that does not exist (core/params.py)
        return get_object_or_404(organizations, pk=pk)
    orgs = list(organizations[:2])
    return orgs[0] if len(orgs) == 1 else None


def roles_of(user: Any) -> QuerySet[Role]:
    """The roles ``user`` holds, with their organizations (for "我的角色")."""
    return (
        Role.objects.filter(user=user).select_related("organization").order_by("organization__path", "role")
    )


def readable_org_or_404(user: Any, pk: int) -> Organization:
    return get_object_or_404(org_policy.readable_orgs(user), pk=pk)


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where it names one the form has."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)
