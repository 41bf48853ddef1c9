"""上级采用登记: adoption of the desk's items by publications outside the platform (the province's,
国办's), recorded by hand from their notices (docs/SPEC.md §8: "adoption by superior publications
is recorded (which publication, level: 市 / 省 / 国办, date)"). Adoption by an office above that is
on the platform is recorded automatically when it issues its issue.

``govinfo_adoptions`` shows the form and the adoptions above recorded for the desk's items.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.govinfo import desk_access, policy
from gongkai.govinfo.models import Adoption, AdoptionSource, Publication, State, Submission
from gongkai.govinfo.services import desk as services
from gongkai.govinfo.staff.desk.forms import AdoptionAboveForm

#: How far back the form offers the desk's items (a notice of adoption comes within weeks).
OFFER_DAYS = 120


def _offered(user: object) -> QuerySet[Submission]:
    since = timezone.now() - dt.timedelta(days=OFFER_DAYS)
    return (
        desk_access.desk_submissions(user)
        .filter(state__in=(State.RECEIVED, State.RESERVED, State.ADOPTED), submitted_at__gte=since)
        .select_related("organization")
        .order_by("-submitted_at", "-pk")
    )


def _external() -> QuerySet[Publication]:
    return Publication.objects.filter(organization=None, is_active=True).order_by("level", "name")


@login_required
def adoption_list(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_use_desk(request.user), _("只有信息科编辑可以登记上级采用情况。"))
    user = request.user
    status = 200
    if request.method == "POST":
        form = AdoptionAboveForm(request.POST, submissions=_offered(user), publications=_external())
        if form.is_valid():
            data = form.cleaned_data
            try:
                rows = services.record_adoption_above(
                    list(data["submissions"]),
                    actor=user,
                    publication=data["publication"],
                    issue_label=data["issue_label"],
                    adopted_on=data["adopted_on"],
                    notice=data["notice"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已登记 %(rows)s 条信息被%(name)s采用。")
                    % {"rows": len(rows), "name": data["publication"].name},
                )
                return redirect(reverse("backoffice:govinfo_adoptions"))
        status = 400
    else:
        form = AdoptionAboveForm(
            submissions=_offered(user), publications=_external(), initial={"adopted_on": timezone.localdate()}
        )
    recorded = (
        Adoption.objects.filter(
            submission__in=desk_access.desk_submissions(user),
            source__in=(AdoptionSource.MANUAL, AdoptionSource.AUTOMATIC),
        )
        .select_related("submission", "submission__organization", "publication")
        .order_by("-adopted_on", "-pk")
    )
    page = Paginator(recorded, 50).get_page(request.GET.get("page"))
    context = {
        "nav_section": "govinfo_desk",
        "form": form,
        "page_obj": page,
        "crumbs": [(_("信息编辑"), reverse("backoffice:govinfo_desk")), (_("上级采用登记"), None)],
    }
    return render(request, "backoffice/govinfo/desk/adoptions.html", context, status=status)
