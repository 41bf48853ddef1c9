"""Turning the public read model (:mod:`gongkai.disclosure.public`) into the plain dicts of
:mod:`gongkai.api.schemas`.

Only fields the portal shows are copied, by name. Portal URLs are reversed from the portal's own
routes (``portal:item``, ``portal:attachment``) and made absolute on ``GONGKAI_SITE_URL`` for API
clients.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.core.files.kinds import download_name
from gongkai.core.siteurl import absolute_url
from gongkai.disclosure import public
from gongkai.disclosure.models import Attachment, Classification, Item
from gongkai.disclosure.public import PublicLink
from gongkai.orgs.models import Organization


def _portal_path(name: str, kwargs: dict[str, int], fallback: str) -> str:
    # The fallback keeps the API usable in an installation that serves no portal (内外网分离).
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return fallback


def item_url(request: HttpRequest, pk: int) -> str:
    # On GONGKAI_SITE_URL, never the request's Host header (security audit 4.1).
    return absolute_url(_portal_path("portal:item", {"pk": pk}, f"/items/{pk}/"))


def attachment_url(request: HttpRequest, a: Attachment) -> str:
    """The portal's checked download (``portal:attachment``: ``items/<pk>/files/<attachment_id>/``)."""
    path = _portal_path(
        "portal:attachment",
        {"pk": a.item_id, "attachment_id": a.pk},
        f"/items/{a.item_id}/files/{a.pk}/",
    )
    return absolute_url(path)


def _class_ref(cls: Classification | None) -> dict[str, str] | None:
    return {"code": cls.code, "name": cls.name} if cls is not None else None


def _code_label(model: Any, field: str) -> dict[str, str]:
    return {"code": getattr(model, field), "label": str(getattr(model, f"get_{field}_display")())}


def organization_dict(org: Organization, *, active_ids: set[int] | None = None) -> dict[str, Any]:
    parent_id = org.parent_id
    if parent_id is not None and active_ids is not None and parent_id not in active_ids:
        parent_id = None  # an inactive parent is not public
    return {
        "id": org.pk,
        "slug": org.slug,
        "name": org.name,
        "short_name": org.short_name,
        "unit_code": org.unit_code,
        "level": org.level,
        "level_label": str(org.get_level_display()),  # type: ignore[attr-defined]
        "kind": org.kind,
        "kind_label": str(org.get_kind_display()),  # type: ignore[attr-defined]
        "parent_id": parent_id,
        "is_competent_authority": org.is_competent_authority,
        "functions": org.functions,
        "address": org.address,
        "postcode": org.postcode,
        "office_hours": org.office_hours,
        "phone": org.phone,
        "fax": org.fax,
        "email": org.email,
        "website": org.website,
        "disclosure_office": org.disclosure_office,
        "disclosure_office_head": org.disclosure_office_head,
        "reading_room": org.reading_room,
    }


def item_summary(item: Item, request: HttpRequest) -> dict[str, Any]:
    """The catalog row (目录, 2019 条例 第十二条: 索引号, 名称, 内容概述, 生成日期, and more)."""
    assert item.published_at is not None  # public items are published
    return {
        "id": item.pk,
        "index_number": item.index_number or "",
        "title": item.title,
        "document_number": item.document_number,
        "organization": {
            "id": item.organization.pk,
            "slug": item.organization.slug,
            "name": item.organization.name,
        },
        "column": {"id": item.column.pk, "name": item.column.name},
        "date_formed": item.date_formed,
        "published_at": timezone.localtime(item.published_at),
        "published_date": item.published_date,
        "summary": item.summary,
        "validity": item.validity,
        "validity_label": str(item.get_validity_display()),  # type: ignore[attr-defined]
        "classes": {
            "topic": _class_ref(item.topic),
            "genre": _class_ref(item.genre),
            "audience": _class_ref(item.audience),
            "combined": _class_ref(item.combined),
        },
        "url": item_url(request, item.pk),
    }


def _attachment(a: Attachment, request: HttpRequest) -> dict[str, Any]:
    return {
        "name": download_name(a.original_name, a.kind),  # the detected kind's extension (audit 4.6)
        "kind": a.kind,
        "content_type": a.content_type,
        "size": a.size,
        "url": attachment_url(request, a),
    }


def item_detail(item: Item, request: HttpRequest, *, links: list[PublicLink]) -> dict[str, Any]:
    """The item page's full metadata table (docs/SPEC.md §2.1), the current version only."""
    data = item_summary(item, request)
    correction = public.correction(item)
    data.update(
        {
            "keywords": item.keywords,
            "also_in": [{"id": c.pk, "name": c.name} for c in public.also_in(item)],
            "disclosure_attribute": _code_label(item, "disclosure_attribute"),
            "scope": _code_label(item, "scope"),
            "duration": _code_label(item, "duration"),
            "public_until": item.public_until,
            "effective_from": item.effective_from,
            "validity_changed_on": item.validity_changed_on,
            "stage": _code_label(item, "stage") if item.stage else None,
            "channels": [{"code": code, "label": label} for code, label in public.channels(item)],
            "body_html": item.body,
            "attachments": [_attachment(a, request) for a in public.attachments(item)],
            "links": [
                {
                    "kind": link.kind,
                    "direction": link.direction,
                    "label": link.label,
                    "id": link.other.pk,
                    "index_number": link.other.index_number or "",
                    "title": link.other.title,
                    "url": item_url(request, link.other.pk),
                }
                for link in links
            ],
            "correction": (
                {"note": correction.note, "corrected_at": correction.corrected_at} if correction else None
            ),
        }
    )
    return data
