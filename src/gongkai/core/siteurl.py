"""The platform's own address (``GONGKAI_SITE_URL``): the one source of every absolute URL.

Whatever leaves the page with a full address — sitemap.xml, the Atom feeds, e-mails, letters, the
API's links — is built from the configured address, never from the request. The ``Host`` header is
written by whoever sends the request: a page built from it and then cached (the page cache, the
published pages, an HTTP cache in front) would hand that sender's address to every later visitor
(host-header poisoning, security audit 4.1).

``SITE_URL`` is the address at which the root of the platform is reached, e.g.
``https://gongkai.example.gov.cn``; a path after the host (a platform behind a prefix-stripping
proxy) is kept in front of every path.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from gongkai.core.conf import conf


def parse_site_url(value: str) -> tuple[str, str, str]:
    """``(scheme, host, base)`` of a site URL; ``host`` without port, lower case; ``base`` the URL
    without a trailing slash. A URL that is not http(s) with a host is a configuration error."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"GONGKAI_SITE_URL 应为平台的访问地址，如 https://gongkai.example.gov.cn，而不是“{value}”"
        )
    return parts.scheme, parts.hostname.lower(), value.strip().rstrip("/")


def site_url() -> str:
    """The configured address, without a trailing slash."""
    return parse_site_url(str(conf()["SITE_URL"]))[2]


def site_host() -> str:
    """The host name of the configured address (no port, lower case)."""
    return parse_site_url(str(conf()["SITE_URL"]))[1]


def site_scheme() -> str:
    return parse_site_url(str(conf()["SITE_URL"]))[0]


def absolute_url(path: str) -> str:
    """``path`` (as ``reverse()`` gives it, starting with ``/``) under the configured address."""
    if not path.startswith("/"):
        path = "/" + path
    return site_url() + path
