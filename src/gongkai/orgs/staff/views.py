"""People and roles (人员与角色) of the organizations I administer, their contact details for the
guide, and their sign-off chains; for system administrators, the organizations themselves (机构管理).

Roles that reach beyond an organization (supervisor; the administrator of a top organization) are
granted and revoked only from above: by a supervisor of a body above it or a system administrator
(``orgs.policy.can_grant_role``), so a supervisor sees the bodies below them here too.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless, readable_org_or_404, roles_of
from gongkai.core.params import parse_id
from gongkai.orgs import policy as org_policy
from gongkai.orgs import services
from gongkai.orgs.models import ITEM_WORKFLOW, Kind, Organization, Role, RoleName, SignOffStep
from gongkai.orgs.staff.forms import (
    ContactForm,
    GrantRoleForm,
    OrganizationForm,
    SignOffFormSet,
    StaffUserForm,
)


def administered_orgs(user: Any) -> Any:
    """The organizations on the people page: those whose people or roles ``user`` manages."""
    return org_policy.role_managed_orgs(user).order_by("path")


def _admin_org(request: HttpRequest, org_pk: int) -> Organization:
    organization = readable_org_or_404(request.user, org_pk)
    deny_unless(
        org_policy.can_administer_org(request.user, organization),
        _("只有本机构的机构管理员可以管理人员、角色和机构信息。"),
    )
    return organization


def _roles_org(request: HttpRequest, org_pk: int) -> Organization:
    """An organization whose roles ``request.user`` may open (its administrator, or from above)."""
    organization = readable_org_or_404(request.user, org_pk)
    deny_unless(
        org_policy.can_manage_roles(request.user, organization),
        _("只有本机构的机构管理员，或上级主管部门的监督人员，可以管理本机构的角色。"),
    )
    return organization


def _back(organization: Organization) -> HttpResponse:
    return redirect(reverse("backoffice:people") + f"?org={organization.pk}")


def _crumbs(organization: Organization, label: str) -> list[tuple[str, str | None]]:
    return [
        (_("人员与角色"), reverse("backoffice:people") + f"?org={organization.pk}"),
        (organization.name, reverse("backoffice:people") + f"?org={organization.pk}"),
        (label, None),
    ]


@login_required
def people(request: HttpRequest) -> HttpResponse:
    organizations = administered_orgs(request.user)
    organization = None
    raw = request.GET.get("org", "")
    if raw and (pk := parse_id(raw)) is not None:
        organization = _roles_org(request, pk)
    elif raw:
        raise Http404  # a malformed id is an id that does not exist (core/params.py)
    elif organizations.exists():
        organization = organizations.first()
    members: list[dict[str, Any]] = []
    grant_form = None
    if organization is not None:
        by_user: dict[int, dict[str, Any]] = defaultdict(lambda: {"roles": []})
        for role in (
            Role.objects.filter(organization=organization)
            .select_related("user", "organization")
            .order_by("user__username", "role")
        ):
            entry = by_user[role.user_id]
            entry["user"] = role.user
            role.can_revoke = org_policy.can_grant_role(  # type: ignore[attr-defined]
                request.user, organization, role.role, role.user
            ) or (role.user_id == request.user.pk and role.role != RoleName.ORG_ADMIN)
            entry["roles"].append(role)
        members = list(by_user.values())
        grantable = org_policy.grantable_roles(request.user, organization)
        if grantable:
            grant_form = GrantRoleForm()
            grant_form.fields["role"].choices = [(r, RoleName(r).label) for r in grantable]  # type: ignore[attr-defined]
    is_admin = organization is not None and org_policy.can_administer_org(request.user, organization)
    context = {
        "organizations": organizations,
        "organization": organization,
        "members": members,
        "grant_form": grant_form,
        "is_admin": is_admin,
        "is_system_admin": org_policy.is_system_admin(request.user),
        "my_roles": roles_of(request.user),
        "steps": SignOffStep.objects.filter(
            organization=organization, workflow=ITEM_WORKFLOW
        ).prefetch_related("signers")
        if organization
        else [],
    }
    return render(request, "backoffice/people/list.html", context)


@login_required
def user_new(request: HttpRequest, org_pk: int) -> HttpResponse:
    organization = _admin_org(request, org_pk)
    form = StaffUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_staff_user(
                actor=request.user,
                organization=organization,
                username=data["username"],
                password=data["password1"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                roles=data["roles"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "password" in exc.error_dict:
                exc.error_dict["password1"] = exc.error_dict.pop("password")
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已创建账号“%(username)s”。") % {"username": user.username})
            return _back(organization)
    return render(
        request,
        "backoffice/people/user_form.html",
        {
            "organization": organization,
            "form": form,
            "crumbs": _crumbs(organization, _("新建账号")),
            "nav_section": "people",
        },
    )


@login_required
@require_POST
def role_grant(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Grant a role; the service refuses (403) a self-grant or a reaching role not granted from above."""
    organization = _roles_org(request, org_pk)
    form = GrantRoleForm(request.POST)
    if form.is_valid():
        user = form.cleaned_data["username"]
        try:
            services.grant_role(
                actor=request.user, organization=organization, user=user, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request,
                _("已授予%(display_name)s“%(label)s”角色。")
                % {"display_name": user.display_name, "label": RoleName(form.cleaned_data["role"]).label},
            )
    else:
        messages.error(
            request, "授予角色未成功：" + "；".join(str(e) for errs in form.errors.values() for e in errs)
        )
    return _back(organization)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(
        Role.objects.select_related("organization", "user"),
        pk=pk,
        organization__in=org_policy.readable_orgs(request.user),
    )
    organization = _roles_org(request, role.organization_id)
    try:
        services.revoke_role(actor=request.user, role=role)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            _("已撤销%(display_name)s的“%(role)s”角色。")
            % {"display_name": role.user.display_name, "role": role.get_role_display()},
        )  # type: ignore[attr-defined]
    return _back(organization)


