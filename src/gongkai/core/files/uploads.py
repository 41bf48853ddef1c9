"""The upload size limit, applied while the request streams in (security audit 4.3: a 60 MB file
was read whole before its size was checked, and grew a worker by 1.5 GB).

Two gates, both before any view runs:

* ``UploadLimitMiddleware`` answers 413 with a Chinese page, without reading the body, when a
  multipart request declares more bytes than one attachment may have plus the form around it.
  The WSGI server never gives Django more than the declared ``Content-Length``, so this bounds
  every upload request.
* ``LimitedUploadHandler`` (``FILE_UPLOAD_HANDLERS``) writes every file to a temporary file on
  disk, never to memory, counting as it goes; a file that passes the limit stops being written
  and reaches the form as a ``RefusedUpload``, which ``read_upload`` turns into the form's error
  (the other fields of the form are kept).

Forms and services read an upload only through ``read_upload``, which never holds more than the
limit in memory.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from gongkai.core.conf import conf

#: Room for the form's other fields and the multipart headers around the file.
FORM_OVERHEAD = 1024 * 1024


def max_file_bytes() -> int:
    return int(conf()["ATTACHMENT_MAX_BYTES"])


def max_request_bytes() -> int:
    return max_file_bytes() + FORM_OVERHEAD


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB"


def too_large_message(name: str, size: int | None = None) -> str:
    shown = f"大小为 {size / 1048576:.1f} MB，" if size else ""
    return f"附件“{name}”{shown}超过 {_mb(max_file_bytes())} 的上限，已拒收。"


class RefusedUpload(UploadedFile):
    """A file that passed the size limit while it streamed in; none of its bytes are kept.

    Reading it raises the refusal as a ``ValidationError``, so that code which reads uploads
    directly (a form's ``clean_file``, a service) reports the size, never "an empty file".
    """

    def __init__(self, name: str, content_type: str | None, received: int) -> None:
        # ``size`` is what arrived before the upload was stopped (non-zero, so that the form field
        # does not call it empty: the message must say it is too large).
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=received)
        self.refusal = f"附件“{self.name}”超过 {_mb(max_file_bytes())} 的上限，已拒收。"

    def read(self, *args: Any) -> bytes:
        raise ValidationError(self.refusal)

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        raise ValidationError(self.refusal)


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Every uploaded file to disk; a file past ``ATTACHMENT_MAX_BYTES`` stops being written."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.limit = max_file_bytes()
        self.received = 0
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.refused:
            return None
        if self.received > self.limit:
            self.refused = True
            self.file.close()  # a temporary file: closing deletes it
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.refused:
            return RefusedUpload(self.file_name or "附件", self.content_type, self.received)
        return super().file_complete(file_size)


def read_upload(upload: UploadedFile) -> bytes:
    """The bytes of an uploaded file, at most the attachment limit (ValidationError beyond it)."""
    refusal = getattr(upload, "refusal", "")
    if refusal:
        raise ValidationError(refusal)
    limit = max_file_bytes()
    name = upload.name or "附件"
    if upload.size is not None and upload.size > limit:
        raise ValidationError(too_large_message(name, upload.size))
    if upload.seekable():
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(too_large_message(name))
    return data


class UploadLimitMiddleware:
    """413 before the body is read, for a multipart request larger than any allowed upload."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/"):
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > max_request_bytes():
                return too_large_response(declared)
        return self.get_response(request)


def too_large_response(declared: int) -> HttpResponse:
    # Rendered without the request (nothing of it has been read), like the 400 page.
    html = render_to_string(
        "413.html", {"limit": _mb(max_file_bytes()), "size": f"{declared / 1048576:.1f} MB"}
    )
    return HttpResponse(html, status=413)
