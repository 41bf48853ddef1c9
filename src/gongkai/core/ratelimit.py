"""Fixed-window rate limits per client address, kept in Django's cache.

Used by the public forms that anyone can post without an account — the online application for
government information (``REQUEST_FORM_PER_HOUR``) and the applicant's status look-up — so that one
address cannot flood a body with applications or try look-up codes at speed.

**Which address.** The client address is ``REMOTE_ADDR``: what the WSGI server (gunicorn, started by
``gongkai serve`` in ``core/server.py``) saw as the other end of the connection. Behind nginx
(``deploy/nginx.conf``, which includes Debian's ``proxy_params``: ``X-Forwarded-For
$proxy_add_x_forwarded_for``) that is the proxy's own address, 127.0.0.1, for *every* visitor — so
all visitors would share one window. List the proxy in ``GONGKAI_TRUSTED_PROXIES`` (comma-separated
addresses or networks, e.g. ``127.0.0.1,::1`` or ``10.0.0.0/8``) and the address the proxy reports
is used instead: the *nearest* ``X-Forwarded-For`` hop, i.e. the right-most entry, which the
trusted proxy appended itself. Entries further left were written by whoever sent the request and are
never believed, except that a chain of trusted proxies is walked from the right (each listed proxy
vouches for the hop before it). Without the setting, ``X-Forwarded-For`` is ignored entirely: a
forged header must never let anyone choose their own window.

IPv6 clients are counted per /64 network, because one household or host gets a whole /64 and can
change its address within it at will.

**Where the counts live.** In the default cache: Redis when ``REDIS_URL`` is set (one count shared by
every app process — the regional deployment), local memory otherwise. With local memory each worker
process counts on its own, so with *n* gunicorn workers an address may get up to *n* times the limit
through; set ``REDIS_URL`` where the limit must be exact.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from gongkai.core.conf import conf

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: IPv6 clients are counted per network of this prefix length.
IPV6_PREFIX = 64


@functools.lru_cache(maxsize=8)
def _parse_networks(raw: str) -> tuple[IPNetwork, ...]:
    networks = []
    for entry in raw.split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"GONGKAI_TRUSTED_PROXIES: “{entry}” is not an IP address or network ({exc})"
            ) from exc
    return tuple(networks)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """The proxies whose ``X-Forwarded-For`` is believed: ``GONGKAI["TRUSTED_PROXIES"]`` if the
    settings define it (a list or a comma-separated string), else the ``GONGKAI_TRUSTED_PROXIES``
    environment variable; empty by default."""
    configured = conf().get("TRUSTED_PROXIES")
    if configured is None:
        configured = os.environ.get("GONGKAI_TRUSTED_PROXIES", "")
    if not isinstance(configured, str):
        configured = ",".join(str(entry) for entry in configured)
    return _parse_networks(configured)


def _address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HttpRequest) -> IPAddress | None:
    """The client's IP address (see the module docstring for when ``X-Forwarded-For`` counts)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    networks = trusted_proxies()
    if remote is None or not networks or not _is_trusted(remote, networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A hop we cannot read: stop believing the chain here; the last good proxy's view stands.
            return remote
        if not _is_trusted(address, networks):
            return address
        remote = address
    return remote


def client_key(request: HttpRequest) -> str:
    """The string a client is counted under: its IPv4 address, or its IPv6 /64 network."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


@dataclass(frozen=True)
class FixedWindow:
    """At most ``limit()`` counted events per client in each ``period``-second window.

    Windows are aligned to multiples of ``period`` since the epoch (a fixed window, not a sliding
    one): simple, one cache key per client, and at worst twice the limit across a window boundary.
    ``limit`` is a callable so the number is read from the settings at each request.
    """

    scope: str
    limit: Callable[[], int]
    period: int = 3600

    def _window(self, now: float | None = None) -> int:
        return int(time.time() if now is None else now) // self.period

    def cache_key(self, request: HttpRequest, now: float | None = None) -> str:
        return f"ratelimit:{self.scope}:{self._window(now)}:{client_key(request)}"

    def count(self, request: HttpRequest) -> int:
        """Events counted for this client in the current window."""
        return int(cache.get(self.cache_key(request)) or 0)

    def exceeded(self, request: HttpRequest) -> bool:
        """True when the client has used up the window: the next event must be refused."""
        return self.count(request) >= self.limit()

    def hit(self, request: HttpRequest) -> int:
        """Count one event for the client; returns the count in the current window."""
        key = self.cache_key(request)
        # add() is a no-op when the key exists; incr() is atomic on Redis and under the lock of the
        # local-memory cache, so concurrent hits are all counted.
        cache.add(key, 0, timeout=self.period + 60)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=self.period + 60)
            return 1

    def retry_after(self, now: float | None = None) -> int:
        """Seconds until the current window ends (for the ``Retry-After`` header)."""
        current = time.time() if now is None else now
        return max(int((self._window(current) + 1) * self.period - current), 1)
