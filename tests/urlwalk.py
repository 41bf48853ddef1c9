"""The URL walker's tools (issue 8 §2: no input, however malformed, gives a 5xx).

- :func:`discover_routes` reads every route from Django's URL resolver — the portal, the back
  office, the django-ninja API and Django admin — so a route added tomorrow is walked tomorrow.
- :data:`PATH_JUNK` and :data:`QUERY_JUNK` are the malformed arguments: non-numeric and huge ids,
  negative and far pages, impossible dates, 10,000-character strings, NUL.
- :func:`recording_reads` tells which query or form parameters a view reads, so junk is sent where
  it is read (and to the common names besides).
- :class:`WalkClient` is Django's test client without the per-request template-context capture,
  which made rich pages five times slower than they are.
"""

from __future__ import annotations

import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.core.signals import got_request_exception
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# --------------------------------------------------------------------------------------- the junk

#: One past the largest id a 64-bit signed integer column holds (SQLite: OverflowError).
HUGE = str(2**63)
#: The largest id the database holds: passes the id converter, names nothing.
MAX = str(2**63 - 1)
HUGER = str(10**30)
LONG = "x" * 10_000
NUL = "a\x00b"

#: Values put into a path argument (each argument in turn, the others good).
PATH_JUNK: tuple[str, ...] = (
    "abc",
    "-1",
    "0",
    MAX,
    HUGE,
    HUGER,
    "2026-02-30",
    "9999-99-99",
    LONG,
    NUL,
    "²",  # str.isdigit() is True, int() fails
)

#: Query and form parameters sent to every route besides the ones it was seen to read.
COMMON_PARAMS: tuple[str, ...] = (
    "q",
    "page",
    "org",
    "state",
    "column",
    "kind",
    "year",
    "month",
    "date",
    "from",
    "to",
    "start",
    "end",
    "date_from",
    "date_to",
    "sort",
    "order",
    "body",
    "status",
    "format",
    "show",
    "scope",
    "authority",
    "id",
    "pk",
    "parent",
    "table",
    "cell",
    "topic",
    "genre",
    "audience",
    "validity",
    "docno",
    "number",
    "code",
    "next",
    "p",
    "page_size",
)


def _cycle(*values: str) -> Callable[[int], str]:
    return lambda i: values[i % len(values)]


#: Classes of malformed query/form values; each maps the parameter's position to a value, so the
#: alternatives of a class spread over the parameters of one request.
QUERY_JUNK: dict[str, Callable[[int], str]] = {
    "text": _cycle("abc", "²", "1.5"),
    "huge": _cycle(HUGE, HUGER, MAX),
    "far": _cycle("999999"),
    "negative": _cycle("-1", "0"),
    "date": _cycle("2026-02-30", "9999-99-99", "2026-13-01"),
    "long": _cycle(LONG),
    "nul": _cycle(NUL),
}

#: A path that no route has, appended to each area's prefix.
UNKNOWN = "walk-no-such-page"


# ------------------------------------------------------------------------------------- the routes


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # the converter's name ("id", "slug", "str", …) or "regex"
    regex: str

    def accepts(self, value: str) -> bool:
        return re.fullmatch(self.regex, value) is not None


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # as written in the URL maps, prefixes joined: "staff/items/<id:pk>/"
    template: str  # "staff/items/{pk}/"; "" when the pattern could not be turned into a URL
    params: tuple[Param, ...]
    problem: str = ""  # why no URL can be built (then the route is listed, not walked)
    module: str = ""  # where the view is written ("gongkai.…" for the project's own)

    @property
    def area(self) -> str:
        for prefix, area in (("staff/", "staff"), ("admin/", "admin"), ("api/", "api")):
            if self.route.startswith(prefix):
                return area
        return "portal"

    def url(self, values: Mapping[str, str]) -> str:
        return "/" + self.template.format_map({k: quote(v, safe="") for k, v in values.items()})

    @property
    def id(self) -> str:
        return f"{self.name} {self.route}"


_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _from_route(text: str, converters: Mapping[str, Any]) -> tuple[str, list[Param]]:
    params: list[Param] = []
    out: list[str] = []
    pos = 0
    for m in _ROUTE_PARAM.finditer(text):
        out.append(text[pos : m.start()].replace("{", "{{").replace("}", "}}"))
        name = m["name"]
        conv = converters.get(name)
        params.append(Param(name, m["conv"] or "str", conv.regex if conv is not None else "[^/]+"))
        out.append("{" + name + "}")
        pos = m.end()
    out.append(text[pos:].replace("{", "{{").replace("}", "}}"))
    return "".join(out), params


def _group_end(text: str, start: int) -> int:
    """Index of the ")" closing the group opened just before ``start``."""
    depth, i, in_class = 1, start, False
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in {text!r}")


