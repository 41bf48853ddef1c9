"""The numbers and codes a citizen is given on a portal host (a request's 登记编号 and 查询码, a
message's 留言编号 and 查询码), which the staff side must honour once it collects the submission.

A portal host (``GONGKAI_ROLE=portal``, docs/ARCHITECTURE.md, "The portal host") numbers in a range
of its own (``portal_serial``: one per host when a province runs several), which the staff side's
yearly serials never reach, and stores the code as a *portable*
hash: scrypt, salted by the kind and the number, with no key. The staff side checks it without any
secret shared across the gateway; its own codes stay keyed hashes (HMAC with ``SECRET_KEY``).
Why not the code itself, or a shared key: the code must not be kept in clear on the internet-facing
host nor written into files that gateways archive, and a key shared by the two zones is a secret to
provision and rotate on both sides, for a 50-bit code that a slow salted hash already protects
against an offline search.

A staff installation that feeds portal hosts (``GONGKAI_PORTAL_FEED``) gives its own new codes as
portable hashes too (``portable_codes``), in its own number range: the status projection
(``portalsync.statuses``) then carries the case to the portal hosts, the only portal a citizen of a
province split can reach. A code given before the setting was turned on stays keyed and is not
projected: the staff side never kept it in clear, so it cannot hash it again.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from django.conf import settings

#: A code hashed on a portal host (no key: the staff side checks it too).
PORTABLE_PREFIX = "s1$"
#: The least serial a portal host gives: 9, the host's digit, then the serial of at least five
#: digits. The staff side's yearly serials never get there, and two portal hosts never meet: the
#: host's digit always stands second (host 1 gives 9100001 … 9199999, then 91100000 …).
PORTAL_SERIAL_BASE = 9_000_000


def on_portal_host() -> bool:
    return getattr(settings, "GONGKAI_ROLE", "full") == "portal"


def portable_codes() -> bool:
    """Whether this installation gives the codes of its new cases as portable hashes: a portal host
    always, a staff installation when it feeds portal hosts (``GONGKAI_PORTAL_FEED``)."""
    return on_portal_host() or bool(getattr(settings, "GONGKAI_PORTAL_FEED", False))


def portal_serial(serial: int) -> int:
    """The serial a portal host gives for its own ``serial`` (``GONGKAI_PORTAL_HOST``, 1–9)."""
    return int(f"9{int(getattr(settings, 'GONGKAI_PORTAL_HOST', 1))}{serial:05d}")


def portable_hash(scope: str, number: str, normalized_code: str) -> str:
    """The code's hash as a portal host stores it: scrypt, salted by ``scope`` and the number."""
    digest = hashlib.scrypt(
        normalized_code.encode(), salt=f"{scope}:{number}".encode(), n=2**14, r=8, p=1, dklen=30
    )
    return PORTABLE_PREFIX + digest.hex()


def is_portable(stored: str) -> bool:
    return stored.startswith(PORTABLE_PREFIX)


def portable_matches(stored: str, scope: str, number: str, normalized_code: str) -> bool:
    return hmac.compare_digest(stored, portable_hash(scope, number, normalized_code))


def new_hash(*, scope: str, number: str, code: str, keyed: Callable[[str], str]) -> str:
    """How a new ``code`` (normalized) is stored: its portable hash where portal hosts must check it
    (:func:`portable_codes`), else the side's own keyed hash (``keyed(code)``) — what
    :func:`matches` checks."""
    return portable_hash(scope, number, code) if portable_codes() else keyed(code)


def matches(stored: str, *, scope: str, number: str, code: str, keyed: Callable[[str], str]) -> bool:
    """Whether ``code`` (normalized) is the one behind ``stored``: the portable hash a portal host
    gave, or the side's own keyed hash (``keyed(code)``)."""
    if is_portable(stored):
        return portable_matches(stored, scope, number, code)
    return hmac.compare_digest(stored, keyed(code))
