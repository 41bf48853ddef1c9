"""The urgent-report log's hash chain (``govinfo.chain``), a pure kernel: runs with ``-p no:django``.

docs/SPEC.md §8: urgent items are time-stamped at every step so that 迟报、漏报、瞒报 can be proven;
the chain makes every edit, deletion or reordering of the log visible."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest

from gongkai.govinfo import chain

BEIJING = dt.timezone(dt.timedelta(hours=8))


def _make(n: int) -> list[chain.Entry]:
    entries: list[chain.Entry] = []
    prev = chain.GENESIS
    for seq in range(1, n + 1):
        draft = chain.Entry(
            seq=seq,
            event_id=7,
            report_id=seq if seq > 1 else None,
            action="report.sent" if seq > 1 else "event.created",
            at=dt.datetime(2026, 3, 1, 8, seq, tzinfo=BEIJING),
            actor="信息员甲",
            payload={"n": seq, "标题": "山体滑坡"},
            prev_hash=prev,
        )
        entry = dataclasses.replace(draft, entry_hash=draft.computed_hash())
        entries.append(entry)
        prev = entry.entry_hash
    return entries


def test_first_hash_checked_by_hand():
    at = dt.datetime(2026, 3, 1, 8, 0, 0, 123456, tzinfo=BEIJING)
    # The canonical document, written out by hand: sorted keys, no spaces, UTF-8, time in UTC.
    expected_bytes = (
        '{"action":"event.created","actor":"信息员甲","at":"2026-03-01T00:00:00.123456+00:00",'
        '"event":7,"payload":{"severity":"major","标题":"山体滑坡"},'
        '"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",'
        '"report":null,"seq":1}'
    ).encode()
    fields = dict(
        seq=1,
        event_id=7,
        report_id=None,
        action="event.created",
        at=at,
        actor="信息员甲",
        payload={"标题": "山体滑坡", "severity": "major"},
        prev_hash=chain.GENESIS,
    )
    assert chain.canonical_bytes(**fields) == expected_bytes
    assert chain.entry_hash(**fields) == hashlib.sha256(expected_bytes).hexdigest()
    # The same document through json with the rules spelled out gives the same bytes.
    assert (
        json.dumps(
            json.loads(expected_bytes), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()
        == expected_bytes
    )


def test_the_same_moment_in_another_zone_hashes_the_same():
    base = _make(1)[0]
    utc = dataclasses.replace(base, at=base.at.astimezone(dt.UTC))
    assert utc.computed_hash() == base.entry_hash


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone"):
        chain.iso_utc(dt.datetime(2026, 3, 1, 8, 0))


def test_an_intact_chain_verifies():
    entries = _make(5)
    verdict = chain.verify(entries)
    assert verdict.ok and verdict.count == 5 and verdict.seq is None
    assert verdict.last_hash == entries[-1].entry_hash
    assert chain.verify([]).ok


def test_an_edited_entry_is_named():
    entries = _make(5)
    entries[2] = dataclasses.replace(entries[2], payload={"n": 3, "标题": "无事"})
    verdict = chain.verify(entries)
    assert not verdict.ok
    assert (verdict.seq, verdict.reason, verdict.count) == (3, chain.EDITED, 3)
    assert verdict.message == "第 3 条的内容与其哈希不符：该条被改动"


def test_an_edited_time_is_named():
    entries = _make(3)
    entries[1] = dataclasses.replace(entries[1], at=entries[1].at - dt.timedelta(hours=1))
    assert (chain.verify(entries).seq, chain.verify(entries).reason) == (2, chain.EDITED)


def test_a_rehashed_forgery_breaks_the_next_link():
    entries = _make(4)
    forged = dataclasses.replace(entries[1], actor="他人")
    entries[1] = dataclasses.replace(forged, entry_hash=forged.computed_hash())
    verdict = chain.verify(entries)
    assert (verdict.seq, verdict.reason) == (3, chain.BROKEN_LINK)
    assert verdict.message == "第 3 条记录的前一条哈希与实际不符：链条断开"


def test_a_deleted_entry_is_a_gap():
    entries = _make(5)
    del entries[2]
    verdict = chain.verify(entries)
    assert (verdict.seq, verdict.reason) == (4, chain.GAP)
    assert verdict.message == "第 4 条之前缺少第 3 条：日志条目被删除"


def test_several_deleted_entries_and_a_deleted_first():
    entries = _make(6)
    assert chain.verify(entries[:1] + entries[4:]).message == "第 5 条之前缺少第 2–4 条：日志条目被删除"
    assert (chain.verify(entries[1:]).seq, chain.verify(entries[1:]).reason) == (2, chain.GAP)


def test_reordered_entries():
    entries = _make(4)
    # Swapped: seq 3 arrives where 2 is expected (a gap at 3) ...
    swapped = [entries[0], entries[2], entries[1], entries[3]]
    assert (chain.verify(swapped).seq, chain.verify(swapped).reason) == (3, chain.GAP)
    # ... and a seq that goes back is a reordering.
    back = [entries[0], entries[1], entries[0]]
    verdict = chain.verify(back)
    assert (verdict.seq, verdict.reason, verdict.count) == (1, chain.REORDERED, 3)
    assert verdict.message == "第 1 条排在第 2 条之后：日志顺序被改动"


def test_a_walk_from_inside_the_chain():
    entries = _make(6)
    assert chain.verify(entries[2:], first_seq=3, prev_hash=None).ok
    # With the link given, a wrong first link is a break.
    verdict = chain.verify(entries[2:], first_seq=3, prev_hash=entries[0].entry_hash)
    assert (verdict.seq, verdict.reason) == (3, chain.BROKEN_LINK)


def test_the_first_entry_links_to_genesis():
    entries = _make(2)
    bad = dataclasses.replace(entries[0], prev_hash="f" * 64)
    bad = dataclasses.replace(bad, entry_hash=bad.computed_hash())
    assert (chain.verify([bad, entries[1]]).seq, chain.verify([bad]).reason) == (1, chain.BROKEN_LINK)
