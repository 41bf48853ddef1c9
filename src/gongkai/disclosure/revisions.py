"""The frozen copy a published version of an item keeps (``ItemRevision.snapshot``, docs/SPEC.md §2.4:
"every version is kept").

Publishing, correcting, importing a legacy catalog and generating the demo all write revisions;
they all take the copy from :func:`revision_snapshot`, so a version reads the same whichever way
it came.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from gongkai.disclosure.models import Attachment, Item

#: What a published version keeps in its frozen copy.
SNAPSHOT_FIELDS = [
    "title",
    "document_number",
    "date_formed",
    "keywords",
    "summary",
    "body",
    "validity",
    "effective_from",
    "validity_changed_on",
    "channels",
]


def revision_snapshot(
    source: Item | Mapping[str, Any], *, attachments: Iterable[Attachment] | None = None
) -> dict[str, Any]:
    """The frozen copy of ``source``: an item, or the field values of one about to be written in
    bulk (a missing field reads as empty). ``attachments`` are the version's files: by default an
    item's own (read from the database), none for field values; an importer that has just created
    the items passes ``()`` to spare the query."""
    files: Iterable[Attachment]
    if isinstance(source, Mapping):
        values = {name: source.get(name, "") for name in SNAPSHOT_FIELDS}
        files = attachments or ()
    else:
        values = {name: getattr(source, name) for name in SNAPSHOT_FIELDS}
        files = source.attachments.all() if attachments is None else attachments
    data: dict[str, Any] = {
        name: value.isoformat() if isinstance(value, dt.date) else value for name, value in values.items()
    }
    data["attachments"] = [{"name": a.original_name, "sha256": a.sha256, "kind": a.kind} for a in files]
    return data
