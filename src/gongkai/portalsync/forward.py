"""The one-way channel, staff → portal: change sets of public data as files.

``export_public`` (staff side) reads the public projection (``tables.TABLES``), compares each row's
digest with what the previous batch sent (``ExportState``, a file in the data directory) and writes
the rows that are new or changed, the ones that left the projection as deletions (a withdrawal is a
deletion) and the stored files of new attachments. The first batch, one asked for with
``full=True``, and the first after the projection gained a table are snapshots: every public row.

``apply_public`` (portal host) checks a batch (``channel.read_manifest``), then applies it in one
transaction: a batch already applied is skipped (same checksum) or refused (another one under the
same number); a change set must follow the last batch applied, a snapshot replaces everything (and
is refused while citizens' submissions wait to be collected). A deletion first holds the submissions
not yet collected that would go with it (``held``). The portal's search index and page cache follow
the changed items (``core.public_changes``).
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models.deletion import ProtectedError
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.core import public_changes
from gongkai.core.bulk import reset_sequences
from gongkai.core.files.stored import read_stored
from gongkai.portalsync import purge
from gongkai.portalsync.channel import (
    Batch,
    ChannelError,
    Writer,
    checkpoint,
    dumps,
    erase_deleted_bytes,
    manifests_in,
    read_manifest,
)
from gongkai.portalsync.held import delete_holding_intake
from gongkai.portalsync.models import AppliedBatch
from gongkai.portalsync.tables import BY_LABEL, TABLES, Table

PREFIX = "public"
DIRECTION = "public"
#: The portal's one account: the author of every synced item. It cannot sign in.
PLACEHOLDER_USERNAME = "portal-sync"
INSERT_BATCH = 200


def default_state_dir() -> Path:
    return Path(settings.DATA_DIR) / "portalsync"


# --- staff side ------------------------------------------------------------------------------


@dataclass
class ExportState:
    """What the last batch left the portal holding: each table's row digests by primary key."""

    path: Path
    sequence: int = 0
    rows: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> ExportState:
        path = directory / "export-state.json.gz"
        if not path.exists():
            return cls(path)
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        return cls(path, int(data["sequence"]), data["rows"])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        with gzip.open(partial, "wt", encoding="utf-8") as fh:
            json.dump({"sequence": self.sequence, "rows": self.rows}, fh, separators=(",", ":"))
        os.replace(partial, self.path)


@dataclass
class ExportResult:
    sequence: int
    kind: str
    manifest: Path
    data: Path
    size: int
    upserts: int
    deletes: int
    files: int


def _public_record(
    table: Table, names: list[str], values: tuple[Any, ...], fix: Callable[[dict[str, Any]], None] | None
) -> dict[str, Any]:
    record = dict(zip(names, values, strict=True))
    for name, blank in table.blank.items():
        record[name] = blank
    if fix is not None:
        fix(record)
    return record


def _records(
    table: Table, names: list[str], fix: Callable[[dict[str, Any]], None] | None
) -> Iterator[dict[str, Any]]:
    if table.records is not None:
        for computed in table.records():
            yield _public_record(table, names, tuple(computed[name] for name in names), fix)
        return
    rows = table.rows().order_by("pk").values_list(*names)
    for values in rows.iterator(chunk_size=2000):
        yield _public_record(table, names, values, fix)


def _changed_records(
    table: Table,
    names: list[str],
    fix: Callable[[dict[str, Any]], None] | None,
    before: dict[str, str],
    seen: dict[str, str],
) -> Iterator[dict[str, Any]]:
    """The records of ``table`` whose digest differs from ``before``; every row's digest into ``seen``.

    A table whose records are its rows as read (no ``prepare``, not computed) is digested by the
    database (:func:`_row_digests`): only the rows that changed are then read whole. Reading every
    row into Python and encoding it as JSON to compare it was most of a pass, linear in the
    catalogue (18 s at 200,000 items on PostgreSQL, docs/PERFORMANCE.md). The first pass after an
    upgrade from the JSON digests sends every row of these tables again, as a snapshot would."""
    pk_name = table.model._meta.pk.attname
    if table.prepare is None and table.records is None:
        changed: list[int] = []
        for key, digest in _row_digests(table):
            seen[key] = digest
            if before.get(key) != digest:
                changed.append(int(key))
        for start in range(0, len(changed), 2000):
            rows = table.rows().filter(pk__in=changed[start : start + 2000]).order_by("pk")
            for values in rows.values_list(*names):
                yield _public_record(table, names, values, fix)
        return
    for record in _records(table, names, fix):
        digest = hashlib.sha256(dumps(record).encode()).hexdigest()[:20]
        key = str(record[pk_name])
        seen[key] = digest
        if before.get(key) != digest:
            yield record


