"""Serving a stored file: its type and download name come from the kind detected in its bytes.

Security audit 4.6: a PNG-signed HTML file kept its ``.html`` name. Every download of an uploaded
file goes through ``download_response``: ``Content-Type`` of the detected kind, the uploader's base
name with that kind's extension in ``Content-Disposition`` (``filename`` and, for a Chinese name,
``filename*``), ``X-Content-Type-Options: nosniff`` so that no browser second-guesses the type, and a
sandboxing Content-Security-Policy in case one is opened in a tab anyway.
"""

from __future__ import annotations

from typing import IO

from django.http import FileResponse

from gongkai.core.files.kinds import CONTENT_TYPES, download_name, kind_of_content_type


def download_response(
    handle: IO[bytes], *, name: str, kind: str | None = None, content_type: str = ""
) -> FileResponse:
    """A download of an uploaded file; ``kind`` (or the stored detected ``content_type``) decides."""
    kind = kind if kind in CONTENT_TYPES else kind_of_content_type(content_type)
    if kind is None:  # nothing detected on record: serve bytes, never a type a browser would run
        filename, served_type = name or "附件", "application/octet-stream"
    else:
        filename, served_type = download_name(name, kind), CONTENT_TYPES[kind]
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=served_type)
    size = getattr(handle, "size", None)  # a stream from a bucket (core.files.stored) says its length
    if not response.has_header("Content-Length") and isinstance(size, int):
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
