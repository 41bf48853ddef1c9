"""The file channel's checks (issue 13 §3): change sets follow the staff side's changes (a withdrawal
is a deletion), and a portal host refuses a damaged file, a batch out of order and a different batch
under a number it already applied — before it changes anything — while a batch applied before is
skipped. The application itself is proved on a real portal host in ``test_portal_host.py``."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gongkai.core.bulk import reset_sequences
from gongkai.core.samplefiles import make_pdf
from gongkai.disclosure.models import Item, ItemState
from gongkai.disclosure.services import workflow
from gongkai.portalsync.channel import ChannelError, read_manifest
from gongkai.portalsync.forward import DIRECTION, apply_public, export_public
from gongkai.portalsync.models import AppliedBatch
from gongkai.testing import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def dirs(tmp_path: Path, clock: Any) -> dict[str, Path]:
    clock.set(dt.date(2026, 11, 16))
    return {"gate": tmp_path / "gate", "state": tmp_path / "state"}


def _lines(manifest: Path) -> list[dict[str, Any]]:
    data = manifest.with_name(json.loads(manifest.read_text())["data"])
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_a_change_set_carries_what_changed_and_a_withdrawal_as_deletions(region, dirs):
    item = make_item(
        region=region, title="关于公布第一批名单的通知", files=[("名单.pdf", make_pdf(["名单"]))]
    )
    draft = make_item(region=region, state=ItemState.DRAFT, title="草稿：尚未审查的方案")
    first = export_public(dirs["gate"], state_dir=dirs["state"])
    assert first.kind == "snapshot" and first.sequence == 1 and first.files == 1
    records = _lines(first.manifest)
    item_rows = [r["f"] for r in records if r.get("t") == "disclosure.item"]
    assert [r["id"] for r in item_rows] == [item.pk]
    assert all(r["author_id"] is None and r["withdrawn_reason"] == "" for r in item_rows)
    assert not any(draft.title in json.dumps(r, ensure_ascii=False) for r in records)

    quiet = export_public(dirs["gate"], state_dir=dirs["state"])
    assert (quiet.kind, quiet.sequence) == ("none", 1)  # nothing changed: no batch
    assert not quiet.manifest.exists()

    workflow.withdraw_item(actor=region.signer, item=item, reason="名单有误")
    gone = export_public(dirs["gate"], state_dir=dirs["state"])
    deleted = {(r["t"], r["pk"]) for r in _lines(gone.manifest) if r.get("op") == "d"}
    assert ("disclosure.item", item.pk) in deleted
    assert ("disclosure.attachment", item.attachments.get().pk) in deleted
    assert gone.upserts == 0
    manifest = json.loads(gone.manifest.read_text())
    assert (manifest["kind"], manifest["base"], manifest["sequence"]) == ("changes", 1, 2)


def test_only_the_rows_that_changed_are_read_and_a_corrected_text_travels(region, dirs, clock):
    """A pass tells changed rows by a digest the database gives (PostgreSQL: the row version; SQLite:
    the columns sent but the item's text, which changes only with ``updated_at``, through a
    correction): the body is read only for the rows that changed, and a correction still travels."""
    item = make_item(region=region, title="关于调整公交线路的通告", body="<p>旧线路途经解放路。</p>")
    other = make_item(region=region, title="关于开展春季植树活动的通知")
    export_public(dirs["gate"], state_dir=dirs["state"])
    clock.set(dt.date(2026, 11, 17))
    workflow.correct_item(
        actor=region.signer, item=item, fields={"body": "<p>新线路途经人民路。</p>"}, note="线路描述更正"
    )
    changed = export_public(dirs["gate"], state_dir=dirs["state"])
    rows = [r["f"] for r in _lines(changed.manifest) if r.get("t") == "disclosure.item"]
    assert [r["id"] for r in rows] == [item.pk]  # the other item was not sent again
    assert "人民路" in rows[0]["body"] and "人民路" in rows[0]["body_text"]
    assert other.pk not in {r["id"] for r in rows}
    assert export_public(dirs["gate"], state_dir=dirs["state"]).kind == "none"


def test_rows_written_after_a_batch_take_keys_the_batch_did_not(region, dirs):
    """A portal host's key sequences start low while the staff side's rows arrive with high keys.
    On PostgreSQL the sequence does not follow such inserts: after a batch, the next row the host
    writes itself (a citizen's comment, say) would take a key in use. The batch moves them on."""
    make_item(region=region, title="关于公布第一批名单的通知")
    first = export_public(dirs["gate"], state_dir=dirs["state"])
    AppliedBatch.objects.create(
        sequence=first.sequence, kind="snapshot", sha256="x" * 64, created_at=timezone.now()
    )
    arriving = make_item(region=region, title="关于公布第二批名单的通知")
    second = export_public(dirs["gate"], state_dir=dirs["state"])
    # As on the portal host: the row is not there yet and the sequence stands below its key.
    Item._base_manager.filter(pk=arriving.pk).delete()
    reset_sequences([Item])
    apply_public(read_manifest(second.manifest, direction=DIRECTION))
    assert Item._base_manager.filter(pk=arriving.pk).exists()
    written_here = make_item(region=region, title="关于公布第三批名单的通知")
    assert written_here.pk > arriving.pk


def test_a_damaged_or_foreign_file_is_refused_before_anything_changes(region, dirs):
    make_item(region=region)
    batch = export_public(dirs["gate"], state_dir=dirs["state"])
    data = bytearray(batch.data.read_bytes())
    data[len(data) // 2] ^= 0xFF
    batch.data.write_bytes(bytes(data))
    with pytest.raises(ChannelError, match="已损坏"):
        read_manifest(batch.manifest, direction=DIRECTION)
    with pytest.raises(ChannelError, match="方向"):
        read_manifest(batch.manifest, direction="intake")
    batch.manifest.write_text("{不是清单")
    with pytest.raises(ChannelError, match="无法读取或已损坏"):
        read_manifest(batch.manifest, direction=DIRECTION)
    assert not AppliedBatch.objects.exists()


def test_a_batch_out_of_order_is_refused_and_one_applied_before_is_skipped(region, dirs):
    make_item(region=region)
    export_public(dirs["gate"], state_dir=dirs["state"])
    make_item(region=region)
    export_public(dirs["gate"], state_dir=dirs["state"])
    make_item(region=region)
    third = export_public(dirs["gate"], state_dir=dirs["state"])
    assert third.sequence == 3
    batch = read_manifest(third.manifest, direction=DIRECTION)
    # The portal holds batch 1 only: batch 3 follows 2, which it lacks.
    AppliedBatch.objects.create(sequence=1, kind="snapshot", sha256="x" * 64, created_at=timezone.now())
    with pytest.raises(ChannelError, match="不连续：门户已导入到第1号，收到的是第3号"):
        apply_public(batch)
    # Applied before under the same checksum: skipped; under another: refused.
    AppliedBatch.objects.create(
        sequence=3, kind="changes", sha256=batch.manifest["sha256"], created_at=timezone.now()
    )
    assert apply_public(batch).skipped
    AppliedBatch.objects.filter(sequence=3).update(sha256="y" * 64)
    with pytest.raises(ChannelError, match="内容与当时不同"):
        apply_public(batch)
    assert AppliedBatch.objects.count() == 2


def test_a_batch_from_another_version_of_the_program_is_refused(region, dirs):
    make_item(region=region)
    batch = export_public(dirs["gate"], state_dir=dirs["state"])
    manifest = json.loads(batch.manifest.read_text())
    manifest["schema"]["disclosure"] = "9999_future"
    batch.manifest.write_text(json.dumps(manifest))
    with pytest.raises(ChannelError, match="不同版本"):
        read_manifest(batch.manifest, direction=DIRECTION)


def test_a_deletion_that_waiting_intake_protects_is_refused_with_a_message(region, dirs, monkeypatch):
    """A citizen's message or request protects its body on a portal host: a batch that deletes the
    body while one waits is refused whole, with words an operator can act on (not a traceback),
    and applies once the intake is collected."""
    from django.db.models import ProtectedError

    from gongkai.portalsync import forward

    item = make_item(region=region, title="关于撤回前的通知")
    export_public(dirs["gate"], state_dir=dirs["state"])
    workflow.withdraw_item(actor=region.signer, item=item, reason="内容有误")
    gone = read_manifest(export_public(dirs["gate"], state_dir=dirs["state"]).manifest, direction=DIRECTION)
    AppliedBatch.objects.create(sequence=1, kind="snapshot", sha256="x" * 64, created_at=timezone.now())

    def protected(qs: Any) -> int:
        raise ProtectedError("protected", set())

    monkeypatch.setattr(forward, "delete_holding_intake", protected)
    with pytest.raises(ChannelError, match="未被工作端收取的公众提交"):
        apply_public(gone)
    assert AppliedBatch.objects.count() == 1
