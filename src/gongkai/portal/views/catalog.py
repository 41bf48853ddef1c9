"""The catalog (法定主动公开内容, 目录): by column and by class, item pages and attachment downloads."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from gongkai.core.files.serving import download_response
from gongkai.core.files.stored import open_stored
from gongkai.disclosure import public
from gongkai.disclosure.legal import Duration, Validity
from gongkai.disclosure.models import Item
from gongkai.orgs.models import Organization
from gongkai.portal import selectors
from gongkai.portal.forms import ClassFilterForm

log = logging.getLogger(__name__)


def _page(request: HttpRequest, qs: Any) -> Any:
    paginator = selectors.CappedPaginator(qs, selectors.LISTING_PAGE_SIZE, cap=selectors.LISTING_CAP)
    return paginator.get_page(request.GET.get("page"))


def _listing_context(request: HttpRequest, *, body: Organization | None = None, column_ids: Any = ()) -> dict:
    form = ClassFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page_obj = _page(request, selectors.listing(body=body, column_ids=column_ids, **filters))
    return {
        "form": form,
        "filtered": any(filters.values()),
        "page_obj": page_obj,
        "items": page_obj.object_list,
        "cap": selectors.LISTING_CAP,
        "nav_section": "catalog",
    }


def catalog(request: HttpRequest) -> HttpResponse:
    """The region's catalog: every public item, browsable by class, and the list of bodies."""
    context = _listing_context(request)
    context.update(
        {
            "groups": selectors.bodies_grouped(),
            "crumbs": [(_("首页"), reverse("portal:home")), (_("信息公开目录"), None)],
            "feed_url": reverse("portal:feed"),
        }
    )
    return render(request, "portal/catalog.html", context)


def body_catalog(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_public_body(slug)
    context = _listing_context(request, body=body)
    context.update(
        {
            "body": body,
            "tree": selectors.column_tree(body),
            "crumbs": [
                (_("首页"), reverse("portal:home")),
                (body.name, reverse("portal:body", args=[body.slug])),
                (_("信息公开目录"), None),
            ],
            "feed_url": reverse("portal:body_feed", args=[body.slug]),
        }
    )
    return render(request, "portal/catalog.html", context)


def column(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """One column of a body's catalog, with the items of its sub-columns; hidden columns 404."""
    body = selectors.get_public_body(slug)
    col, tree = selectors.get_visible_column(body, code)
    context = _listing_context(request, body=body, column_ids=tree.descendant_ids(col.pk))
    crumbs: list[tuple[str, str | None]] = [
        (_("首页"), reverse("portal:home")),
        (body.name, reverse("portal:body", args=[body.slug])),
        (_("信息公开目录"), reverse("portal:body_catalog", args=[body.slug])),
    ]
    crumbs += [(a.name, reverse("portal:column", args=[body.slug, a.code])) for a in tree.ancestors(col.pk)]
    crumbs.append((col.name, None))
    context.update(
        {
            "body": body,
            "column": col,
            "tree": tree,
            "crumbs": crumbs,
            "feed_url": reverse("portal:column_feed", args=[body.slug, col.code]),
        }
    )
    return render(request, "portal/catalog.html", context)


def _d(value: Any) -> str:
    return value.isoformat() if value else ""


def _validity_text(item: Item) -> str:
    label = str(Validity(item.validity).label)
    if item.validity == Validity.VALID:
        if item.effective_from:
            return _("%(label)s（自%(date)s起施行）") % {"label": label, "date": _d(item.effective_from)}
        return label
    if item.validity_changed_on:
        return _("%(label)s（%(date)s）") % {"label": label, "date": _d(item.validity_changed_on)}
    return label


def metadata_rows(item: Item, *, column_url: str | None) -> list[tuple[str, Any]]:
    """The full metadata table of an item page (docs/SPEC.md §2.1)."""
    body = item.organization
    duration = str(Duration(item.duration).label)
    if item.duration == Duration.LIMITED and item.public_until:
        duration = _("%(label)s（至%(date)s）") % {"label": duration, "date": _d(item.public_until)}
    channels = "、".join(label for _code, label in public.channels(item))
    column_label = item.column.label
    body_link = format_html('<a href="{}">{}</a>', reverse("portal:body", args=[body.slug]), body.name)
    column_link = format_html('<a href="{}">{}</a>', column_url, column_label) if column_url else column_label
    return [
        (_("索引号"), item.index_number),
        (_("发布机构"), body_link),
        (_("发文字号"), item.document_number),
        (_("成文日期"), _d(item.date_formed)),
        (_("发布日期"), _d(item.published_date)),
        (_("主题分类"), item.topic.name if item.topic else ""),
        (_("体裁分类"), item.genre.name if item.genre else ""),
        (_("服务对象分类"), item.audience.name if item.audience else ""),
        (_("组配分类"), item.combined.name if item.combined else ""),
        (_("主题词"), item.keywords),
        (_("所属栏目"), column_link),
        (_("有效性"), _validity_text(item)),
        (_("公开方式"), item.get_disclosure_attribute_display()),  # type: ignore[attr-defined]
        (_("公开范围"), item.get_scope_display()),  # type: ignore[attr-defined]
        (_("公开时限"), duration),
        (_("五公开"), item.get_stage_display() if item.stage else ""),  # type: ignore[attr-defined]
        (_("公开载体"), channels),
        (_("内容概述"), item.summary),
    ]


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An item page: metadata table, body, attachments, links, correction note. Non-public: 404."""
    item = selectors.get_public_item(pk)
    body = item.organization
    column_url = None
    crumbs: list[tuple[str, str | None]] = [
        (_("首页"), reverse("portal:home")),
        (body.name, reverse("portal:body", args=[body.slug])),
    ]
    for col in public.visible_column_path(item):  # the column's ancestors, then the column
        column_url = reverse("portal:column", args=[body.slug, col.code])
        crumbs.append((col.name, column_url))
    crumbs.append((item.title, None))
    correction = public.correction(item)
    return render(
        request,
        "portal/item.html",
        {
            "item": item,
            "body": body,
            "rows": metadata_rows(item, column_url=column_url),
            "attachments": public.attachments(item),
            "relations": selectors.item_relations(item),
            "crumbs": crumbs,
            "nav_section": "catalog",
            "corrected_on": correction.corrected_on if correction else None,
        },
    )


def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """Serve an attachment of a public item, and nothing else (MEDIA is never served directly).

    Type and download name come from the kind detected in the bytes at upload (the uploader's base
    name with that kind's extension; RFC 5987 ``filename*`` for UTF-8), with ``nosniff``
    (``core.files.serving``, audit 4.6).
    """
    attachment = selectors.get_public_attachment(pk, attachment_id)
    try:
        handle = open_stored(attachment.file)
    except (FileNotFoundError, OSError):
        log.error("attachment %s of item %s is missing from storage", attachment.pk, pk)
        raise Http404("file missing") from None
    response = download_response(handle, name=attachment.original_name, kind=attachment.kind)
    response["Cache-Control"] = "public, max-age=60"
    response["ETag"] = f'"{attachment.sha256}"'
    return response
