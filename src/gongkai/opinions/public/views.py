"""Public pages of 意见征集 (docs/SPEC.md §2.4, §3): the region's and each body's list of
consultations (open, closed), a consultation's page with its text, files, period, the comment form
while open, the accepted comments with their answers and the 采纳情况 once published, and the files.

Only consultations that were opened are public (``PUBLIC_STATES``); drafts, reviews and their
findings never are. Comments appear only once accepted and published by a moderator, their text
with personal data masked; the contact data is never read here. A page with the comment form
carries a CSRF token: it is never in the page cache (``no-store``). Posting a comment is rate
limited per client address overall and per consultation (``core.ratelimit.FixedWindow``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.conf import conf
from gongkai.core.files.serving import download_response
from gongkai.core.files.stored import open_stored
from gongkai.core.ratelimit import FixedWindow
from gongkai.disclosure.models import Item
from gongkai.opinions import services
from gongkai.opinions.models import PUBLIC_STATES, Comment, Consultation, State, Theme
from gongkai.opinions.public.forms import CommentForm
from gongkai.portal import selectors
from gongkai.secrecy.textmask import apply, propose

log = logging.getLogger(__name__)

PAGE_SIZE = 20
#: Comments a client address may post per hour on all consultations, and on one consultation.
COMMENTS_PER_HOUR = 20
COMMENTS_PER_CONSULTATION_PER_HOUR = 5

comment_limit = FixedWindow(
    "opinions-comment", lambda: int(conf().get("CONSULTATION_COMMENTS_PER_HOUR", COMMENTS_PER_HOUR))
)


def consultation_limit(pk: int) -> FixedWindow:
    return FixedWindow(
        f"opinions-comment-{pk}",
        lambda: int(
            conf().get("CONSULTATION_COMMENTS_PER_CONSULTATION_PER_HOUR", COMMENTS_PER_CONSULTATION_PER_HOUR)
        ),
    )


def public_consultations() -> QuerySet[Consultation]:
    """What the public may see: opened consultations of active bodies."""
    return Consultation.objects.filter(
        state__in=PUBLIC_STATES, organization__in=selectors.public_bodies()
    ).select_related("organization")


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("首页"), reverse("portal:home")), (_("意见征集"), reverse("portal:consultations")), *tail]


def _listing(request: HttpRequest, qs: QuerySet[Consultation]) -> dict[str, Any]:
    status = request.GET.get("status", "")
    if status == "open":
        qs = qs.filter(state=State.OPEN)
    elif status == "closed":
        qs = qs.filter(state__in=[State.CLOSED, State.CONCLUDED])
    else:
        status = ""
    page = Paginator(qs.order_by("-opens_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page_obj": page, "status": status, "today": services.local_today()}


def consultations(request: HttpRequest) -> HttpResponse:
    """意见征集 of the region: open and closed, filtered by body (``?body=<slug>``)."""
    qs = public_consultations()
    bodies = list(
        selectors.public_bodies()
        .filter(pk__in=qs.values("organization"))
        .order_by("path")
        .only("pk", "name", "slug")
    )
    body_slug = request.GET.get("body", "")
    body = next((b for b in bodies if b.slug == body_slug), None)
    if body is not None:
        qs = qs.filter(organization=body)
    context = {
        **_listing(request, qs),
        "bodies": bodies,
        "body": body,
        "crumbs": _crumbs(),
        "feed_url": reverse("portal:consultations_feed"),
        "nav_section": "consultations",
    }
    return render(request, "opinions/portal/list.html", context)


def body_consultations(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_public_body(slug)
    context = {
        **_listing(request, public_consultations().filter(organization=body)),
        "body": body,
        "crumbs": [
            (_("首页"), reverse("portal:home")),
            (body.name, reverse("portal:body", args=[body.slug])),
            (_("意见征集"), None),
        ],
        "feed_url": reverse("portal:body_consultations_feed", args=[body.slug]),
        "nav_section": "consultations",
    }
    return render(request, "opinions/portal/list.html", context)


def masked(text: str) -> str:
    """A published comment's text with personal data masked (a moderator's slip never shows)."""
    return apply(text, propose(text))


def published_comments() -> QuerySet[Comment]:
    """The comments the public may see (accepted and published by a moderator) of public
    consultations; their text is shown masked (``masked``), their contact data never."""
    return Comment.objects.filter(published=True, consultation__in=public_consultations())


def answered_themes() -> QuerySet[Theme]:
    """The themes whose answer the public sees (answered), of public consultations."""
    return Theme.objects.exclude(answer="").filter(consultation__in=public_consultations())


def public_comments(consultation: Consultation) -> list[Comment]:
    comments = list(
        consultation.comments.filter(published=True)
        .select_related("theme")
        .only("pk", "text", "received_at", "answer", "answered_at", "adoption", "adoption_reason", "theme")
        .order_by("received_at", "pk")
    )
    for c in comments:
        c.public_text = masked(c.text)  # type: ignore[attr-defined]
    return comments


def _get_public(pk: int) -> Consultation:
    return get_object_or_404(
        public_consultations().prefetch_related(
            Prefetch("themes", queryset=Theme.objects.exclude(answer="").order_by("pk"))
        ),
        pk=pk,
    )


def _rate_limited(request: HttpRequest, consultation: Consultation, window: FixedWindow) -> HttpResponse:
    retry = window.retry_after()
    response = render(
        request,
        "opinions/portal/rate_limited.html",
        {
            "consultation": consultation,
            "limit": window.limit(),
            "minutes": max((retry + 59) // 60, 1),
            "crumbs": _crumbs((consultation.title, reverse("portal:consultation", args=[consultation.pk]))),
        },
        status=429,
    )
    response["Retry-After"] = str(retry)
    response["Cache-Control"] = "no-store"
    return response


def sent_url(item: Consultation) -> str:
    """Where a sent comment lands: its consultation's page, scrolled to the form's section, where the
    thanks are shown (the top of a long draft would hide them)."""
    return reverse("portal:consultation", args=[item.pk]) + "?sent=1#c-form"


def closed_message(item: Consultation) -> str:
    if (item.closes_on is not None and item.state != State.OPEN) or (
        item.closes_on is not None and services.local_today() > item.closes_on
    ):
        return _("本次意见征集已于%(date)s截止，不再接收意见。") % {
            "date": f"{item.closed_on or item.closes_on:%Y-%m-%d}"
        }
    return _("本次意见征集当前不接收意见。")


def _add_errors(form: CommentForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "HEAD", "POST"])
def consultation(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A consultation's page; while open it carries the comment form (never cached)."""
    item = _get_public(pk)
    today = services.local_today()
    accepting = item.accepts_comments_on(today)
    form: CommentForm | None = None
    refusal = ""
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST)
        if not form.is_valid():
            status = 400
        elif form.cleaned_data["website"]:
            # The honeypot was filled: a bot. Answer as if received, keep nothing.
            return redirect(sent_url(item))
        elif not accepting:
            refusal = closed_message(item)
            status = 400
        elif services.already_received(item, form.cleaned_data["key"]):
            # The same form sent again (a double click, a retry): one comment, not counted again.
            return redirect(sent_url(item))
        else:
            slot = comment_limit.take(request)
            if not slot.allowed:
                return _rate_limited(request, item, comment_limit)
            per = consultation_limit(item.pk)
            own = per.take(request)
            if not own.allowed:
                slot.release()
                return _rate_limited(request, item, per)
            try:
                _comment, created = services.submit_comment(
                    consultation=item, data=form.cleaned_data, key=form.cleaned_data["key"]
                )
            except ValidationError as error:
                slot.release()
                own.release()
                _add_errors(form, error)
                status = 400
            else:
                if not created:  # the same form sent twice: one comment, counted once
                    slot.release()
                    own.release()
                return redirect(sent_url(item))
    elif accepting:
        form = CommentForm(initial={"key": services.new_submission_key()})
    comments = public_comments(item)
    themed: dict[int, Theme] = {}
    for c in comments:
        if c.theme_id and c.theme and c.theme.answer:
            themed.setdefault(c.theme_id, c.theme)
    context = {
        "consultation": item,
        "body": item.organization,
        "attachments": list(item.attachments.order_by("position", "pk")),
        "accepting": accepting,
        "days_left": item.days_left(today) if item.state == State.OPEN else 0,
        "form": form if accepting else None,
        "sent": request.GET.get("sent") == "1",
        "refusal": refusal,
        "comments": comments,
        "themes": list(themed.values()),
        "final_item": (
            item.final_item
            if item.final_item_id and Item.objects.public().filter(pk=item.final_item_id).exists()
            else None
        ),
        "max_chars": services.comment_max_chars(),
        "crumbs": _crumbs((item.title, None)),
        "nav_section": "consultations",
    }
    response = render(request, "opinions/portal/detail.html", context, status=status)
    if accepting or request.method == "POST":
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
    else:
        response["Cache-Control"] = "public, max-age=60"
    return response


def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    item = get_object_or_404(public_consultations(), pk=pk)
    file = get_object_or_404(item.attachments.all(), pk=attachment_id)
    try:
        handle = open_stored(file.file)
    except (FileNotFoundError, OSError):
        log.error("attachment %s of consultation %s is missing from storage", file.pk, pk)
        raise Http404("file missing") from None
    response = download_response(handle, name=file.original_name, kind=file.kind)
    response["Cache-Control"] = "public, max-age=60"
    response["ETag"] = f'"{file.sha256}"'
    return response
