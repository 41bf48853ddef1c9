"""Look-ups and the one prologue shared by the active-disclosure staff views.

An item view starts the same way every time: the person must be signed in, the item must be one
they may read (404 otherwise, its existence is not revealed), and the policy must allow what the
view does (403 with the reason otherwise). :func:`item_action` (POST only) and :func:`item_page`
(a screen with its form) say it once; the view receives the item instead of its id.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import deny_unless
from gongkai.disclosure import policy
from gongkai.disclosure.models import Item

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: A policy question about one item: may ``user`` do this with ``item`` now?
Allowed = Callable[[Any, Item], bool]
ItemView = Callable[..., HttpResponse]

DEFAULT_REFUSAL = _("您没有权限执行此操作。")


def readable_item_or_404(user: Any, pk: int) -> Item:
    """The item, if ``user`` may read it; otherwise 404 (its existence is not revealed)."""
    qs = policy.readable_items(user).select_related("organization", "column", "author")
    return get_object_or_404(qs, pk=pk)


def _for_item(allowed: Allowed, message: StrOrPromise, *, post_only: bool) -> Callable[[ItemView], ItemView]:
    def decorate(view: ItemView) -> ItemView:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            item = readable_item_or_404(request.user, pk)
            deny_unless(allowed(request.user, item), message)
            return view(request, item, **kwargs)

        return login_required(require_POST(wrapper) if post_only else wrapper)

    return decorate


def item_action(allowed: Allowed, message: StrOrPromise = DEFAULT_REFUSAL) -> Callable[[ItemView], ItemView]:
    """A POST action on an item: signed in, POST only, the item readable (else 404) and ``allowed``
    by the policy (else 403 saying ``message``). The view is called as ``view(request, item, ...)``."""
    return _for_item(allowed, message, post_only=True)


def item_page(allowed: Allowed, message: StrOrPromise = DEFAULT_REFUSAL) -> Callable[[ItemView], ItemView]:
    """A screen on an item (shown on GET, its form posted back): as :func:`item_action`, any method."""
    return _for_item(allowed, message, post_only=False)