def _row_digests(table: Table) -> Iterator[tuple[str, str]]:
    """(key, digest) of every row of the projection, without reading the rows into Python.

    PostgreSQL: the row version's ``xmin``, which every UPDATE of the row changes (a row rewritten
    only in a column that is not sent goes again, harmlessly); no column is read, not even the
    body kept out of line. SQLite: one text of the quoted values of the columns sent but the
    table's ``heavy`` ones (whose changes move its ``updated_at``), hashed here."""
    qs = table.rows()
    db_table = connection.ops.quote_name(table.model._meta.db_table)
    if connection.vendor == "postgresql":
        expression = f"{db_table}.xmin::text"
    else:
        sent = [f for f in table.columns() if f.attname not in table.blank and f.attname not in table.heavy]
        expression = " || ',' || ".join(
            f"quote({db_table}.{connection.ops.quote_name(str(f.column))})" for f in sent
        )
    rows = qs.annotate(_row=RawSQL(expression, [])).order_by("pk").values_list("pk", "_row")  # noqa: S611 - our names
    for key, text in rows.iterator(chunk_size=5000):
        yield str(key), hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()[:20]


def export_public(out_dir: Path, *, state_dir: Path | None = None, full: bool = False) -> ExportResult:
    """Write the next batch of public data into ``out_dir``; see the module's docstring."""
    state = ExportState.load(state_dir or default_state_dir())
    # A table the last batch did not know (this program version added it): the portal may hold rows
    # of it that no batch sent (the shipped assessment schemes), which only a snapshot replaces.
    new_table = state.sequence > 0 and any(t.label not in state.rows for t in TABLES)
    snapshot = full or state.sequence == 0 or new_table
    sequence = state.sequence + 1
    writer = Writer(out_dir, PREFIX, sequence)
    upserts = deletes = files = 0
    counts: dict[str, dict[str, int]] = {}
    seen_all: dict[str, dict[str, str]] = {}
    try:
        # One consistent reading of the staff side (PostgreSQL: one snapshot; SQLite: one read).
        with transaction.atomic():
            for table in TABLES:
                names = table.attnames()
                before = {} if snapshot else state.rows.get(table.label, {})
                seen: dict[str, str] = {}
                changed = 0
                fix = table.prepare() if table.prepare else None
                for record in _changed_records(table, names, fix, before, seen):
                    for name in table.files:
                        if record[name]:
                            writer.write(_file_line(record[name]))
                            files += 1
                    writer.write({"t": table.label, "op": "u", "f": record})
                    changed += 1
                gone = [key for key in before if key not in seen]
                for key in gone:
                    writer.write({"t": table.label, "op": "d", "pk": int(key)})
                upserts += changed
                deletes += len(gone)
                counts[table.label] = {"rows": len(seen), "upserts": changed, "deletes": len(gone)}
                seen_all[table.label] = seen
    except BaseException:
        writer.abandon()
        raise
    if not snapshot and not upserts and not deletes:
        # Nothing changed: no batch (a gateway need not carry empty files every interval).
        writer.abandon()
        return ExportResult(state.sequence, "none", writer.manifest, writer.data, 0, 0, 0, 0)
    header = {
        "direction": DIRECTION,
        "kind": "snapshot" if snapshot else "changes",
        "base": None if snapshot else state.sequence,
        "created_at": timezone.now().isoformat(),
        "counts": counts,
    }
    # The state is saved before the manifest appears: a crash in between leaves a gap the portal
    # names (and a full export mends), never two different batches under one number.
    writer.finish_data()
    state.sequence, state.rows = sequence, seen_all
    state.save()
    writer.close(header)
    return ExportResult(
        sequence=sequence,
        kind=str(header["kind"]),
        manifest=writer.manifest,
        data=writer.data,
        size=writer.data.stat().st_size,
        upserts=upserts,
        deletes=deletes,
        files=files,
    )


def _file_line(name: str) -> dict[str, Any]:
    data = read_stored(name)
    return {
        "op": "file",
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "data": base64.b64encode(data).decode("ascii"),
    }


# --- portal side -----------------------------------------------------------------------------


@dataclass
class ApplyResult:
    sequence: int
    kind: str
    skipped: bool = False
    upserts: int = 0
    deletes: int = 0
    files: int = 0


def last_applied() -> int:
    return AppliedBatch.objects.aggregate(m=models.Max("sequence"))["m"] or 0


