"""Public pages of 互动 (docs/SPEC.md §3): the published questions and answers (region and body), one
published message, the form to write, the page showing the tracking code once, and the writer's
look-up.

Published lists and pages are in the public page cache (the public version moves when a message is
published, edited or withdrawn). The form, the code page and the look-up are private: never cached
(no-store, not indexed). Nothing of a message is public unless it is published, and then only its
published copy (masked, checked): never the writer's name, telephone or e-mail, never the original
text. The look-up shows the state, the due date and the answer (published or not) to whoever holds
the tracking number and its code; a wrong pair gets one neutral message, whichever part was wrong.
On a portal host a message the staff side has collected is found through its status row
(``portalsync.statuses``): the state and the dates, and a link to the answer once published.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core.codes import on_portal_host
from gongkai.core.conf import conf
from gongkai.core.ratelimit import FixedWindow
from gongkai.interaction import selectors
from gongkai.interaction.models import Message, MessageState
from gongkai.interaction.public.forms import MessageForm, TrackForm
from gongkai.interaction.services import intake
from gongkai.orgs.models import Organization
from gongkai.portal.views.requests import private_page
from gongkai.portalsync.models import CaseKind
from gongkai.portalsync.views import find_case

PAGE_SIZE = 20
SESSION_SUBMITTED = "interaction.submitted"
#: Messages per client address per hour, unless ``GONGKAI["MESSAGE_FORM_PER_HOUR"]``.
WRITE_PER_HOUR = 10
#: Failed look-ups per client address per hour, unless ``GONGKAI["MESSAGE_TRACK_PER_HOUR"]``.
TRACK_PER_HOUR = 20

write_limit = FixedWindow(
    "interaction-write", lambda: int(conf().get("MESSAGE_FORM_PER_HOUR", WRITE_PER_HOUR))
)
track_limit = FixedWindow(
    "interaction-track", lambda: int(conf().get("MESSAGE_TRACK_PER_HOUR", TRACK_PER_HOUR))
)

#: What the writer is told of each state (the office's own steps are not the writer's concern).
PUBLIC_STATE = {
    MessageState.RECEIVED: gettext_lazy("已收到，正在办理"),
    MessageState.ASSIGNED: gettext_lazy("已收到，正在办理"),
    MessageState.ANSWERED: gettext_lazy("已答复"),
    MessageState.PUBLISHED: gettext_lazy("已答复并公开"),
    MessageState.CLOSED: gettext_lazy("已答复"),
}


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("首页"), reverse("portal:home")), (_("互动交流"), reverse("portal:messages")), *tail]


def _state_label(state: str) -> str:
    """A state as the writer is told it (``PUBLIC_STATE``), from its stored value."""
    try:
        return str(PUBLIC_STATE[MessageState(state)])
    except (ValueError, KeyError):
        return ""


def published() -> Any:
    """The only door to public messages: published, of an active body."""
    return Message.objects.filter(state=MessageState.PUBLISHED, organization__is_active=True)


def _list(
    request: HttpRequest, body: Organization | None, *, status: int = 200, bad_body: str = ""
) -> HttpResponse:
    rows = published().select_related("organization", "kind").order_by("-published_at", "-id")
    if body is not None:
        rows = rows.filter(organization=body)
    page = Paginator(
        rows.only(
            "pk",
            "published_subject",
            "published_at",
            "received_on",
            "answered_on",
            "organization__name",
            "organization__slug",
            "kind__name",
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    crumbs = (
        _crumbs((body.name, None)) if body else [(_("首页"), reverse("portal:home")), (_("互动交流"), None)]
    )
    return render(
        request,
        "portal/messages/list.html",
        {
            "body": body,
            "page_obj": page,
            "bad_body": bad_body,
            "bodies": Organization.objects.active()
            .filter(pk__in=published().values("organization"))
            .order_by("path"),
            "crumbs": crumbs,
            "nav_section": "messages",
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def messages(request: HttpRequest) -> HttpResponse:
    """留言选登: the region's published questions and answers, newest first; ``?body=<slug>`` filters."""
    slug = request.GET.get("body", "")
    if slug:
        body = Organization.objects.active().filter(slug=slug[:100]).first()
        if body is None:
            return _list(request, None, status=400, bad_body=slug[:100])
        return redirect("portal:body_messages", slug=body.slug)
    return _list(request, None)


@require_http_methods(["GET", "HEAD"])
def body_messages(request: HttpRequest, slug: str) -> HttpResponse:
    body = Organization.objects.active().filter(slug=slug).first()
    if body is None:
        raise Http404("no such body")
    return _list(request, body)


@require_http_methods(["GET", "HEAD"])
def message(request: HttpRequest, pk: int) -> HttpResponse:
    """One published message: its published copy (masked), never the original or the writer."""
    found = published().select_related("organization", "kind").filter(pk=pk).first()
    if found is None:
        raise Http404("no such message")
    return render(
        request,
        "portal/messages/detail.html",
        {
            "message": found,
            "crumbs": _crumbs(
                (found.organization.name, reverse("portal:body_messages", args=[found.organization.slug])),
                (found.published_subject, None),
            ),
            "nav_section": "messages",
        },
    )