@login_required
def org_contact(request: HttpRequest, org_pk: int) -> HttpResponse:
    organization = _admin_org(request, org_pk)
    form = ContactForm(request.POST or None, instance=Organization.objects.get(pk=organization.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact_details(
                actor=request.user,
                organization=organization,
                fields={name: form.cleaned_data[name] for name in services.CONTACT_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("机构联系信息已更新，政府信息公开指南将随之更新。"))
            return _back(organization)
    return render(
        request,
        "backoffice/people/contact.html",
        {
            "organization": organization,
            "form": form,
            "crumbs": _crumbs(organization, _("联系信息")),
            "nav_section": "people",
        },
    )


@login_required
def org_signoff(request: HttpRequest, org_pk: int) -> HttpResponse:
    organization = _admin_org(request, org_pk)
    kwargs: dict[str, Any] = {"form_kwargs": {"organization": organization}, "prefix": "steps"}
    chain_errors: list[str] = []
    if request.method == "POST":
        formset = SignOffFormSet(request.POST, **kwargs)
        if formset.is_valid():
            specs = [
                services.StepSpec(
                    position=f.cleaned_data["position"],
                    title=f.cleaned_data["title"],
                    condition=f.cleaned_data["condition"],
                    signers=tuple(f.cleaned_data["signers"]),
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.configure_signoff_chain(actor=request.user, organization=organization, steps=specs)
            except ValidationError as exc:
                chain_errors = exc.messages
            else:
                messages.success(request, _("签发链已保存。"))
                return _back(organization)
    else:
        existing = SignOffStep.objects.filter(
            organization=organization, workflow=ITEM_WORKFLOW
        ).prefetch_related("signers")
        initial = [
            {
                "position": s.position,
                "title": s.title,
                "condition": s.condition,
                "signers": list(s.signers.all()),
            }
            for s in existing
        ]
        formset = SignOffFormSet(initial=initial, **kwargs)
    return render(
        request,
        "backoffice/people/signoff.html",
        {
            "organization": organization,
            "formset": formset,
            "chain_errors": chain_errors,
            "crumbs": _crumbs(organization, _("签发链")),
            "nav_section": "people",
        },
    )


# ---------------------------------------------------------------------------------------------
# 机构管理: the organizations themselves (system administrators)
# ---------------------------------------------------------------------------------------------


def _require_system_admin(request: HttpRequest) -> None:
    deny_unless(org_policy.is_system_admin(request.user), _("只有系统管理员可以新建或修改机构。"))


def _org_fields(form: OrganizationForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.ORG_FIELDS}


@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    _require_system_admin(request)
    organizations = [
        {"org": o, "depth": max(o.path.count("/") - 2, 0)}
        for o in Organization.objects.order_by("path").select_related("parent")
    ]
    return render(
        request,
        "backoffice/people/orgs.html",
        {
            "organizations": organizations,
            "crumbs": [(_("人员与角色"), reverse("backoffice:people")), (_("机构管理"), None)],
            "nav_section": "people",
        },
    )


@login_required
def org_new(request: HttpRequest) -> HttpResponse:
    _require_system_admin(request)
    initial: dict[str, Any] = {}
    parent = Organization.objects.filter(pk=parse_id(request.GET.get("parent")) or 0).first()
    if parent is not None:
        initial.update(parent=parent.pk, level=parent.level, kind=Kind.DEPARTMENT)
    form = OrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.create_organization(actor=request.user, fields=_org_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已新建机构“%(name)s”。请为其配置目录、人员和角色（授予机构管理员）。")
                % {"name": organization.name},
            )
            return _back(organization)
    return render(
        request,
        "backoffice/people/org_form.html",
        {
            "form": form,
            "organization": None,
            "crumbs": [
                (_("人员与角色"), reverse("backoffice:people")),
                (_("机构管理"), reverse("backoffice:org_list")),
                (_("新建机构"), None),
            ],
            "nav_section": "people",
        },
    )


@login_required
def org_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    _require_system_admin(request)
    organization = get_object_or_404(Organization, pk=org_pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.update_organization(
                actor=request.user, organization=organization, fields=_org_fields(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("机构“%(name)s”已保存。") % {"name": organization.name})
            return redirect("backoffice:org_list")
    return render(
        request,
        "backoffice/people/org_form.html",
        {
            "form": form,
            "organization": organization,
            "crumbs": [
                (_("人员与角色"), reverse("backoffice:people")),
                (_("机构管理"), reverse("backoffice:org_list")),
                (organization.name, None),
            ],
            "nav_section": "people",
        },
    )
