"""Integers from URLs and query strings: object ids, page numbers, years.

Every id that comes from outside — a path segment (``<id:pk>``), ``?org=``, ``?body=``, a form's
hidden field — is read here, so one rule holds everywhere: **a malformed id is an id that does not
exist.** Non-numeric text (including non-ASCII digits such as "²" or "١", which ``str.isdigit``
accepts), zero, negative numbers and numbers the database cannot hold (above the range of a
``BigAutoField``: 9223372036854775807 in SQLite and PostgreSQL alike; SQLite raises
``OverflowError`` on anything larger and PostgreSQL an error on the query) all read as None. The
caller then does what it does for an unknown id: a path id or a ``?org=`` naming the page's subject
is a 404 (existence is never revealed either way), a filter of a list is not applied.

Years in paths use ``<year:year>`` (four digits, 1000–9999, so ``datetime.date`` can hold them).

Page numbers are read with :func:`parse_page`: absent is page 1, anything that is not a whole
number from 1 is None, for the view to answer with a clear message.

Where to go back to (``?next=``, a form's ``next``) is read with :func:`local_path`: only a path of
this site ("/staff/…"), never a bare word (``redirect("abc")`` takes it for a URL name and fails),
another site, or a control character.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

#: Ids are ``BigAutoField`` (settings.DEFAULT_AUTO_FIELD): a signed 64-bit integer in every
#: supported database. 19 digits is the longest such number.
ID_FIELD = "BigAutoField"
MAX_ID_DIGITS = 19


@functools.cache
def max_id() -> int:
    """The largest id the database can hold (asked of the backend, not assumed)."""
    from django.db import connection

    high = connection.ops.integer_field_range(ID_FIELD)[1]
    return int(high) if high is not None else 2**63 - 1


def parse_int(raw: Any, *, minimum: int, maximum: int) -> int | None:
    """A whole number written in ASCII digits (an optional leading "-"), within ``[minimum,
    maximum]``; None for anything else (never an exception, whatever the text)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    else:
        if not isinstance(raw, str):
            return None
        text = raw.strip()
        digits = text[1:] if text.startswith("-") else text
        # Length first: int() of a 10,000-digit string is slow, and above 4,300 digits an error.
        if not digits or len(digits) > MAX_ID_DIGITS or not (digits.isascii() and digits.isdigit()):
            return None
        value = int(text)
    return value if minimum <= value <= maximum else None


def parse_id(raw: Any) -> int | None:
    """An object id (1 … :func:`max_id`), or None: see the module's rule."""
    return parse_int(raw, minimum=1, maximum=max_id())


def param_id(params: Mapping[str, Any], name: str) -> int | None:
    """``parse_id`` of one query or form parameter (``request.GET``, ``request.POST``)."""
    return parse_id(params.get(name))


def parse_page(raw: Any, *, maximum: int | None = None) -> int | None:
    """A page number: absent or empty is 1; a whole number from 1 (up to ``maximum``) is itself;
    anything else (0, negative, text, NUL, a number past ``maximum``) is None."""
    if raw is None or raw == "":
        return 1
    return parse_int(raw, minimum=1, maximum=maximum if maximum is not None else max_id())


def local_path(raw: Any, request: Any) -> str | None:
    """``raw`` if it is a path on this site to send the person back to, else None."""
    from django.utils.http import url_has_allowed_host_and_scheme

    if not isinstance(raw, str) or not raw.startswith("/") or raw.startswith("//"):
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in raw) or "\\" in raw:
        return None
    safe = url_has_allowed_host_and_scheme(
        raw, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return raw if safe else None


class IdConverter:
    """Path converter ``<id:name>`` for object ids: at most 19 ASCII digits, 1 … :func:`max_id`.

    Django's ``<int:…>`` accepts any number of digits and hands 10**30 to the ORM, where a foreign
    key look-up overflows (a 500). A value this converter refuses does not match the route, so
    the request ends in the ordinary 404.
    """

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # no match: the URL resolver moves on, ending in a 404
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


class YearConverter:
    """Path converter ``<year:name>``: four digits (1000–9999), so any date in that year exists."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        number = parse_int(value, minimum=1000, maximum=9999)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))
