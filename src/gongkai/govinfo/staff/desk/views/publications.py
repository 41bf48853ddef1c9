"""The desk's publications (信息刊物设置): 《政务信息》, 《每日要情》, 专报, 简报 of the user's office, with
their level, edition and default distribution (报/送/发) that each new issue starts with
(docs/SPEC.md §8)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.backoffice.views.common import add_service_errors, deny_unless, org_from_choices
from gongkai.govinfo import desk_access, policy
from gongkai.govinfo.models import Publication
from gongkai.govinfo.services import desk as services
from gongkai.govinfo.staff.desk.forms import PublicationForm


def _require_desk(request: HttpRequest) -> None:
    deny_unless(policy.can_use_desk(request.user), _("只有信息科编辑可以设置信息刊物。"))


def _values(form: PublicationForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@login_required
def publication_list(request: HttpRequest) -> HttpResponse:
    _require_desk(request)
    offices = policy.desk_offices(request.user).order_by("path")
    office = org_from_choices(request, offices)
    status = 200
    form = PublicationForm(initial={"level": "city", "edition": "general", "is_active": True})
    if request.method == "POST":
        form = PublicationForm(request.POST)
        if office is None:
            form.add_error(None, _("请先选择编印单位。"))
        elif form.is_valid():
            try:
                publication = services.save_publication(office, actor=request.user, **_values(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已新建刊物%(name)s。") % {"name": publication.name})
                return redirect(reverse("backoffice:govinfo_publications") + f"?org={office.pk}")
        status = 400
    context = {
        "nav_section": "govinfo_issues",
        "offices": list(offices),
        "office": office,
        "publications": list(desk_access.desk_publications(request.user).select_related("organization")),
        "form": form,
        "crumbs": [(_("信息刊物"), reverse("backoffice:govinfo_issues")), (_("刊物设置"), None)],
    }
    return render(request, "backoffice/govinfo/desk/publications.html", context, status=status)


@login_required
def publication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_desk(request)
    publication: Publication = get_object_or_404(
        desk_access.desk_publications(request.user).select_related("organization"), pk=pk
    )
    status = 200
    if request.method == "POST":
        form = PublicationForm(request.POST)
        if form.is_valid():
            assert publication.organization is not None  # a desk's publication
            try:
                services.save_publication(
                    publication.organization, actor=request.user, publication=publication, **_values(form)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(
                    reverse("backoffice:govinfo_publications") + f"?org={publication.organization_id}"
                )
        status = 400
    else:
        form = PublicationForm.for_publication(publication)
    context = {
        "nav_section": "govinfo_issues",
        "publication": publication,
        "form": form,
        "crumbs": [
            (_("信息刊物"), reverse("backoffice:govinfo_issues")),
            (_("刊物设置"), reverse("backoffice:govinfo_publications")),
            (publication.name, None),
        ],
    }
    return render(request, "backoffice/govinfo/desk/publication.html", context, status=status)
