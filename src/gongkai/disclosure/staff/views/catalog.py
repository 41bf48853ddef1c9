"""Catalog management (目录管理): a body's column tree, templates, and column changes (org admins)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import deny_unless, readable_org_or_404
from gongkai.core.params import parse_id
from gongkai.disclosure.column_updates import interval_for
from gongkai.disclosure.models import CatalogColumn, CatalogTemplate, UpdateClass
from gongkai.disclosure.services import catalog_admin
from gongkai.disclosure.staff.forms import AddColumnForm, RenameColumnForm, TemplateForm, UpdateClassForm
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization


def column_tree(organization: Organization) -> list[dict[str, Any]]:
    """The columns in display order (depth-first), each with its depth and item count."""
    columns = list(
        CatalogColumn.objects.filter(organization=organization)
        .annotate(n_items=Count("items"))
        .order_by("position", "id")
    )
    children: dict[int | None, list[CatalogColumn]] = defaultdict(list)
    for c in columns:
        children[c.parent_id].append(c)
    rows: list[dict[str, Any]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        siblings = children.get(parent_id, [])
        for index, c in enumerate(siblings):
            rows.append(
                {
                    "column": c,
                    "depth": depth,
                    "first": index == 0,
                    "last": index == len(siblings) - 1,
                    "exempt": interval_for(c.update_class) is None,
                }
            )
            walk(c.pk, depth + 1)

    walk(None, 0)
    return rows


def _back(organization: Organization) -> HttpResponse:
    return redirect(reverse("backoffice:catalog") + f"?org={organization.pk}")


CATALOG_REFUSAL = gettext_lazy("只有本机构的机构管理员可以管理目录。")

OrgView = Callable[[HttpRequest, Organization], HttpResponse]
ColumnView = Callable[[HttpRequest, CatalogColumn], HttpResponse]


def org_catalog_action(view: OrgView) -> Callable[..., HttpResponse]:
    """A POST change to a body's catalog: signed in, POST only, the body readable (else 404) and
    administered by the person (else 403). The view is called as ``view(request, organization)``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, org_pk: int) -> HttpResponse:
        organization = readable_org_or_404(request.user, org_pk)
        deny_unless(org_policy.can_administer_org(request.user, organization), CATALOG_REFUSAL)
        return view(request, organization)

    return login_required(require_POST(wrapper))


def column_action(view: ColumnView) -> Callable[..., HttpResponse]:
    """A POST change to one column: as :func:`org_catalog_action`, for the column's body; the view
    is called as ``view(request, column)``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        column = get_object_or_404(
            CatalogColumn.objects.select_related("organization"),
            pk=pk,
            organization__in=org_policy.readable_orgs(request.user),
        )
        deny_unless(org_policy.can_administer_org(request.user, column.organization), CATALOG_REFUSAL)
        return view(request, column)

    return login_required(require_POST(wrapper))


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    readable = org_policy.readable_orgs(request.user).order_by("path")
    own = org_policy.organizations_for(request.user).order_by("path")
    raw = request.GET.get("org")
    if raw:
        pk = parse_id(raw)  # malformed: as an unknown id (core/params.py)
        organization = readable_org_or_404(request.user, pk) if pk is not None else None
        if organization is None:
            return redirect("backoffice:catalog")
    else:
        administered = [o for o in own if org_policy.can_administer_org(request.user, o)]
        organization = administered[0] if administered else own.first() or readable.first()
    can_admin = organization is not None and org_policy.can_administer_org(request.user, organization)
    context = {
        "organization": organization,
        "organizations": readable,
        "rows": column_tree(organization) if organization else [],
        "can_admin": can_admin,
        "template_form": TemplateForm() if can_admin else None,
        "add_form": AddColumnForm(organization=organization) if can_admin and organization else None,
        "templates": CatalogTemplate.objects.all(),
        "update_classes": UpdateClass.choices,
    }
    return render(request, "backoffice/catalog.html", context)


@org_catalog_action
def catalog_apply_template(request: HttpRequest, organization: Organization) -> HttpResponse:
    form = TemplateForm(request.POST)
    if form.is_valid():
        created = catalog_admin.apply_template(
            actor=request.user, organization=organization, template=form.cleaned_data["template"]
        )
        messages.success(
            request,
            _("已按模板《%(template)s》生成目录，新增 %(created)s 个栏目。")
            % {"template": form.cleaned_data["template"], "created": len(created)},
        )
    else:
        messages.error(request, "请选择目录模板。")
    return _back(organization)


@org_catalog_action
def catalog_column_add(request: HttpRequest, organization: Organization) -> HttpResponse:
    form = AddColumnForm(request.POST, organization=organization)
    if form.is_valid():
        try:
            column = catalog_admin.add_column(
                actor=request.user,
                organization=organization,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
                update_class=form.cleaned_data["update_class"] or UpdateClass.NOTICES,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request,
                _("已添加栏目“%(name)s”（编码 %(code)s）。") % {"name": column.name, "code": column.code},
            )
    else:
        messages.error(request, "添加栏目未成功：请填写栏目名称。")
    return _back(organization)


@column_action
def catalog_column_rename(request: HttpRequest, column: CatalogColumn) -> HttpResponse:
    form = RenameColumnForm(request.POST)
    if form.is_valid():
        try:
            catalog_admin.rename_column(actor=request.user, column=column, name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("栏目已更名为“%(name)s”。") % {"name": column.name})
    else:
        messages.error(request, "请填写新名称。")
    return _back(column.organization)


@column_action
def catalog_column_update_class(request: HttpRequest, column: CatalogColumn) -> HttpResponse:
    form = UpdateClassForm(request.POST)
    if form.is_valid():
        try:
            catalog_admin.set_update_class(
                actor=request.user,
                column=column,
                update_class=form.cleaned_data["update_class"],
                interval_days=form.cleaned_data["update_interval_days"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request,
                _("栏目“%(name)s”的更新类别已设为“%(value)s”。")
                % {"name": column.name, "value": column.get_update_class_display()},  # type: ignore[attr-defined]
            )
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, _("更新类别未保存：%(errors)s") % {"errors": "；".join(errors)})
    return _back(column.organization)


@column_action
def catalog_column_visibility(request: HttpRequest, column: CatalogColumn) -> HttpResponse:
    hidden = request.POST.get("hidden") == "1"
    catalog_admin.set_column_hidden(actor=request.user, column=column, hidden=hidden)
    messages.success(
        request,
        _("栏目“%(name)s”已%(value)s。")
        % {"name": column.name, "value": _("隐藏") if hidden else _("恢复显示")},
    )
    return _back(column.organization)


@column_action
def catalog_column_move(request: HttpRequest, column: CatalogColumn) -> HttpResponse:
    direction = request.POST.get("direction", "")
    try:
        catalog_admin.move_column(actor=request.user, column=column, direction=direction)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return _back(column.organization)
