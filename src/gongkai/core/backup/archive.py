"""The backup archive on disk: its layout, its manifest and its checksums (no Django here).

An archive is one directory::

    gongkai-backup-20261207-031500/
        manifest.json      what is in it: format version, time, engine, migrations, tables, files
        SHA256SUMS         the SHA-256 of every other file, in ``sha256sum -c`` format
        database.sqlite3   (SQLite: the online backup API's copy) or database.pgdump (pg_dump -Fc)
        secret_key         the installation's key, when it lives in the data directory
        files/<name>       every file of the default storage, under its storage name

It is written as ``<name>.partial`` and renamed when complete, so an interrupted backup never
looks like one. The checksums let an operator check a copy with coreutils alone
(``cd <archive> && sha256sum -c SHA256SUMS``), and ``gongkai restore`` checks them before it
changes anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Protocol

#: Version of the archive's layout and manifest; an archive of a higher version is refused.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
FILES_DIR = "files"
KEY_FILE = "secret_key"
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be used; the message (Chinese) says why and what to do."""


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def sha256_stream(stream: Readable, out: BinaryIO | None = None) -> tuple[str, int]:
    """The SHA-256 and size of what ``stream`` holds, copying it to ``out`` on the way."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return digest.hexdigest(), size


def sha256_file(path: Path) -> tuple[str, int]:
    with path.open("rb") as f:
        return sha256_stream(f)


def safe_member(name: str) -> PurePosixPath:
    """A storage name as a relative path inside the archive; refuses absolute names and ``..``
    (a tampered manifest must not write outside the storage or the archive)."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise ArchiveError(f"备份清单中的文件名“{name}”不合法，备份可能被篡改，已停止恢复。")
    return path


@dataclass
class StoredFile:
    name: str
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    engine: str
    database_file: str
    migrations: dict[str, list[str]]
    tables: dict[str, int]
    files: list[StoredFile] = field(default_factory=list)
    key_source: str = "environment"  # "archive": the data directory's key is in it; or GONGKAI_SECRET_KEY
    key_sha256: str = ""
    gongkai_version: str = ""
    version: int = FORMAT_VERSION

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": "gongkai-backup",
            "version": self.version,
            "created_at": self.created_at,
            "gongkai_version": self.gongkai_version,
            "engine": self.engine,
            "database_file": self.database_file,
            "migrations": self.migrations,
            "tables": self.tables,
            "key_source": self.key_source,
            "key_sha256": self.key_sha256,
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in self.files],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format") != "gongkai-backup":
                raise ValueError("format")
            version = int(data["version"])
            if version > FORMAT_VERSION:
                raise ArchiveError(
                    f"该备份的格式版本为 {version}，本版本 Gongkai 只能读取 {FORMAT_VERSION} 及以下版本；"
                    "请先升级 Gongkai 再恢复。"
                )
            return cls(
                version=version,
                created_at=str(data["created_at"]),
                gongkai_version=str(data.get("gongkai_version", "")),
                engine=str(data["engine"]),
                database_file=str(data["database_file"]),
                migrations={str(k): [str(n) for n in v] for k, v in data["migrations"].items()},
                tables={str(k): int(v) for k, v in data["tables"].items()},
                key_source=str(data.get("key_source", "environment")),
                key_sha256=str(data.get("key_sha256", "")),
                files=[StoredFile(str(f["name"]), int(f["size"]), str(f["sha256"])) for f in data["files"]],
            )
        except ArchiveError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ArchiveError(
                "备份清单（manifest.json）无法读取，备份已损坏或不是 Gongkai 的备份。"
            ) from exc


def write_checksums(root: Path) -> None:
    """Write SHA256SUMS for every file of the archive but itself (sorted, ``sha256sum`` format)."""
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p != root / CHECKSUMS):
        digest, _ = sha256_file(path)
        lines.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    (root / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def read_checksums(root: Path) -> dict[str, str]:
    path = root / CHECKSUMS
    if not path.is_file():
        raise ArchiveError(f"{root} 中没有校验文件 {CHECKSUMS}：这不是完整的 Gongkai 备份。")
    sums: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise ArchiveError(f"校验文件 {CHECKSUMS} 格式不正确，备份已损坏。")
        sums[name] = digest
    return sums


def verify(root: Path) -> Manifest:
    """Check every file of the archive against SHA256SUMS, and the manifest against both; return
    the manifest. Raises ArchiveError (nothing has been changed yet) on the first problem."""
    if not root.is_dir():
        raise ArchiveError(f"找不到备份目录 {root}。")
    sums = read_checksums(root)
    present = {
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p != root / CHECKSUMS
    }
    missing = sorted(set(sums) - present)
    if missing:
        raise ArchiveError(f"备份不完整：缺少 {len(missing)} 个文件（如 {missing[0]}），已停止恢复。")
    extra = sorted(present - set(sums))
    if extra:
        raise ArchiveError(f"备份中有校验文件未列出的文件（如 {extra[0]}），备份可能被改动，已停止恢复。")
    for name, expected in sorted(sums.items()):
        digest, _ = sha256_file(root / name)
        if digest != expected:
            raise ArchiveError(f"备份已损坏：文件 {name} 的校验值不符，已停止恢复，数据未作任何改动。")
    if MANIFEST not in sums:
        raise ArchiveError("备份中没有清单（manifest.json），这不是完整的 Gongkai 备份。")
    manifest = Manifest.from_json((root / MANIFEST).read_text(encoding="utf-8"))
    if manifest.database_file not in sums:
        raise ArchiveError(f"备份中缺少数据库文件 {manifest.database_file}，已停止恢复。")
    for stored in manifest.files:
        member = f"{FILES_DIR}/{safe_member(stored.name)}"
        if sums.get(member) != stored.sha256:
            raise ArchiveError(f"备份清单与文件不符：{stored.name}，备份可能被改动，已停止恢复。")
    return manifest


def stored_files(root: Path, manifest: Manifest) -> Iterator[tuple[StoredFile, Path]]:
    for stored in manifest.files:
        yield stored, root / FILES_DIR / safe_member(stored.name)