def _rate_limited(request: HttpRequest, window: FixedWindow, rule: str) -> HttpResponse:
    retry = window.retry_after()
    response = render(
        request,
        "portal/messages/rate_limited.html",
        {
            "rule": rule % {"n": window.limit()},
            "minutes": max((retry + 59) // 60, 1),
            "crumbs": _crumbs((_("操作过于频繁"), None)),
        },
        status=429,
    )
    response["Retry-After"] = str(retry)
    return response


def _attach_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def message_write(request: HttpRequest) -> HttpResponseBase:
    """写信: a message to a body. Counted per client address before anything else; a form with
    errors gives its place back. The same form sent twice is one message (its idempotency key)."""
    status = 200
    if request.method == "POST":
        slot = write_limit.take(request)
        if not slot.allowed:
            return _rate_limited(request, write_limit, _("为防止滥用，同一网络地址每小时最多提交%(n)d条留言"))
        form = MessageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                found, code = intake.submit_message(
                    organization=data["organization"],
                    kind=data["kind"],
                    data=data,
                    idempotency_key=data["token"],
                )
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                if code is None:
                    # The same form again: the first submission holds the code; nothing new stored.
                    slot.release()
                else:
                    request.session[SESSION_SUBMITTED] = {"number": found.tracking_number, "code": code}
                return redirect("portal:message_submitted")
        slot.release()
        status = 400
    else:
        initial: dict[str, Any] = {}
        slug = request.GET.get("body", "")
        if slug:
            body = Organization.objects.active().filter(slug=slug[:100]).first()
            if body is not None:
                initial["organization"] = body.pk
        form = MessageForm(initial=initial)
    return render(
        request,
        "portal/messages/write.html",
        {
            "form": form,
            "limit": write_limit.limit(),
            "kinds": form.fields["kind"].queryset,  # type: ignore[attr-defined]
            "crumbs": _crumbs((_("我要写信"), None)),
            "nav_section": "messages",
        },
        status=status,
    )


@private_page
@require_http_methods(["GET"])
def message_submitted(request: HttpRequest) -> HttpResponseBase:
    """The tracking number and code, shown once (taken out of the session). GET only: a HEAD must not
    use up the one showing."""
    submitted = request.session.pop(SESSION_SUBMITTED, None)
    if not isinstance(submitted, dict):
        return render(
            request,
            "portal/messages/submitted.html",
            {"gone": True, "crumbs": _crumbs((_("留言已提交"), None))},
        )
    found = (
        Message.objects.select_related("organization", "kind")
        .filter(tracking_number=submitted.get("number", ""))
        .first()
    )
    return render(
        request,
        "portal/messages/submitted.html",
        {
            "number": submitted.get("number", ""),
            "code": submitted.get("code", ""),
            "message": found,
            "crumbs": _crumbs((_("留言已提交"), None)),
        },
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def message_track(request: HttpRequest) -> HttpResponseBase:
    """留言查询: tracking number + code → the state, the due date and the answer. Every attempt is
    counted first; only a right pair gives its place back, so wrong guesses are capped exactly."""
    found = None
    case = None
    status = 200
    if request.method == "POST":
        slot = track_limit.take(request)
        if not slot.allowed:
            return _rate_limited(
                request,
                track_limit,
                _("为防止他人猜测查询码，同一网络地址每小时最多可输错留言编号或查询码%(n)d次"),
            )
        form = TrackForm(request.POST)
        if form.is_valid():
            found = intake.find_by_code(form.cleaned_data["tracking_number"], form.cleaned_data["code"])
            if found is None and on_portal_host():
                # Collected by the staff side: the status projection answers (no text, no answer).
                case = find_case(
                    CaseKind.MESSAGE,
                    intake.normalize_number(form.cleaned_data["tracking_number"]),
                    form.cleaned_data["code"],
                    intake.code_matches,
                )
            if found is not None or case is not None:
                slot.release()
            else:
                form.add_error(None, _("留言编号或查询码不正确，请核对后重新输入。"))
                status = 400
        else:
            status = 400
    else:
        form = TrackForm(initial={"tracking_number": request.GET.get("number", "")[:40]})
    context: dict[str, Any] = {
        "form": form,
        "crumbs": _crumbs((_("留言查询"), None)),
        "nav_section": "messages",
    }
    if found is not None:
        context.update(
            {
                "found": found,
                "state_label": PUBLIC_STATE.get(found.state, ""),
                "deadline": selectors.deadline(found, timezone.localdate()),
                "form": TrackForm(),
            }
        )
    elif case is not None:
        context.update({"case": case, "state_label": _state_label(case.state), "form": TrackForm()})
    return render(request, "portal/messages/track.html", context, status=status)
