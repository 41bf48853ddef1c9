"""Staff views of the notification inbox (站内消息, docs/SPEC.md §9) — newest first, unread highlighted,
mark one or all as read (routes in ``urlpatterns``, mounted through ``notifications.staff.urls``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.params import local_path, param_id
from gongkai.notifications.models import Notification
from gongkai.notifications.services import mark_read, unread_count

PAGE_SIZE = 20


def _safe(request: HttpRequest, url: str) -> bool:
    return local_path(url, request) is not None


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    only_unread = request.GET.get("show") == "unread"
    notes = Notification.objects.filter(recipient_id=request.user.pk)
    if only_unread:
        notes = notes.filter(read_at__isnull=True)
    page = Paginator(notes.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/notifications.html",
        {
            "page_obj": page,
            "only_unread": only_unread,
            "unread": unread_count(request.user),
            "nav_section": "notifications",
        },
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or all (``all``) as read. With ``open``, go on to the
    notification's page; otherwise back to ``next`` (a local address) or the inbox."""
    if request.POST.get("all"):
        count = mark_read(request.user)
        messages.success(
            request, _("已将%(count)s条通知标为已读。") % {"count": count} if count else _("没有未读通知。")
        )
    else:
        pk = param_id(request.POST, "id")
        if pk is None:
            raise Http404  # a malformed id is an id that does not exist (core/params.py)
        note = get_object_or_404(Notification, pk=pk, recipient_id=request.user.pk)
        mark_read(request.user, [note.pk])
        if request.POST.get("open") and _safe(request, note.url):
            return redirect(note.url)
    back = request.POST.get("next", "")
    return redirect(back if _safe(request, back) else reverse("backoffice:notifications"))


urlpatterns: list[URLPattern] = [
    path("notifications/", notification_list, name="notifications"),
    path("notifications/read/", notifications_read, name="notifications_read"),
]