def apply_path(path: Path, *, after: int = 0) -> list[ApplyResult]:
    """Apply one batch (its manifest) or every batch of a directory, in order; with ``after``, only
    the batches numbered above it are read (a polling portal does not re-check old ones)."""
    results = []
    for manifest in manifests_in(path, PREFIX):
        if after and _number(manifest) <= after:
            continue
        results.append(apply_public(read_manifest(manifest, direction=DIRECTION)))
    return results


def _number(manifest: Path) -> int:
    try:
        return int(manifest.name.split("-")[1].split(".")[0])
    except (IndexError, ValueError):
        return 0


def apply_public(batch: Batch) -> ApplyResult:
    manifest = batch.manifest
    kind = str(manifest["kind"])
    result = ApplyResult(batch.sequence, kind)
    done = AppliedBatch.objects.filter(sequence=batch.sequence).first()
    if done is not None:
        if done.sha256 != manifest["sha256"]:
            raise ChannelError(
                _("第%(n)s号同步包已导入过，但这次收到的内容与当时不同。请在工作端执行全量导出后重新导入。")
                % {"n": batch.sequence}
            )
        result.skipped = True
        return result
    last = last_applied()
    if batch.sequence < last:
        result.skipped = True  # superseded by a later snapshot
        return result
    if kind == "changes" and manifest.get("base") != last:
        raise ChannelError(
            _(
                "同步包不连续：门户已导入到第%(last)s号，收到的是第%(n)s号（接续第%(base)s号）。请先导入缺少的同步包，或在工作端执行全量导出。"
            )
            % {"last": last, "n": batch.sequence, "base": manifest.get("base")}
        )
    ups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    dels: dict[str, list[int]] = defaultdict(list)
    for line in batch.lines():
        op = line.get("op")
        if op == "file":
            _store_file(line)
            result.files += 1
        elif op == "u":
            ups[line["t"]].append(line["f"])
        elif op == "d":
            dels[line["t"]].append(int(line["pk"]))
        else:
            raise ChannelError(_("同步包 %(name)s 含有无法识别的记录。") % {"name": batch.data_path.name})
    unknown = (set(ups) | set(dels)) - set(BY_LABEL)
    if unknown:
        raise ChannelError(_("同步包含有本程序不认识的数据表：%(t)s。") % {"t": "、".join(sorted(unknown))})
    removed_files: list[str] = []
    erase_deleted_bytes()
    with transaction.atomic():
        if kind == "snapshot":
            _refuse_with_uncollected_intake()
            removed_files = _clear_all()
        placeholder = _placeholder().pk
        item_table = BY_LABEL["disclosure.item"]
        gone_items = dels.get(item_table.label, [])
        if gone_items:
            public_changes.public_content_changed(gone_items)  # read the pages they are on first
        before = purge.read_before(kind, ups, dels)  # the other tables' rows, as they were
        deferred: list[Table] = []
        for table in reversed(TABLES):
            ids = dels.get(table.label)
            if not ids:
                continue
            removed_files += _files_of(table, ids)
            try:
                with transaction.atomic():
                    # A citizen's submission not yet collected that hangs on these rows is held,
                    # not deleted with them (``portalsync.held``).
                    delete_holding_intake(table.synced().filter(pk__in=ids))
            except ProtectedError:
                deferred.append(table)  # still referenced until this batch's updates are in
            result.deletes += len(ids)
        for table in TABLES:
            records = ups.get(table.label)
            if records:
                _upsert(table, records, placeholder, insert_only=kind == "snapshot")
                result.upserts += len(records)
        for table in deferred:
            try:
                delete_holding_intake(table.synced().filter(pk__in=dels[table.label]))
            except ProtectedError as e:
                # A citizen's message or request waits on it (they protect their body): nothing of
                # the batch is applied; it goes through once that intake is collected.
                raise ChannelError(
                    _(
                        "门户尚有未被工作端收取的公众提交依附于本批次要删除的%(table)s，本批次未导入。"
                        "请先导出公众提交并导入确认文件，再重新导入。"
                    )
                    % {"table": table.model._meta.verbose_name}
                ) from e
        # The rows came under the staff side's keys: what this host writes next (a citizen's
        # comment, message, rating or request) must take a key none of them holds.
        reset_sequences([table.model for table in TABLES if table.label in ups])
        AppliedBatch.objects.create(
            sequence=batch.sequence,
            kind=kind,
            sha256=manifest["sha256"],
            created_at=dt.datetime.fromisoformat(manifest["created_at"]),
            upserts=result.upserts,
            deletes=result.deletes,
        )
        item_ids = [int(r["id"]) for r in ups.get(item_table.label, [])]
        # Each other table's pages by its rule (``purge``); a snapshot drops everything.
        purge.pages_changed(before, ups)
        if item_ids and kind != "snapshot":
            public_changes.public_content_changed(item_ids)
        _announce_words(ups)
        transaction.on_commit(lambda: _delete_files(removed_files))
        if kind == "snapshot":
            transaction.on_commit(_rebuild_index)
    checkpoint()
    return result


