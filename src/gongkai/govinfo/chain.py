"""The hash chain of the urgent-report log (紧急信息日志), a pure kernel (no Django).

docs/SPEC.md §8: urgent items are time-stamped at every step "so late, missed or concealed reports
(迟报、漏报、瞒报) can be proven". Proof needs a log nobody can quietly change: every entry carries the
hash of the entry before it, and its own hash covers its fields and that link, so editing, deleting
or reordering an entry breaks the chain at a place :func:`verify` names.

- :func:`canonical_bytes`: the entry's fields (seq, event id, report id, action, time, actor,
  payload, previous hash) as sorted-key JSON in UTF-8, without spaces; the time in ISO-8601 with
  its offset, converted to UTC, to the microsecond (what both PostgreSQL and SQLite store);
- :func:`entry_hash`: SHA-256 of those bytes, as 64 lowercase hex digits;
- :func:`verify`: walks entries in order and returns the first broken one and why: an edited entry
  (its hash no longer matches its fields), a broken link (its ``prev_hash`` is not the previous
  entry's hash), a gap (a missing seq: an entry was deleted) or a reordering (a seq not above the
  previous one). The first entry's ``prev_hash`` is :data:`GENESIS` (64 zeros).

What the chain cannot show by itself: the deletion of the newest entries (nothing follows them). The
console command prints the count and the last hash so that a copy kept elsewhere (a printed
verification, a 通报) pins the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BROKEN_LINK",
    "EDITED",
    "GAP",
    "GENESIS",
    "REORDERED",
    "Entry",
    "Verdict",
    "canonical_bytes",
    "entry_hash",
    "iso_utc",
    "verify",
]

#: The ``prev_hash`` of the first entry.
GENESIS = "0" * 64

EDITED = "edited"
BROKEN_LINK = "broken_link"
GAP = "gap"
REORDERED = "reordered"


def iso_utc(at: dt.datetime) -> str:
    """The entry's time as hashed: ISO-8601 in UTC with its offset, to the microsecond."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("an entry's time must carry its timezone")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_bytes(
    *,
    seq: int,
    event_id: int | None,
    report_id: int | None,
    action: str,
    at: dt.datetime,
    actor: str,
    payload: Mapping[str, Any],
    prev_hash: str,
) -> bytes:
    """The bytes an entry's hash covers: sorted-key JSON (UTF-8, no spaces, no ASCII escaping)."""
    document = {
        "seq": seq,
        "event": event_id,
        "report": report_id,
        "action": action,
        "at": iso_utc(at),
        "actor": actor,
        "payload": dict(payload),
        "prev_hash": prev_hash,
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(**fields: Any) -> str:
    """SHA-256 (hex) of :func:`canonical_bytes` of ``fields``."""
    return hashlib.sha256(canonical_bytes(**fields)).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One log entry as stored."""

    seq: int
    event_id: int | None
    report_id: int | None
    action: str
    at: dt.datetime
    actor: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    entry_hash: str = ""

    def computed_hash(self) -> str:
        return entry_hash(
            seq=self.seq,
            event_id=self.event_id,
            report_id=self.report_id,
            action=self.action,
            at=self.at,
            actor=self.actor,
            payload=self.payload,
            prev_hash=self.prev_hash,
        )


@dataclass(frozen=True)
class Verdict:
    """The result of :func:`verify`: ``ok``, how many entries were checked (up to and including the
    broken one), and for a broken chain the seq where it breaks, the reason code and a message."""

    ok: bool
    count: int
    seq: int | None = None
    reason: str = ""
    message: str = ""
    last_hash: str = ""


def verify(entries: Iterable[Entry], *, first_seq: int = 1, prev_hash: str | None = GENESIS) -> Verdict:
    """Walk ``entries`` (in the order given, streaming) and return the first break.

    ``first_seq`` is the seq the walk expects first (1 for the whole log); ``prev_hash`` what the
    first entry must link to (:data:`GENESIS` for the whole log; None to trust the first entry's
    link when a walk starts inside the chain, as the event page's does)."""
    expected = first_seq
    previous_seq: int | None = None
    previous_hash = prev_hash
    count = 0
    for entry in entries:
        count += 1
        seq = entry.seq
        if previous_seq is not None and seq <= previous_seq:
            return Verdict(
                False, count, seq, REORDERED, f"第 {seq} 条排在第 {previous_seq} 条之后：日志顺序被改动"
            )
        if seq != expected:
            missing = f"第 {expected} 条" if seq == expected + 1 else f"第 {expected}–{seq - 1} 条"
            return Verdict(False, count, seq, GAP, f"第 {seq} 条之前缺少{missing}：日志条目被删除")
        if entry.computed_hash() != entry.entry_hash:
            return Verdict(False, count, seq, EDITED, f"第 {seq} 条的内容与其哈希不符：该条被改动")
        if previous_hash is not None and entry.prev_hash != previous_hash:
            return Verdict(False, count, seq, BROKEN_LINK, f"第 {seq} 条记录的前一条哈希与实际不符：链条断开")
        previous_seq = entry.seq
        previous_hash = entry.entry_hash
        expected = entry.seq + 1
    return Verdict(True, count, last_hash=previous_hash or "")
