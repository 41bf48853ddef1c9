"""Fixed-window rate limits per client address, counted atomically in a store every process shares.

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

**Where the counts live.** In a store every app process shares, counted atomically (security audit
4.5: with one count per process and a check-then-increment, 22 of 32 simultaneous applications got
through a limit of 5):

* with Redis (``REDIS_URL``, the regional deployment), a key per client and window, ``SET NX EX``
  and ``INCR`` in one ``MULTI`` transaction;
* otherwise in the database (``core.RateCounter``; the embedded deployment's gunicorn workers each
  have their own local-memory cache, but share the database): one statement,
  ``INSERT … ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits`` — the
  technique of the 索引号 counter (``disclosure/services/index_numbers.py``). Rows of past windows
  are deleted when a client opens a new window.

**Increment first, then compare.** :meth:`FixedWindow.take` counts the event and *then* decides:
the event is allowed when its own count is within the limit. There is no moment between a check
and an increment where another request can slip through, so of any number of simultaneous
attempts exactly the limit are allowed. An event that turns out not to count (an application form
with errors, a look-up with the right code) or that was refused is given back with
:meth:`Slot.release`, so the count is always "events allowed and kept".
"""

from __future__ import annotations

import functools
import ipaddress
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
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


# --- the shared counters ---------------------------------------------------------------------


class _Store:
    def add(self, key: str, window_start: int, ttl: int, by: int) -> int:
        """Add ``by`` to the count and return the new count, atomically."""
        raise NotImplementedError

    def get(self, key: str, window_start: int) -> int:
        raise NotImplementedError


class _DatabaseStore(_Store):
    """``core.RateCounter`` rows, one per client and window (see the module docstring)."""

    def __init__(self, using: str = DEFAULT_DB_ALIAS) -> None:
        self.using = using

    def add(self, key: str, window_start: int, ttl: int, by: int) -> int:
        from gongkai.core.models import RateCounter

        table = RateCounter._meta.db_table
        now = int(time.time())
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, window_start, hits, expires_at) "  # noqa: S608 - our table
                "VALUES (%s, %s, %s, %s) "
                f"ON CONFLICT (key, window_start) DO UPDATE SET hits = {table}.hits + excluded.hits "
                "RETURNING hits",
                [key, window_start, by, now + ttl],
            )
            hits = int(cursor.fetchone()[0])
            if hits == by == 1:
                # The client's first event in this window: past windows are of no more use.
                cursor.execute(f"DELETE FROM {table} WHERE expires_at < %s", [now])  # noqa: S608
        return hits

    def get(self, key: str, window_start: int) -> int:
        from gongkai.core.models import RateCounter

        rows = RateCounter.objects.using(self.using).filter(key=key, window_start=window_start)
        return int(rows.values_list("hits", flat=True).first() or 0)


class _RedisStore(_Store):
    """One Redis key per client and window, created with its expiry and incremented in one
    ``MULTI`` transaction (atomic on the server, whatever the number of app processes)."""

    def __init__(self, location: str, prefix: str = "") -> None:
        import redis

        self.client = redis.Redis.from_url(location)
        # The cache's KEY_PREFIX (GONGKAI_CACHE_KEY_PREFIX): installations sharing one Redis server
        # count apart.
        self.prefix = f"{prefix}:" if prefix else ""

    def _name(self, key: str, window_start: int) -> str:
        return f"{self.prefix}gongkai:ratelimit:{key}:{window_start}"

    def add(self, key: str, window_start: int, ttl: int, by: int) -> int:
        name = self._name(key, window_start)
        pipe = self.client.pipeline(transaction=True)
        pipe.set(name, 0, ex=ttl, nx=True)
        pipe.incrby(name, by)
        return int(pipe.execute()[1])

    def get(self, key: str, window_start: int) -> int:
        return int(self.client.get(self._name(key, window_start)) or 0)


@functools.lru_cache(maxsize=4)
def _redis_store(location: str, prefix: str = "") -> _RedisStore:
    return _RedisStore(location, prefix)


def store() -> _Store:
    """Redis when the default cache is Redis (shared by every app process), else the database."""
    config = settings.CACHES["default"]
    if "redis" in str(config.get("BACKEND", "")).lower():
        location = config["LOCATION"]
        return _redis_store(
            location if isinstance(location, str) else location[0], str(config.get("KEY_PREFIX") or "")
        )
    return _DatabaseStore()


# --- the window --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One counted event (:meth:`FixedWindow.take`): ``allowed`` or not, and how to give it back."""

    window: FixedWindow
    key: str
    window_start: int
    count: int
    allowed: bool

    def release(self) -> None:
        """Give the event back: it does not count (a form with errors, a successful look-up)."""
        self.window._store().add(self.key, self.window_start, self.window.ttl, -1)


@dataclass(frozen=True)
class FixedWindow:
    """At most ``limit()`` counted events per client in each ``period``-second window.

    Windows are aligned to multiples of ``period`` since the epoch (a fixed window, not a sliding
    one): simple, one counter per client, and at worst twice the limit across a window boundary.
    ``limit`` is a callable so the number is read from the settings at each request.
    """

    scope: str
    limit: Callable[[], int]
    period: int = 3600

    @property
    def ttl(self) -> int:
        return self.period + 60

    def _store(self) -> _Store:
        return store()

    def _window_start(self, now: float | None = None) -> int:
        current = time.time() if now is None else now
        return int(current) // self.period * self.period

    def _key(self, request: HttpRequest) -> str:
        return f"{self.scope}:{client_key(request)}"

    def take(self, request: HttpRequest) -> Slot:
        """Count one event for the client and decide, in one atomic step: allowed when this event's
        own count is within the limit. A refused event is given back at once (it did not happen)."""
        key, start = self._key(request), self._window_start()
        count = self._store().add(key, start, self.ttl, 1)
        slot = Slot(self, key, start, count, allowed=count <= self.limit())
        if not slot.allowed:
            slot.release()
        return slot

    def count(self, request: HttpRequest) -> int:
        """Events counted for this client in the current window."""
        return self._store().get(self._key(request), self._window_start())

    def exceeded(self, request: HttpRequest) -> bool:
        """True when the client has used up the window (for display; to decide, use :meth:`take`)."""
        return self.count(request) >= self.limit()

    def hit(self, request: HttpRequest) -> int:
        """Count one event for the client, whatever the limit; returns the count in the window."""
        return self._store().add(self._key(request), self._window_start(), self.ttl, 1)

    def retry_after(self, now: float | None = None) -> int:
        """Seconds until the current window ends (for the ``Retry-After`` header)."""
        current = time.time() if now is None else now
        return max(int(self._window_start(current) + self.period - current), 1)
