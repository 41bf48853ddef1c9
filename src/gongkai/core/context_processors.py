"""Template context shared by the portal and the back office."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop

#: The site's name when GONGKAI_SITE_NAME is not set: it has an English name in the portal's
#: catalogue. A name a deployment sets is shown as set (gettext finds no translation for it).
DEFAULT_SITE_NAME = gettext_noop("政府信息公开平台")


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_NAME": gettext(settings.GONGKAI["SITE_NAME"])}
