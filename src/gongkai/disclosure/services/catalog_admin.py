"""Administering one body's catalog (目录): apply a template, add, rename, hide/show and reorder
columns (docs/SPEC.md §2.3: "administrators may add, rename and hide columns").

Each function checks that the acting person administers the column's organization
(``gongkai.orgs.policy.can_administer_org``) and records the audit event. Columns are never
deleted here: items point at them, and a hidden column keeps its items but leaves the public
catalog. Each change drops the public pages that show the body's catalog once it commits
(``disclosure.page_facts.catalog_changed``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.disclosure.models import CatalogColumn, CatalogTemplate, UpdateClass
from gongkai.disclosure.page_facts import catalog_changed
from gongkai.disclosure.services.catalog import instantiate_catalog
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization

#: Codes of columns added by hand carry this letter, so they never collide with a template's
#: all-digit codes (instantiate_catalog matches columns to template columns by code).
CUSTOM_CODE_MARK = "Z"


def _require_admin(user: Any, organization: Organization) -> None:
    if not org_policy.can_administer_org(user, organization):
        raise PermissionDenied("只有本机构的机构管理员可以管理目录。")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写栏目名称。"})
    if len(name) > 120:
        raise ValidationError({"name": "栏目名称不能超过120个字。"})
    return name


def _siblings(column: CatalogColumn) -> list[CatalogColumn]:
    return list(
        CatalogColumn.objects.filter(
            organization_id=column.organization_id, parent_id=column.parent_id
        ).order_by("position", "id")
    )


def _next_code(organization: Organization, parent: CatalogColumn | None) -> str:
    prefix = (parent.code if parent else "") + CUSTOM_CODE_MARK
    taken = set(CatalogColumn.objects.filter(organization=organization).values_list("code", flat=True))
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    code = f"{prefix}{n:02d}"
    if len(code) > 20:
        raise ValidationError("栏目层级过深，不能再添加下级栏目。")
    return code


@transaction.atomic
def apply_template(
    *, actor: Any, organization: Organization, template: CatalogTemplate
) -> list[CatalogColumn]:
    """Give the organization the columns of ``template`` it does not have yet."""
    _require_admin(actor, organization)
    created = instantiate_catalog(organization=organization, template=template)
    record(
        actor=actor,
        action="catalog.template_applied",
        target=organization,
        data={"template": template.code, "created": len(created)},
    )
    catalog_changed(organization.pk)
    return created


#: The longest interval a column may be given by hand (in days): five years.
MAX_INTERVAL_DAYS = 1826


def _clean_update_class(update_class: str, interval_days: int | None) -> tuple[str, int | None]:
    if update_class not in UpdateClass.values:
        raise ValidationError({"update_class": _("请选择栏目更新类别。")})
    if interval_days is not None:
        if update_class in (UpdateClass.HISTORICAL, UpdateClass.STATIC):
            raise ValidationError(
                {"update_interval_days": _("历史专题和无更新要求的栏目不考核更新，不能填写更新周期。")}
            )
        if not 1 <= interval_days <= MAX_INTERVAL_DAYS:
            raise ValidationError(
                {"update_interval_days": _("更新周期应在1至%(max)s天之间。") % {"max": MAX_INTERVAL_DAYS}}
            )
    return update_class, interval_days


@transaction.atomic
def add_column(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    parent: CatalogColumn | None = None,
    update_class: str = UpdateClass.NOTICES,
) -> CatalogColumn:
    _require_admin(actor, organization)
    if parent is not None and parent.organization_id != organization.pk:
        raise ValidationError({"parent": "上级栏目必须属于本机构的目录。"})
    name = _clean_name(name)
    update_class = _clean_update_class(update_class, None)[0]
    last = CatalogColumn.objects.filter(organization=organization, parent=parent).aggregate(m=Max("position"))
    column = CatalogColumn.objects.create(
        organization=organization,
        parent=parent,
        code=_next_code(organization, parent),
        name=name,
        position=(last["m"] or 0) + 1,
        update_class=update_class,
    )
    record(actor=actor, action="catalog.column_added", target=column, data={"code": column.code})
    catalog_changed(organization.pk)
    return column


@transaction.atomic
def rename_column(*, actor: Any, column: CatalogColumn, name: str) -> CatalogColumn:
    _require_admin(actor, column.organization)
    name = _clean_name(name)
    old = column.name
    if name != old:
        column.name = name
        column.save(update_fields=["name"])
        record(actor=actor, action="catalog.column_renamed", target=column, data={"from": old, "to": name})
        catalog_changed(column.organization_id)
    return column


@transaction.atomic
def set_update_class(
    *, actor: Any, column: CatalogColumn, update_class: str, interval_days: int | None = None
) -> CatalogColumn:
    """Set how often the column must be updated (栏目更新类别, and optionally its own interval in
    days), which the stale-column indicator of 监督考核 reads (docs/SPEC.md §7)."""
    _require_admin(actor, column.organization)
    update_class, interval_days = _clean_update_class(update_class, interval_days)
    old = (column.update_class, column.update_interval_days)
    if old != (update_class, interval_days):
        column.update_class = update_class
        column.update_interval_days = interval_days
        column.save(update_fields=["update_class", "update_interval_days"])
        record(
            actor=actor,
            action="catalog.column_update_class",
            target=column,
            data={"from": [old[0], old[1]], "to": [update_class, interval_days]},
        )
        catalog_changed(column.organization_id)
    return column


@transaction.atomic
def set_column_hidden(*, actor: Any, column: CatalogColumn, hidden: bool) -> CatalogColumn:
    """Hide a column from the public catalog (its items stay, and stay in their column), or show it."""
    _require_admin(actor, column.organization)
    if column.is_hidden != hidden:
        column.is_hidden = hidden
        column.save(update_fields=["is_hidden"])
        record(
            actor=actor, action="catalog.column_hidden" if hidden else "catalog.column_shown", target=column
        )
        catalog_changed(column.organization_id)
    return column


def hide_column(*, actor: Any, column: CatalogColumn) -> CatalogColumn:
    return set_column_hidden(actor=actor, column=column, hidden=True)


def show_column(*, actor: Any, column: CatalogColumn) -> CatalogColumn:
    return set_column_hidden(actor=actor, column=column, hidden=False)


@transaction.atomic
def move_column(*, actor: Any, column: CatalogColumn, direction: str) -> CatalogColumn:
    """Move a column one place up or down among its siblings."""
    _require_admin(actor, column.organization)
    if direction not in ("up", "down"):
        raise ValidationError("移动方向无效。")
    siblings = _siblings(column)
    index = next(i for i, c in enumerate(siblings) if c.pk == column.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return column
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumber the whole sibling group: template positions may repeat, and a swap of equal
    # positions would change nothing.
    for position, c in enumerate(siblings, start=1):
        if c.position != position:
            c.position = position
            CatalogColumn.objects.filter(pk=c.pk).update(position=position)
    column.position = next(c.position for c in siblings if c.pk == column.pk)
    record(actor=actor, action="catalog.column_moved", target=column, data={"direction": direction})
    catalog_changed(column.organization_id)
    return column
