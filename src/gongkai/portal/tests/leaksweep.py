"""What the leak sweep (``test_never_a_leak.py``) shares with the sweeps of the other apps' public
routes: a probe (one request of a route), fetching a table of probes, and the sweep an app adds.

An app with public routes (意见征集, 互动, 社会评议 …) writes ``<app>/tests/leak_probes.py`` with
``build(region) -> Sweep``: it creates, through the app's real services, records in every state the
public must never see (each carrying its own marker words) next to public controls, and lists a
probe for each of its portal routes. The sweep fetches every probe and checks that no hidden marker
appears anywhere (in any route's response, the app's own or the portal's) and that every shown
marker does; ``test_every_portal_route_has_probes`` counts the app's probes as the portal's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass
class Probe:
    args: list[Any]
    query: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@dataclass
class Sweep:
    """An app's part of the leak sweep: probes per portal route name, markers that must never be
    public (contact data, unmoderated comments, unpublished drafts …) and markers that must be."""

    probes: dict[str, list[Probe]]
    hidden: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)


def fetch_all(client: Any, table: dict[str, list[Probe]]) -> list[tuple[str, str]]:
    pages = []
    for name, cases in table.items():
        for probe in cases:
            url = reverse(f"portal:{name}", args=probe.args)
            response = client.get(url, probe.query)
            assert response.status_code == probe.status, (url, probe.query, response.status_code)
            if getattr(response, "streaming", False):
                body = b"".join(response.streaming_content).decode("latin-1")
                disposition = response.get("Content-Disposition", "")
                pages.append((f"{url} [file]", body + disposition))
            else:
                pages.append((f"{url}?{probe.query}", strip_echo(response.content.decode(), probe.query)))
    return pages


def strip_echo(html: str, query: dict[str, Any]) -> str:
    """A page repeats the visitor's own request (a search page its words in the title, the search
    boxes and the summary): drop those echoes so that only what the platform found is checked."""
    # The language switch posts back to the requested path (a 404 page echoes its own URL).
    html = re.sub(r'<input name="next" type="hidden" value="[^"]*">', "", html)
    q = query.get("q")
    if not q:
        return html
    html = re.sub(r"<title>.*?</title>", "", html, flags=re.S)
    return html.replace(f'value="{q}"', "").replace(f"“{q}”", "")
