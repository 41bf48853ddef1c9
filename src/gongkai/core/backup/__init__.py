"""Backups that restore (``gongkai backup``, ``gongkai restore``; docs/ARCHITECTURE.md, "Backups").

A backup holds the whole installation's state: the database (every table, so the working-day
calendar's notices and overrides, the audit log and the search outbox too), every file of the
default storage, and the installation's secret key when it lives in the data directory (the
request look-up codes and survey tokens are keyed hashes of it). The search index and the published
pages are not kept: both are rebuilt from the database. See :mod:`.archive` for the layout.

``restore_backup`` checks every checksum, the archive's schema against the code's migrations and
that the installation is empty (or ``force``) before it changes anything.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from gongkai.core.backup import database, files
from gongkai.core.backup.archive import (
    KEY_FILE,
    MANIFEST,
    ArchiveError,
    Manifest,
    verify,
    write_checksums,
)
from gongkai.core.files.stored import stored_file_names

__all__ = ["ArchiveError", "BackupResult", "RestoreResult", "create_backup", "restore_backup"]

Echo = Callable[[str], None]


def _key_digest(key: str) -> str:
    return hashlib.sha256(f"gongkai-backup:{key}".encode()).hexdigest()


def _key_file() -> Path:
    return Path(settings.DATA_DIR) / "secret_key"


def _key_from_environment() -> bool:
    return bool(os.environ.get("GONGKAI_SECRET_KEY", ""))


@dataclass
class BackupResult:
    path: Path
    manifest: Manifest
    size: int


@dataclass
class RestoreResult:
    manifest: Manifest
    files: int
    migrated: bool
    warnings: list[str] = field(default_factory=list)


def default_directory() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def create_backup(parent: Path | None = None, *, echo: Echo = lambda _: None) -> BackupResult:
    """Write a backup of the running installation into a new directory below ``parent``."""
    parent = Path(parent) if parent is not None else default_directory()
    parent.mkdir(parents=True, exist_ok=True)
    now = timezone.localtime()
    name = f"gongkai-backup-{now:%Y%m%d-%H%M%S}"
    final, n = parent / name, 1
    while final.exists():
        n += 1
        final = parent / f"{name}-{n}"
    work = final.with_name(final.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700)  # personal data and the key: readable by the platform's account only
    try:
        echo("正在备份数据库……")
        database_file, migrations, tables = database.dump(work)
        echo("正在备份文件……")
        stored = files.dump(work)
        source = "environment"
        if not _key_from_environment() and _key_file().is_file():
            shutil.copyfile(_key_file(), work / KEY_FILE)
            (work / KEY_FILE).chmod(0o600)
            source = "archive"
        manifest = Manifest(
            created_at=now.isoformat(),
            gongkai_version=metadata.version("gongkai"),
            engine=database.engine(),
            database_file=database_file,
            migrations=migrations,
            tables=tables,
            files=stored,
            key_source=source,
            key_sha256=_key_digest(settings.SECRET_KEY),
        )
        (work / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        write_checksums(work)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    size = sum(p.stat().st_size for p in final.rglob("*") if p.is_file())
    return BackupResult(path=final, manifest=manifest, size=size)


def restore_backup(source: Path, *, force: bool = False, echo: Echo = lambda _: None) -> RestoreResult:
    """Replace this installation's database and stored files with those of the backup at ``source``.

    Stop the platform first (``gongkai serve`` and its workers): a restore is not an online
    operation. Raises :class:`ArchiveError` with the reason; nothing is changed by a refusal.
    """
    root = Path(source)
    echo("正在校验备份……")
    manifest = verify(root)
    database.check_engine(manifest.engine)
    newer = database.unknown_migrations(manifest.migrations)
    if newer:
        shown = "、".join(newer[:3]) + ("等" if len(newer) > 3 else "")
        raise ArchiveError(
            f"该备份的数据库结构比本版本 Gongkai 新（含本版本没有的迁移 {shown}）。"
            "请先把 Gongkai 升级到备份时的版本或更新的版本，再恢复。"
        )
    if not force and (database.holds_data() or files.has_files()):
        raise ArchiveError(
            "当前安装中已有数据（账户、机构或已存储的文件），恢复将用备份替换其全部数据库内容。"
            "确认要覆盖时，请加 --force 重新运行。"
        )
    echo("正在恢复数据库……")
    database.load(root / manifest.database_file, manifest.engine)
    _, counts = database.current_state()
    for table, rows in manifest.tables.items():
        if counts.get(table) != rows:
            raise ArchiveError(
                f"恢复后的数据库与备份清单不符：{table} 表应有 {rows} 行，实际 {counts.get(table, 0)} 行。"
            )
    migrated = _pending_migrations()
    if migrated:
        echo("备份来自较早的版本：正在升级数据库结构……")
        call_command("migrate", interactive=False, verbosity=0)
    echo("正在恢复文件……")
    count = files.load(root, manifest)
    warnings = _restore_key(root, manifest)
    missing = set(stored_file_names()) - {f.name for f in manifest.files}
    missing = {name for name in missing if not default_storage.exists(name)}
    if missing:
        warnings.append(
            f"数据库中有 {len(missing)} 个文件在备份和存储中都找不到（如 {sorted(missing)[0]}）。"
        )
    from gongkai.core.public_changes import bump_public_version

    bump_public_version()  # every cached page and published file of the old content goes
    return RestoreResult(manifest=manifest, files=count, migrated=migrated, warnings=warnings)


def _pending_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _restore_key(root: Path, manifest: Manifest) -> list[str]:
    consequence = "依申请公开的查询码、测评问卷的答题码将无法验证，登录会话失效"
    if manifest.key_source == "archive" and not _key_from_environment():
        shutil.copyfile(root / KEY_FILE, _key_file())
        _key_file().chmod(0o600)
        return []
    if _key_digest(settings.SECRET_KEY) == manifest.key_sha256:
        return []
    if manifest.key_source == "archive":
        return [
            f"当前密钥来自环境变量 GONGKAI_SECRET_KEY，与备份时的密钥不同：{consequence}。"
            f"备份时的密钥在备份目录的 {KEY_FILE} 文件中。"
        ]
    return [
        f"备份时的密钥来自环境变量 GONGKAI_SECRET_KEY，当前密钥与之不同：{consequence}。请设置相同的密钥。"
    ]