def _placeholder() -> User:
    user, created = User.objects.get_or_create(
        username=PLACEHOLDER_USERNAME,
        defaults={"is_active": False, "is_staff": False, "is_superuser": False, "full_name": ""},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _values(table: Table, record: dict[str, Any], placeholder: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in table.columns():
        raw = record.get(f.attname)
        values[f.attname] = None if raw is None else f.to_python(raw)
    for name in table.user_fields:
        values[name] = placeholder
    return values


def _make_room(table: Table, pks: list[int]) -> None:
    """Move the rows written on this host (intake not yet collected) out of the keys the staff
    side's rows take: a citizen's comment is never overwritten by a synced one."""
    if table.local is None or not pks:
        return
    manager = table.model._base_manager
    in_the_way = list(table.local(manager.filter(pk__in=pks)))
    if not in_the_way:
        return
    top = max(max(pks), manager.aggregate(m=models.Max("pk"))["m"] or 0)
    for n, row in enumerate(in_the_way, start=1):
        manager.filter(pk=row.pk).delete()
        row.pk = top + n
        row._state.adding = True
        row.save(force_insert=True)


def _upsert(table: Table, records: list[dict[str, Any]], placeholder: int, *, insert_only: bool) -> None:
    model = table.model
    manager = model._base_manager
    pk_name = model._meta.pk.attname
    fields = [f for f in table.columns()]
    if not insert_only:
        _make_room(table, [int(r[pk_name]) for r in records])
    fresh: list[models.Model] = []
    for record in records:
        values = _values(table, record, placeholder)
        if not insert_only:
            pk = values[pk_name]
            rest = {k: v for k, v in values.items() if k != pk_name}
            if manager.filter(pk=pk).update(**rest):
                continue
        fresh.append(model(**values))
    for start in range(0, len(fresh), INSERT_BATCH):
        # raw: the values as the staff side holds them (no auto_now, no defaults), as loaddata does.
        manager._insert(fresh[start : start + INSERT_BATCH], fields=fields, raw=True)  # type: ignore[attr-defined]


def _refuse_with_uncollected_intake() -> None:
    from gongkai.portalsync.intake import uncollected_count

    waiting = uncollected_count()
    if waiting:
        raise ChannelError(
            _(
                "门户尚有%(n)s条公众提交未被工作端收取，全量导入会删除它们所依附的数据。请先导出公众提交并导入确认文件。"
            )
            % {"n": waiting}
        )


def _clear_all() -> list[str]:
    names: list[str] = []
    for table in reversed(TABLES):
        for name in table.files:
            names += [n for n in table.model._base_manager.values_list(name, flat=True) if n]
        table.model._base_manager.all().delete()
    return names


def _files_of(table: Table, ids: list[int]) -> list[str]:
    names: list[str] = []
    for name in table.files:
        names += [n for n in table.model._base_manager.filter(pk__in=ids).values_list(name, flat=True) if n]
    return names


def _store_file(line: dict[str, Any]) -> None:
    data = base64.b64decode(line["data"])
    if hashlib.sha256(data).hexdigest() != line["sha256"]:
        raise ChannelError(_("同步包中的文件 %(name)s 已损坏。") % {"name": line["name"]})
    name = str(line["name"])
    if default_storage.exists(name):
        return
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        default_storage.delete(saved)
        raise ChannelError(_("无法按原名保存文件 %(name)s。") % {"name": name})


def _delete_files(names: list[str]) -> None:
    still: set[str] = set()
    for table in TABLES:  # a file is stored once by its content: another row may still hold it
        for name in table.files:
            still |= set(
                table.model._base_manager.filter(**{f"{name}__in": names}).values_list(name, flat=True)
            )
    for name in names:
        if name not in still:
            default_storage.delete(name)


def _announce_words(ups: dict[str, list[dict[str, Any]]]) -> None:
    from gongkai.search import vocabulary

    for record in ups.get("orgs.organization", []):
        vocabulary.announce(vocabulary.org_words(record["name"], record["short_name"]))
    for label in ("disclosure.catalogcolumn", "disclosure.classification"):
        for record in ups.get(label, []):
            vocabulary.announce(vocabulary.name_words(record["name"]))


def _rebuild_index() -> None:
    from gongkai.search.indexer import rebuild_index

    rebuild_index()
