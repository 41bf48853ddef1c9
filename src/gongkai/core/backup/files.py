"""The stored files of a backup: every file of Django's default storage (attachments, files sent
with letters, 佐证材料, consultation and 报送 files …), read and written through the storage API, so
that local files and an S3-compatible object store are backed up the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage

from gongkai.core.backup.archive import (
    FILES_DIR,
    ArchiveError,
    Manifest,
    StoredFile,
    safe_member,
    sha256_stream,
)


def walk(storage: Storage | None = None, path: str = "") -> Iterator[str]:
    """Every file name in ``storage`` below ``path``, sorted."""
    storage = storage or default_storage
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from walk(storage, f"{path}/{directory}" if path else directory)


def has_files() -> bool:
    return next(walk(), None) is not None


def dump(root: Path) -> list[StoredFile]:
    """Copy every stored file into ``root/files/``, with its size and SHA-256."""
    stored = []
    for name in walk():
        target = root / FILES_DIR / safe_member(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as out:
            digest, size = sha256_stream(source, out)
        stored.append(StoredFile(name=name, size=size, sha256=digest))
    return stored


def load(root: Path, manifest: Manifest) -> int:
    """Put every file of the archive back in the default storage under its own name (replacing a
    file of that name). Files the storage holds beyond the archive's are left alone."""
    count = 0
    for stored in manifest.files:
        path = root / FILES_DIR / safe_member(stored.name)
        if default_storage.exists(stored.name):
            default_storage.delete(stored.name)
        with path.open("rb") as f:
            saved = default_storage.save(stored.name, File(f, name=stored.name))
        if saved != stored.name:  # the rows naming it would point nowhere
            default_storage.delete(saved)
            raise ArchiveError(f"文件 {stored.name} 未能按原名写回存储（存储给出 {saved}），已停止恢复。")
        count += 1
    return count
