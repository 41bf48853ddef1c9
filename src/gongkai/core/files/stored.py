"""Stored files, wherever the default storage keeps them: under MEDIA_ROOT or in an S3-compatible
object store (``GONGKAI_S3_*``, docs/ARCHITECTURE.md "Where files are stored").

Nothing in Gongkai asks a stored file for its ``.path`` or ``.url``: a file is read or streamed
through the storage, so the same code works on disk and in a bucket.

* ``open_stored`` opens a stored file for a download. From a bucket the object's body is streamed
  as it arrives (no temporary copy of a 50 MB file before the first byte), with its length, so a
  download goes through the view's checks every time and the bucket is never reached by a browser.
* ``stored_file_names``, ``read_stored`` and ``write_stored`` are for whoever copies the stored
  files out and back (backup and restore): every name the database refers to, its bytes, and
  writing bytes back under exactly that name.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any, cast

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.db.models.fields.files import FieldFile

_MISSING = {"NoSuchKey", "404", "NotFound"}


class ObjectStream(io.RawIOBase):
    """The body of an object of the bucket, read as it arrives; ``size`` is its length."""

    def __init__(self, body: Any, size: int) -> None:
        super().__init__()
        self._body = body
        self.size = size

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._body.read(None if size is None or size < 0 else size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()


def is_object_storage(storage: Storage | None = None) -> bool:
    """Whether files go to an S3-compatible bucket (else they are local files)."""
    from storages.backends.s3 import S3Storage

    return isinstance(storage if storage is not None else default_storage, S3Storage)


def open_stored(file: FieldFile) -> IO[bytes]:
    """The stored file opened for reading, streamed from a bucket. ``FileNotFoundError`` when
    the storage does not have it (the views answer 404 and log it)."""
    if not file.name:
        raise FileNotFoundError("no file")
    storage = file.storage
    if not is_object_storage(storage):
        return storage.open(file.name, "rb")
    from botocore.exceptions import ClientError
    from storages.utils import clean_name

    s3: Any = storage
    key = s3._normalize_name(clean_name(file.name))  # as S3Storage names the object it saved
    try:
        found = s3.connection.meta.client.get_object(Bucket=s3.bucket_name, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in _MISSING:
            raise FileNotFoundError(file.name) from error
        raise
    return cast(IO[bytes], ObjectStream(found["Body"], int(found["ContentLength"])))


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and not field.many_to_many:
                yield model, field


def stored_file_names() -> list[str]:
    """Every stored file's name that a row of the database refers to (each once, sorted)."""
    names: set[str] = set()
    for model, field in _file_fields():
        values = model._default_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
        names.update(name for name in values if name)
    return sorted(names)


def read_stored(name: str) -> bytes:
    """The bytes of a stored file (``FileNotFoundError`` when the storage does not have it)."""
    if not default_storage.exists(name):
        raise FileNotFoundError(name)
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def write_stored(name: str, data: bytes) -> None:
    """Store ``data`` under exactly ``name`` (replacing what is there), as a restore must: the
    rows that refer to it keep their name."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # a storage that renamed it would leave the rows pointing nowhere
        default_storage.delete(saved)
        raise OSError(f"storage stored {name!r} as {saved!r}")
