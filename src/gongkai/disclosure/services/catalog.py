"""Loading the shipped catalog data and instantiating a body's catalog from a template."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.disclosure.catalog_data import CLASSIFICATIONS, TEMPLATES, update_class_for
from gongkai.disclosure.models import CatalogColumn, CatalogTemplate, Classification, TemplateColumn
from gongkai.orgs.models import Organization


def sync_shipped_data(apps: Any = None) -> None:
    """Create the shipped templates and class lists where missing (idempotent; used by a migration)."""
    template_model = apps.get_model("disclosure", "CatalogTemplate") if apps else CatalogTemplate
    column_model = apps.get_model("disclosure", "TemplateColumn") if apps else TemplateColumn
    class_model = apps.get_model("disclosure", "Classification") if apps else Classification
    # Migration 0003 runs this before the columns had an update class (added by 0012).
    has_update_class = any(f.name == "update_class" for f in column_model._meta.get_fields())

    for spec in TEMPLATES:
        template, _ = template_model.objects.get_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "basis": spec["basis"], "description": spec["description"]},
        )

        def add(
            columns: list[Any], parent: Any, prefix: str, standard: dict[str, str], template: Any
        ) -> None:
            for position, (name, children) in enumerate(columns, start=1):
                code = f"{prefix}{position:02d}"
                defaults = {"name": name, "parent": parent, "position": position, "standard": standard}
                if has_update_class:
                    defaults["update_class"] = update_class_for(name, has_children=bool(children))
                column, _ = column_model.objects.get_or_create(
                    template=template, code=code, defaults=defaults
                )
                add(children, column, code, standard, template)

        add(spec["columns"], None, "", spec.get("standard", {}), template)

    for scheme, names in CLASSIFICATIONS.items():
        for position, name in enumerate(names, start=1):
            class_model.objects.get_or_create(
                scheme=scheme, code=f"{position:02d}", defaults={"name": name, "position": position}
            )


@transaction.atomic
def instantiate_catalog(*, organization: Organization, template: CatalogTemplate) -> list[CatalogColumn]:
    """Give ``organization`` the columns of ``template`` it does not have yet (by code)."""
    existing = {c.code: c for c in CatalogColumn.objects.filter(organization=organization)}
    created: list[CatalogColumn] = []
    by_template_id: dict[int, CatalogColumn] = {}
    for tc in TemplateColumn.objects.filter(template=template).order_by("code"):
        column = existing.get(tc.code)
        if column is None:
            column = CatalogColumn.objects.create(
                organization=organization,
                parent=by_template_id.get(tc.parent_id) if tc.parent_id else None,
                code=tc.code,
                name=tc.name,
                position=tc.position,
                description=tc.description,
                standard=tc.standard,
                template_column=tc,
                update_class=tc.update_class,
            )
            created.append(column)
        by_template_id[tc.pk] = column
    if organization.catalog_template_id != template.pk:
        organization.catalog_template = template
        organization.save(update_fields=["catalog_template"])
    return created