def _from_regex(text: str) -> tuple[str, list[Param], str]:
    """A regex route as a URL template: named groups become arguments, ``.*`` a page that does
    not exist; anything else that is not a literal makes the route unbuildable."""
    text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    params: list[Param] = []
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("(?P<", i):
            name_end = text.index(">", i)
            name = text[i + 4 : name_end]
            end = _group_end(text, name_end + 1)
            params.append(Param(name, "regex", text[name_end + 1 : end]))
            out.append("{" + name + "}")
            i = end + 1
        elif text.startswith(".*", i):
            out.append(UNKNOWN)
            i += 2
        elif text[i] == "\\" and i + 1 < len(text) and not text[i + 1].isalnum():
            out.append(text[i + 1])
            i += 2
        elif text[i] in "\\.^$*+?{}[]()|":
            return "", params, f"regex {text!r} is not a plain path"
        else:
            out.append(text[i])
            i += 1
    return "".join(out), params, ""


def _module_of(view: Any) -> str:
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    view = getattr(view, "view_class", view)
    return getattr(view, "__module__", "") or type(view).__module__


def discover_routes() -> list[Route]:
    """Every route of the URL resolver, prefixes joined, in resolution order."""
    found: list[Route] = []

    def walk(patterns: list[Any], prefix: str, template: str, params: list[Param], ns: str) -> None:
        for p in patterns:
            problem = ""
            if isinstance(p.pattern, RoutePattern):
                part, more = _from_route(str(p.pattern), p.pattern.converters)
            elif isinstance(p.pattern, RegexPattern):
                part, more, problem = _from_regex(str(p.pattern))
            else:  # LocalePrefixPattern and the like: not used here
                part, more, problem = "", [], f"pattern type {type(p.pattern).__name__}"
            if isinstance(p, URLResolver):
                child_ns = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                walk(p.url_patterns, prefix + str(p.pattern), template + part, params + more, child_ns)
            elif isinstance(p, URLPattern):
                name = f"{ns}:{p.name}" if ns and p.name else (p.name or "")
                found.append(
                    Route(
                        name=name or "(unnamed)",
                        route=prefix + str(p.pattern),
                        template="" if problem else template + part,
                        params=tuple(params + more),
                        problem=problem,
                        module=_module_of(p.callback),
                    )
                )

    walk(get_resolver().url_patterns, "", "", [], "")
    return found


# ------------------------------------------------------------------------------ reads and failures


@dataclass
class Reads:
    """The query/form parameters views read during a request."""

    keys: set[str] = field(default_factory=set)
    iterated: bool = False


_KEYED = ("get", "__getitem__", "getlist", "__contains__")
_WHOLE = ("items", "lists", "keys", "values", "__iter__", "dict", "urlencode", "copy")


@contextmanager
def recording_reads() -> Iterator[Reads]:
    """Record which keys of any QueryDict (request.GET, request.POST) are read meanwhile."""
    reads = Reads()
    saved = {name: QueryDict.__dict__.get(name) for name in (*_KEYED, *_WHOLE)}
    originals = {name: getattr(QueryDict, name) for name in (*_KEYED, *_WHOLE)}

    def keyed(name: str) -> Callable[..., Any]:
        original = originals[name]

        def wrapper(self: Any, key: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(key, str):
                reads.keys.add(key)
            return original(self, key, *args, **kwargs)

        return wrapper

    def whole(name: str) -> Callable[..., Any]:
        original = originals[name]

        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            reads.iterated = True
            return original(self, *args, **kwargs)

        return wrapper

    for name in _KEYED:
        setattr(QueryDict, name, keyed(name))
    for name in _WHOLE:
        setattr(QueryDict, name, whole(name))
    try:
        yield reads
    finally:
        for name, value in saved.items():
            if value is None:
                delattr(QueryDict, name)
            else:
                setattr(QueryDict, name, value)


class Failures:
    """Tracebacks of the exceptions that became 5xx responses (Django's got_request_exception)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _receive(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        kind, error, tb = sys.exc_info()
        frames = traceback.extract_tb(tb)
        # The project's frames (where the fix goes), and the last few wherever they are.
        shown = [f for f in frames[:-4] if "/gongkai/" in f.filename][-6:] + frames[-4:]
        name = getattr(kind, "__name__", str(kind))
        self._local.last = "".join(traceback.format_list(shown)) + f"{name}: {error}"

    def take(self) -> str:
        last = getattr(self._local, "last", "")
        self._local.last = ""
        return last

    @contextmanager
    def listening(self) -> Iterator[Failures]:
        got_request_exception.connect(self._receive, dispatch_uid="url-walk")
        try:
            yield self
        finally:
            got_request_exception.disconnect(dispatch_uid="url-walk")


class WalkClient(Client):
    """Django's test client without capturing every template's context (the walk reads only the
    status): rich back-office pages render five times faster."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(raise_request_exception=False, **kwargs)

    def request(self, **request: Any) -> Any:
        response = self.handler(self._base_environ(**request))
        if response.cookies:
            self.cookies.update(response.cookies)
        return response
