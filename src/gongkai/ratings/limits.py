"""The two limits of the rating forms, kept without storing who the visitor is.

* ``hourly``: at most ``GONGKAI["RATINGS_PER_HOUR"]`` (default 30) ratings per client address and
  hour, whatever they rate (flooding);
* ``once_a_day``: one rating of the same item or body per client address and local day.

Both are :class:`gongkai.core.ratelimit.FixedWindow` counters, so they are counted atomically in
the store every app process shares (Redis when configured, else ``core.RateCounter`` rows whose
window has passed are deleted): a one-per-day rule kept in a process's local cache would let a
visitor rate once per worker. What those counters hold is not the address but a keyed hash of it
(HMAC-SHA256 with the installation's ``SECRET_KEY``, and for the daily rule with the day and the
target in the message), so neither a counter row nor a Redis key names anyone, and the hash of one
day cannot be linked to the next. A counter lives one window (an hour, a day) and is gone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from gongkai.core.conf import conf
from gongkai.core.ratelimit import FixedWindow, client_key

#: Ratings allowed per client address and hour, unless ``GONGKAI["RATINGS_PER_HOUR"]``.
RATINGS_PER_HOUR = 30
DAY = 86_400


def keyed_hash(*parts: str) -> str:
    """A keyed hash of ``parts``: stable for one installation, meaningless without its secret key."""
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class HashedWindow(FixedWindow):
    """A fixed window counted under a keyed hash of the client's address, never the address."""

    def _key(self, request: HttpRequest) -> str:
        return f"{self.scope}:{keyed_hash(self.scope, client_key(request))}"


@dataclass(frozen=True)
class LocalDayWindow(FixedWindow):
    """One window per local calendar day (the platform's time zone), the target in the key."""

    def _offset(self) -> int:
        offset = timezone.localtime().utcoffset()
        return int(offset.total_seconds()) if offset else 0

    def _window_start(self, now: float | None = None) -> int:
        current = time.time() if now is None else now
        offset = self._offset()
        return int(current + offset) // self.period * self.period - offset

    def key_for(self, request: HttpRequest, target: str) -> str:
        day = timezone.localdate().isoformat()
        return f"{self.scope}:{keyed_hash(self.scope, day, target, client_key(request))}"

    def take_for(self, request: HttpRequest, target: str) -> bool:
        """Count this visitor's rating of ``target`` today; False when they already rated it."""
        key, start = self.key_for(request, target), self._window_start()
        count = self._store().add(key, start, self.ttl, 1)
        if count > self.limit():
            self._store().add(key, start, self.ttl, -1)
            return False
        return True

    def give_back(self, request: HttpRequest, target: str) -> None:
        """The rating was not stored after all: the visitor may rate ``target`` again today."""
        self._store().add(self.key_for(request, target), self._window_start(), self.ttl, -1)


hourly = HashedWindow("ratings", lambda: int(conf().get("RATINGS_PER_HOUR", RATINGS_PER_HOUR)))
once_a_day = LocalDayWindow("ratings-day", lambda: 1, period=DAY)


def seconds_to_midnight() -> int:
    now = timezone.localtime()
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=now.tzinfo)
    return max(int((midnight - now).total_seconds()), 1)
