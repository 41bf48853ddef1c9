"""URL map: the public portal at the root, the staff back office under /staff/, the public API
under /api/v1/, Django admin (system administrators only) under /admin/."""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    # The language switch only sets a cookie; exempting it keeps public pages free of CSRF tokens,
    # so they can be cached and published as files.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("staff/", include("gongkai.backoffice.urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("", include("gongkai.portal.urls")),
]

# 403 and 404 in the layout of the part of the site the visitor was in (core/errors.py).
handler403 = "gongkai.core.errors.permission_denied"
handler404 = "gongkai.core.errors.page_not_found"
