"""The public rating pages (社会评议): a visitor rates a public item or a body's disclosure work.

The small form on each item page and body page (``ratings/item_widget.html``,
``ratings/body_widget.html``) sits in the public page cache, so it carries no per-visitor CSRF
token. These endpoints are therefore exempt from Django's CSRF check and make their own:

* the request must come from this site: its ``Origin`` (else its ``Referer``) is the site's own
  address or one of ``CSRF_TRUSTED_ORIGINS``; anything else, or neither header, is refused (403);
* the form's random idempotency token (filled in by ``ratings/rating.js``; without JavaScript this
  page answers with the same form, a fresh token in it, to confirm) makes a double submit store one
  rating (``Rating.token`` is unique);
* a rate limit per client address and hour, and one rating of the same target per address and day
  (``ratings.limits``: counters under a keyed hash, nothing stored with the rating).

Every answer is private to the visitor: ``Cache-Control: no-store``, never in the page cache.
Statuses: 200 thanks (also for a form sent again), 400 a bad grade or a comment too long, 403 not
from this site, 404 an item the public cannot see or an unknown body, 409 already rated today,
429 too many ratings.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from gongkai.ratings import limits, services
from gongkai.ratings.models import COMMENT_MAX_LENGTH, Rating, TargetKind
from gongkai.ratings.public.forms import RatingForm
from gongkai.ratings.services import Target

View = Callable[..., HttpResponseBase]


def no_store(view: View) -> View:
    """A visitor's own answer: never cached anywhere, not indexed; a 404 rendered with the headers."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = render(request, "404.html", status=404)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def from_this_site(request: HttpRequest) -> bool:
    """Was the form sent from a page of this site? ``Origin`` when the browser sends one (every
    current browser does on a POST), else the ``Referer``; neither is a refusal."""
    try:
        own = {f"{request.scheme}://{request.get_host()}".lower()}
    except DisallowedHost:
        return False
    own |= {origin.lower() for origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])}
    sent = request.headers.get("Origin", "")
    if sent and sent != "null":
        return sent.lower() in own
    referer = request.headers.get("Referer", "")
    return bool(referer) and _origin(referer) in own


# --- pages -------------------------------------------------------------------------------------


def _context(target: Target) -> dict[str, Any]:
    if target.item is not None:
        back = reverse("portal:item", args=[target.item.pk])
        name = target.item.title
        action = reverse("portal:rate_item", args=[target.item.pk])
    else:
        back = reverse("portal:body", args=[target.organization.slug])
        name = target.organization.name
        action = reverse("portal:rate_body", args=[target.organization.slug])
    return {
        "target": target,
        "target_name": name,
        "back_url": back,
        "action": action,
        "is_item": target.kind == TargetKind.ITEM,
        "comment_max": COMMENT_MAX_LENGTH,
        "crumbs": [
            (_("首页"), reverse("portal:home")),
            (name, back),
            (_("评价"), None),
        ],
        "nav_section": "catalog",
    }


def _form_page(
    request: HttpRequest, target: Target, form: RatingForm, *, status: int = 200, notice: str = ""
) -> HttpResponse:
    return render(
        request, "ratings/rate.html", {**_context(target), "form": form, "notice": notice}, status=status
    )


def _message(request: HttpRequest, target: Target, *, title: str, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "ratings/message.html",
        {**_context(target), "title": title, "message": message, "status": status},
        status=status,
    )


def _rate(request: HttpRequest, target: Target | None) -> HttpResponse:
    if target is None:
        raise Http404
    if request.method != "POST":
        return _form_page(request, target, RatingForm(kind=target.kind, initial={"token": new_token()}))
    if not from_this_site(request):
        return _message(
            request,
            target,
            title=_("无法提交评价"),
            message=_("评价只能在本网站的页面上提交。请回到信息页面重新评价。"),
            status=403,
        )
    data = request.POST.copy()
    confirm = not data.get("token")
    if confirm:  # sent without JavaScript from a cached page: confirm with a token of its own
        data["token"] = new_token()
    form = RatingForm(data, kind=target.kind)
    if not form.is_valid():
        data["token"] = new_token()  # nothing was stored: the corrected form is a new one
        return _form_page(request, target, form, status=400)
    if confirm:
        return _form_page(request, target, form, notice=_("请确认您的评价，然后点击“提交评价”。"))
    token = form.cleaned_data["token"]
    thanks: dict[str, Any] = {
        "title": _("感谢您的评价"),
        "message": _("您的评价已收到，我们将认真研究，改进政务公开工作。"),
        "status": 200,
    }
    if Rating.objects.filter(token=token).exists():  # the same form sent again
        return (
            _message(request, target, **thanks)
            if _store(target, form)
            else _refused(request, target, form, data)
        )
    slot = limits.hourly.take(request)
    if not slot.allowed:
        response = _message(
            request,
            target,
            title=_("操作过于频繁"),
            message=_("为防止滥用，同一网络地址每小时最多提交%(n)d次评价，请%(m)d分钟后再试。")
            % {"n": limits.hourly.limit(), "m": max((limits.hourly.retry_after() + 59) // 60, 1)},
            status=429,
        )
        response["Retry-After"] = str(limits.hourly.retry_after())
        return response
    if not limits.once_a_day.take_for(request, target.key):
        slot.release()
        if Rating.objects.filter(token=token).exists():  # the same form, sent twice at once
            return _message(request, target, **thanks)
        what = _("这条信息") if target.item is not None else _("本机关的政务公开工作")
        return _message(
            request,
            target,
            title=_("今天已经评价过"),
            message=_("您今天已经评价过%(what)s，每天只计一次，感谢您的参与。") % {"what": what},
            status=409,
        )
    if _store(target, form):
        return _message(request, target, **thanks)
    slot.release()
    limits.once_a_day.give_back(request, target.key)
    return _refused(request, target, form, data)


def _store(target: Target, form: RatingForm) -> bool:
    """Store the rating through the service; its refusal goes onto the form (False)."""
    data = form.cleaned_data
    try:
        services.submit_rating(
            target=target, grade=data["grade"], comment=data["comment"], token=data["token"]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in ("grade", "comment") else None, message)
        return False
    return True


def _refused(request: HttpRequest, target: Target, form: RatingForm, data: QueryDict) -> HttpResponse:
    """The form again with the service's reasons and a fresh token (400); ``data`` is the form's
    own (mutable) copy of what was sent."""
    data["token"] = new_token()
    return _form_page(request, target, form, status=400)


@csrf_exempt
@no_store
@require_http_methods(["GET", "HEAD", "POST"])
def rate_item(request: HttpRequest, pk: int) -> HttpResponseBase:
    """评价一条信息 (这条信息对您有帮助吗): a public item only."""
    return _rate(request, services.item_target(pk))


@csrf_exempt
@no_store
@require_http_methods(["GET", "HEAD", "POST"])
def rate_body(request: HttpRequest, slug: str) -> HttpResponseBase:
    """评价机关的政务公开工作: an active body only."""
    return _rate(request, services.body_target(slug))
