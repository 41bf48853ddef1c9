"""Backups that restore (issue 13 §6): a small installation with real content — published, draft
and withdrawn items with attachments, a request with a letter and its file, a calendar override —
is backed up, restored into an empty installation (a fresh data directory and a fresh database, by
``gongkai restore`` in its own process), and every table and every file compared. The refusals
(a damaged archive, a newer schema, a non-empty installation) change nothing. With the files in an
S3-compatible bucket (a real SeaweedFS), they go out of it and back into it.

Runs on SQLite and on PostgreSQL (``DATABASE_URL``), like the whole suite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from gongkai.cli import main
from gongkai.core.backup import ArchiveError, create_backup, restore_backup
from gongkai.core.backup.archive import MANIFEST, Manifest, write_checksums
from gongkai.core.backup.database import table_fingerprints
from gongkai.core.samplefiles import make_docx, make_pdf, make_xlsx
from gongkai.core.tests.seaweedfs import Bucket, without_faketime
from gongkai.disclosure.models import ItemState
from gongkai.foi.tests.conftest import foi, make_request, reply_letter, request_  # noqa: F401
from gongkai.testing import UserFactory, make_item
from gongkai.workdays.models import CalendarOverride
from gongkai.workdays.services import add_override

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only


@pytest.fixture
def installation(region: Any, foi: Any, request_: Any) -> Any:  # noqa: F811
    """Real content through the services; the installation's key in its data directory."""
    make_item(
        region=region,
        files=[
            ("通知.pdf", make_pdf(["关于做好2026年义务教育招生入学工作的通知", "各县区教育局："])),
            ("划片范围.xlsx", make_xlsx("划片范围", ["学校", "片区"], [["第一小学", "人民路以东"]])),
        ],
    )
    make_item(
        region=region,
        state=ItemState.DRAFT,
        title="草稿：学区调整方案",
        files=[("方案.docx", make_docx("方案", ["征求意见稿"]))],
    )
    make_item(region=region, state=ItemState.WITHDRAWN, title="已撤回的旧通知")
    admin = UserFactory.create(username="sysadmin", is_superuser=True)
    add_override(actor=admin, day=dt.date(2026, 12, 26), is_workday=True, note="调休上班")
    reply_letter(
        request_, foi, SimpleUploadedFile("招生文件.pdf", make_pdf(["招生文件"])), mask_attachments=False
    )
    key = Path(settings.DATA_DIR) / "secret_key"
    key.write_text(settings.SECRET_KEY)
    return region


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def fresh_installation(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of an empty installation: a new data directory and, on PostgreSQL, a new
    database (dropped afterwards)."""
    env = {k: v for k, v in os.environ.items() if k not in ("GONGKAI_SECRET_KEY", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="gongkai.settings", GONGKAI_DATA_DIR=str(tmp_path / "restored"))
    database = None
    if connection.vendor == "postgresql":
        conf = connection.settings_dict
        database = f"{conf['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{database}"')
        password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
        env["DATABASE_URL"] = (
            f"postgres://{conf['USER']}{password}@{conf['HOST']}:{conf['PORT'] or 5432}/{database}"
        )
    yield env
    if database is not None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _gongkai(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


FINGERPRINTS = (
    "import json, django; django.setup(); "
    "from gongkai.core.backup.database import table_fingerprints; print(json.dumps(table_fingerprints()))"
)


def test_restore_into_an_empty_installation_gives_back_every_table_and_file(
    installation: Any, fresh_installation: dict[str, str], tmp_path: Path
) -> None:
    assert CalendarOverride.objects.filter(note="调休上班").exists()
    media = _files(Path(settings.MEDIA_ROOT))
    assert len(media) == 4  # three attachments and the file sent with the letter

    backup = create_backup(tmp_path / "backups")

    manifest = Manifest.from_json((backup.path / MANIFEST).read_text())
    assert manifest.engine == connection.vendor and manifest.key_source == "archive"
    assert {f.name: f.sha256 for f in manifest.files} == media
    assert manifest.tables["workdays_calendaroverride"] == 1
    assert "0001_initial" in manifest.migrations["disclosure"]

    _restore_and_compare(backup.path, fresh_installation)
    root = Path(fresh_installation["GONGKAI_DATA_DIR"])
    assert _files(root / "media") == media
    assert (root / "secret_key").read_text() == settings.SECRET_KEY


def _restore_and_compare(backup: Path, env: dict[str, str]) -> None:
    """Restore ``backup`` into the installation of ``env`` with ``gongkai restore``, and compare
    every table of it with this installation's."""
    tables = json.loads(json.dumps(table_fingerprints()))
    restored = _gongkai(env, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    after = _gongkai(env, "manage", "shell", "-c", FINGERPRINTS)
    assert after.returncode == 0, after.stderr
    restored_tables = json.loads(after.stdout.strip().splitlines()[-1])
    differing = {t for t in tables.keys() | restored_tables.keys() if tables.get(t) != restored_tables.get(t)}
    assert not differing, differing


@pytest.mark.xdist_group("s3")
def test_files_in_object_storage_are_backed_up_and_restored_through_it(
    s3_storage: Bucket, installation: Any, fresh_installation: dict[str, str], tmp_path: Path
) -> None:
    """With the files in an S3-compatible bucket (SeaweedFS), the backup reads them from it and the
    restore writes them into the restored installation's bucket (here another prefix)."""
    stored = {key: hashlib.sha256(s3_storage.read(key)).hexdigest() for key in s3_storage.listed()}
    assert len(stored) == 4
    backup = create_backup(tmp_path / "backups")
    manifest = Manifest.from_json((backup.path / MANIFEST).read_text())
    assert {f.name: f.sha256 for f in manifest.files} == stored

    prefix = f"{s3_storage.prefix}-restored"
    # SeaweedFS refuses requests signed on a clock moved ahead (test-ahead): the process runs on
    # the real one.
    env = without_faketime({**fresh_installation, **s3_storage.server.env(prefix)})
    _restore_and_compare(backup.path, env)
    target = Bucket(s3_storage.server, prefix, s3_storage.client)
    assert {key: hashlib.sha256(target.read(key)).hexdigest() for key in target.listed()} == stored
    assert not (Path(fresh_installation["GONGKAI_DATA_DIR"]) / "media").exists()


def test_a_damaged_archive_is_refused_before_anything_changes(installation: Any, tmp_path: Path) -> None:
    backup = create_backup(tmp_path)
    tables = table_fingerprints()
    victim = next((backup.path / "files").rglob("*.pdf"))
    data = bytearray(victim.read_bytes())
    data[100] ^= 0xFF
    victim.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["restore", "--force", str(backup.path)])
    assert result.exit_code != 0
    assert "备份已损坏" in result.output and "校验值不符" in result.output
    assert table_fingerprints() == tables

    victim.unlink()
    with pytest.raises(ArchiveError, match="备份不完整"):
        restore_backup(backup.path, force=True)


def test_an_archive_of_a_newer_schema_is_refused(installation: Any, tmp_path: Path) -> None:
    backup = create_backup(tmp_path)
    manifest = Manifest.from_json((backup.path / MANIFEST).read_text())
    manifest.migrations["disclosure"].append("9999_from_the_future")
    (backup.path / MANIFEST).write_text(manifest.to_json())
    write_checksums(backup.path)
    tables = table_fingerprints()
    result = CliRunner().invoke(main, ["restore", "--force", str(backup.path)])
    assert result.exit_code != 0
    assert "比本版本 Gongkai 新" in result.output and "disclosure.9999_from_the_future" in result.output
    assert table_fingerprints() == tables


def test_a_non_empty_installation_needs_force(installation: Any, tmp_path: Path) -> None:
    backup = create_backup(tmp_path)
    tables = table_fingerprints()
    result = CliRunner().invoke(main, ["restore", str(backup.path)])
    assert result.exit_code != 0
    assert "当前安装中已有数据" in result.output and "--force" in result.output
    assert table_fingerprints() == tables
