"""The files that pass the gateway (网闸): a gzip-compressed JSON-lines data file and its manifest.

``<prefix>-<sequence>.jsonl.gz`` holds one JSON object a line; ``<prefix>-<sequence>.manifest.json``
says what it is (format, direction, sequence, kind, the sequence it follows), its size and SHA-256,
the counts, and the schema (the last migration of each app) it was written under. Both are written
under a temporary name and renamed when complete, the manifest last, so a reader that waits for
manifests never sees half a batch. The reader checks everything before it changes anything.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "gongkai-portal-sync/1"


class ChannelError(Exception):
    """A batch file that cannot be applied: damaged, out of order, from another schema. The message
    is for the operator, in Chinese."""


def dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def schema() -> dict[str, str]:
    """The last applied migration of each app: both sides must run the same code."""
    last: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by("app", "name"):
        last[app] = name
    return last


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Writer:
    """Writes one batch: lines into the data file, then the manifest."""

    directory: Path
    prefix: str
    sequence: int

    def __post_init__(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.data = self.directory / f"{self.prefix}-{self.sequence:08d}.jsonl.gz"
        self.manifest = self.directory / f"{self.prefix}-{self.sequence:08d}.manifest.json"
        self._partial = self.data.with_name(self.data.name + ".partial")
        # Open until finish_data(): the batch is written line by line.
        self._fh = gzip.open(self._partial, "wt", encoding="utf-8", compresslevel=6)  # noqa: SIM115
        self.lines = 0

    def write(self, record: dict[str, Any]) -> None:
        self._fh.write(dumps(record))
        self._fh.write("\n")
        self.lines += 1

    def finish_data(self) -> None:
        if not self._fh.closed:
            self._fh.close()
            os.replace(self._partial, self.data)

    def close(self, header: dict[str, Any]) -> dict[str, Any]:
        self.finish_data()
        manifest = {
            "format": FORMAT,
            **header,
            "sequence": self.sequence,
            "data": self.data.name,
            "size": self.data.stat().st_size,
            "sha256": sha256_of(self.data),
            "lines": self.lines,
            "schema": schema(),
        }
        partial = self.manifest.with_name(self.manifest.name + ".partial")
        partial.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
        os.replace(partial, self.manifest)
        return manifest

    def abandon(self) -> None:
        self._fh.close()
        self._partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class Batch:
    manifest_path: Path
    manifest: dict[str, Any]

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    @property
    def data_path(self) -> Path:
        return self.manifest_path.with_name(str(self.manifest["data"]))

    def lines(self) -> Iterator[dict[str, Any]]:
        with gzip.open(self.data_path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def read_manifest(path: Path, *, direction: str) -> Batch:
    """The batch a manifest describes, its data file checked (size, SHA-256, readable to the end)
    and its schema compared with this installation's. Raises ``ChannelError``."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ChannelError(
            _("清单文件 %(name)s 无法读取或已损坏：%(error)s") % {"name": path.name, "error": exc}
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ChannelError(_("%(name)s 不是本平台的同步包清单。") % {"name": path.name})
    if manifest.get("direction") != direction:
        raise ChannelError(
            _("%(name)s 的方向是“%(found)s”，此处只接收“%(wanted)s”。")
            % {"name": path.name, "found": manifest.get("direction"), "wanted": direction}
        )
    batch = Batch(path, manifest)
    data = batch.data_path
    if not data.exists():
        raise ChannelError(
            _("同步包 %(name)s 缺少数据文件 %(data)s。") % {"name": path.name, "data": data.name}
        )
    if data.stat().st_size != manifest.get("size") or sha256_of(data) != manifest.get("sha256"):
        raise ChannelError(
            _("同步包 %(name)s 的数据文件已损坏（大小或校验和与清单不符），未导入任何内容。请重新传送。")
            % {"name": data.name}
        )
    mine = schema()
    theirs = manifest.get("schema") or {}
    differing = sorted(app for app in set(mine) | set(theirs) if mine.get(app) != theirs.get(app))
    if differing:
        raise ChannelError(
            _("同步包 %(name)s 由不同版本的程序写出（数据结构不一致：%(apps)s），请先将两端升级到同一版本。")
            % {"name": path.name, "apps": "、".join(differing[:5])}
        )
    return batch


def manifests_in(path: Path, prefix: str) -> list[Path]:
    """A manifest given, or every manifest of the prefix in a directory, by sequence."""
    if path.is_dir():
        return sorted(path.glob(f"{prefix}-*.manifest.json"))
    return [path]


def erase_deleted_bytes() -> None:
    """SQLite keeps a deleted row's bytes in free pages: overwrite them, so that a withdrawn item
    leaves nothing in the portal's database file (PostgreSQL's VACUUM does this for dead rows)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def checkpoint() -> None:
    """Fold the write-ahead log into the database and empty it (it holds the pages as they were).
    Inside a caller's transaction SQLite refuses it; that caller's commit comes first."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
