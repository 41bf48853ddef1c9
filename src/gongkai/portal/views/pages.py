"""The region home page, a body's home page, and the 政府信息公开指南 (guide), region and body."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.orgs.models import Kind, Organization
from gongkai.portal import selectors


def home(request: HttpRequest) -> HttpResponse:
    """Region home: latest items across the region and every body, grouped by level and kind."""
    return render(
        request,
        "portal/home.html",
        {
            "root": selectors.region_root(),
            "latest": selectors.latest_items(12),
            "groups": selectors.bodies_grouped(),
        },
    )


def body_home(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_public_body(slug)
    return render(
        request,
        "portal/body.html",
        {
            "body": body,
            "tree": selectors.column_tree(body),
            "latest": selectors.latest_items(10, body=body),
            "count": selectors.item_counts_by_body().get(body.pk, 0),
            "children": selectors.public_bodies().filter(parent=body).order_by("position", "name"),
            "crumbs": [(_("首页"), reverse("portal:home")), (body.name, None)],
            "nav_section": "catalog",
        },
    )


def _guide_context(body: Organization) -> dict[str, object]:
    """Everything the guide shows, read from the body's current data (the guide is never stored)."""
    authority = body.competent_authority()
    if body.kind == Kind.GOVERNMENT and authority is None:
        authority = selectors.public_bodies().filter(parent=body, is_competent_authority=True).first()
    superior = body.parent if body.parent_id and body.parent.is_active else None  # type: ignore[union-attr]
    return {
        "body": body,
        "tree": selectors.column_tree(body, with_counts=False),
        "authority": authority,
        "superior": superior,
    }


def body_guide(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_public_body(slug)
    context = _guide_context(body)
    context["crumbs"] = [
        (_("首页"), reverse("portal:home")),
        (body.name, reverse("portal:body", args=[body.slug])),
        (_("政府信息公开指南"), None),
    ]
    context["nav_section"] = "guide_region"
    return render(request, "portal/guide.html", context)


def region_guide(request: HttpRequest) -> HttpResponse:
    """The guide of the region's top body, with links to every body's own guide."""
    root = selectors.region_root()
    context: dict[str, object] = _guide_context(root) if root else {"body": None}
    context["groups"] = selectors.bodies_grouped()
    context["region"] = True
    context["crumbs"] = [(_("首页"), reverse("portal:home")), (_("政府信息公开指南"), None)]
    return render(request, "portal/guide.html", context)
