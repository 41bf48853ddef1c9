"""Public pages of the assessment's 通报 (docs/SPEC.md §7): the region's published 通报 (考核结果通报
and 通报批评), those concerning one body, a 通报's page and its DOCX.

Only published 通报 are public (``bulletins.published_bulletins``): a draft 通报批评, a 通报 not yet
published or withdrawn is never listed, shown nor downloaded (404). Routes: ``results_urls.py``;
every one is in the leak sweep (``assessment/tests/leak_probes.py``).
"""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext as _

from gongkai.assessment import bulletins
from gongkai.assessment.models import BulletinKind
from gongkai.portal import selectors
from gongkai.reports.render import DOCX_TYPE

PAGE_SIZE = 20


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("首页"), reverse("portal:home")),
        (_("考核通报"), reverse("portal:assessment_bulletins")),
        *tail,
    ]


def _listing(request: HttpRequest, qs: bulletins.QuerySet[bulletins.Bulletin]) -> dict[str, object]:
    kind = request.GET.get("kind", "")
    if kind in BulletinKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page_obj": page, "kind": kind, "kinds": BulletinKind.choices}


def bulletin_list(request: HttpRequest) -> HttpResponse:
    """The region's published 通报, newest first, by kind (``?kind=``)."""
    context = {**_listing(request, bulletins.published_bulletins()), "body": None, "crumbs": _crumbs()}
    return render(request, "assessment/portal/bulletins.html", context)


def body_bulletins(request: HttpRequest, slug: str) -> HttpResponse:
    """The published 通报 that concern one body (its 通报批评, the results of its rounds)."""
    body = selectors.get_public_body(slug)
    context = {
        **_listing(request, bulletins.bulletins_concerning(body)),
        "body": body,
        "crumbs": _crumbs((body.name, None)),
    }
    return render(request, "assessment/portal/bulletins.html", context)


def bulletin_page(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_object_or_404(bulletins.published_bulletins(), pk=pk)
    context = {
        "bulletin": bulletin,
        "html": bulletins.bulletin_html(bulletin),
        "date": dateformat.format(bulletins.issue_date(bulletin), _("Y年n月j日")),
        "crumbs": _crumbs((bulletin.title, None)),
    }
    return render(request, "assessment/portal/bulletin.html", context)


def bulletin_docx(request: HttpRequest, pk: int) -> FileResponse:
    bulletin = get_object_or_404(bulletins.published_bulletins(), pk=pk)
    response = FileResponse(
        io.BytesIO(bulletins.bulletin_docx(bulletin)),
        as_attachment=True,
        filename=bulletins.bulletin_filename(bulletin),
        content_type=DOCX_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
