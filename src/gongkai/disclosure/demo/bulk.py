"""The demo's fast path: many published items written in bulk, still with correct 索引号.

Items are generated in chunks (deterministic per seed and item number), linked within their chunk
(政策解读 → policy, new policy → the one it replaces or abolishes), numbered from the same
per-body-and-year counters that publication uses (serials reserved per chunk with
:func:`gongkai.disclosure.services.index_numbers.reserve_index_serials`, so numbers stay unique and
gap-free), and
written with ``bulk_create`` together with their first revision. Working days from formation to
publication come from the calendar kernel, as for items published through the workflow.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import multiprocessing
import os
import random
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.core.bulk import TableWriter, reset_sequences
from gongkai.disclosure.demo.textbank import (
    AUDIENCE_CLASS,
    TOPIC_CLASS,
    TOPIC_COLUMN_WORDS,
    DemoItemGenerator,
    body_html,
    genre_code,
    summary_of,
    topic_name,
)
from gongkai.disclosure.legal import Duration, Stage, Validity
from gongkai.disclosure.models import (
    CatalogColumn,
    Classification,
    Item,
    ItemLink,
    ItemRevision,
    ItemState,
    LinkKind,
)
from gongkai.disclosure.revisions import revision_snapshot
from gongkai.disclosure.services.index_numbers import pattern, pattern_values, reserve_index_serials
from gongkai.orgs.models import Kind, Level, Organization
from gongkai.workdays.calendar import get_calendar

CHUNK = 10_000
STAGES = (
    (Stage.RESULT,) * 6
    + (Stage.EXECUTION,) * 5
    + (Stage.SERVICE,) * 4
    + (Stage.MANAGEMENT,) * 3
    + (Stage.DECISION,) * 2
)


@contextlib.contextmanager
def bulk_write_mode() -> Iterator[None]:
    """On SQLite, trade durability for speed while the bulk build runs (a failed build is rebuilt
    with ``--reset`` anyway); restore the installation's settings afterwards."""
    # PRAGMA synchronous cannot change inside a transaction (e.g. in a test).
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
            cursor.execute("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA cache_size=-65536")


@dataclass
class _BodyPlan:
    """What the generator needs to know about one body."""

    org_id: int
    unit_code: str
    author_id: int
    is_city_government: bool
    columns: list[int]  # visible columns
    by_topic: dict[str, list[int]]
    normative: list[int]
    interpretation: list[int]
    name: str = ""
    doc_prefix: str = ""
    #: topic → index of the plan of the body that owns it (a department publishes its own topics)
    redirect: dict[str, int] = field(default_factory=dict)


#: The department (slug suffix) that owns a topic; topics not listed belong to every body.
TOPIC_OWNERS = {
    "义务教育": ("jyj",),
    "扶贫": ("nyncj", "mzj"),
    "社会救助": ("mzj",),
    "就业": ("rsj",),
    "征收": ("zrzyj", "zjj"),
    "安全生产": ("yjj",),
    "生态环境": ("sthjj",),
    "食品药品": ("scjgj",),
    "卫生健康": ("wjw",),
    "社会保险": ("rsj", "ybj"),
    "养老服务": ("mzj",),
    "城乡规划": ("zrzyj",),
    "重大建设项目": ("fgw",),
    "涉农补贴": ("nyncj",),
    "保障性住房": ("zjj",),
    "应急管理": ("yjj",),
    "统计信息": ("tjj",),
}


def _plan_bodies(region: Any) -> list[_BodyPlan]:
    columns: dict[int, list[CatalogColumn]] = defaultdict(list)
    with_children = set(CatalogColumn.objects.exclude(parent=None).values_list("parent_id", flat=True))
    for c in CatalogColumn.objects.filter(is_hidden=False).order_by("organization_id", "code"):
        if c.pk not in with_children:
            columns[c.organization_id].append(c)
    plans = []
    for spec in region.specs:
        org = region.bodies[spec.slug]
        cols = columns[org.pk]

        def matching(words: tuple[str, ...], cols: list[CatalogColumn] = cols) -> list[int]:
            for word in words:
                found = [c.pk for c in cols if word in c.name]
                if found:
                    return found
            return []

        general = matching(("其他", "公告和新闻发布", "工作动态")) or [c.pk for c in cols]
        plans.append(
            _BodyPlan(
                org_id=org.pk,
                unit_code=org.unit_code,
                author_id=region.authors[spec.slug].pk,
                is_city_government=spec.kind == Kind.GOVERNMENT and spec.level == Level.CITY,
                columns=[c.pk for c in cols],
                by_topic={t: matching(words) or general for t, words in TOPIC_COLUMN_WORDS.items()},
                normative=matching(("规范性文件", "政策法规")),
                interpretation=matching(("解读",)),
                name=spec.name,
                doc_prefix=spec.doc_prefix,
            )
        )
    _plan_redirects(region.specs, plans)
    return plans


def _plan_redirects(specs: list[Any], plans: list[_BodyPlan]) -> None:
    """Departments, vertical units and public institutions publish their own topics: an item on
    another department's topic goes to that department of the same government (the source texts
    mixed, the demo's catalog should not be)."""
    index = {spec.slug: i for i, spec in enumerate(specs)}
    for i, spec in enumerate(specs):
        if spec.kind in (Kind.GOVERNMENT, Kind.GENERAL_OFFICE):
            continue
        own = spec.slug.rsplit("-", 1)[-1]
        government = spec.parent if spec.kind == Kind.DEPARTMENT else "suzhou"
        prefix = "sz" if government == "suzhou" else government
        for topic, owners in TOPIC_OWNERS.items():
            if own in owners:
                continue
            target = next((index[f"{prefix}-{o}"] for o in owners if f"{prefix}-{o}" in index), None)
            if target is None:
                target = index.get(government or "")
            if target is not None:
                plans[i].redirect[topic] = target


def _classes() -> dict[tuple[str, str], int]:
    return {(c.scheme, c.code): c.pk for c in Classification.objects.all()}


def _activity_order(specs: list[Any]) -> list[tuple[str, str, str]]:
    return [(s.name, s.place, s.doc_prefix) for s in specs]


@dataclass
class _Context:
    """Everything a chunk needs, plain data only (it is handed to worker processes)."""

    seed: int
    today: dt.date
    last_day: dt.date
    bodies: list[tuple[str, str, str]]
    plans: list[_BodyPlan]
    classes: dict[tuple[str, str], int]
    tz: Any
    items: TableWriter
    revisions: TableWriter
    calendar: Any
    generator: DemoItemGenerator | None = None


_context: _Context | None = None  # set in the parent before worker processes fork


def build_bulk_items(
    region: Any,
    *,
    count: int,
    seed: int,
    last_day: dt.date,
    progress: Callable[[int], Any] | None = None,
    workers: int | None = None,
    offset: int = 0,
) -> int:
    """Write ``count`` published items; returns how many were written.

    ``region`` is the demo region: its ``specs`` (the bodies in publishing-activity order, with
    name, place, 发文字号 prefix, kind and level), its ``bodies`` and ``authors`` by slug.

    Chunks are prepared (text generated, linked, rows adapted) in worker processes when the build
    is big enough to pay for them, and written in order by this process, so the result is the same
    with or without workers.
    """
    global _context
    if count <= 0:
        return 0
    ctx = _Context(
        seed=seed,
        today=timezone.localdate(),
        last_day=last_day,
        bodies=_activity_order(region.specs),
        plans=_plan_bodies(region),
        classes=_classes(),
        tz=timezone.get_current_timezone(),
        items=TableWriter(Item, with_id=True),
        revisions=TableWriter(ItemRevision, with_id=False),
        calendar=get_calendar(),
    )
    end = offset + count
    jobs = [(start, min(CHUNK, end - start)) for start in range(offset, end, CHUNK)]
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if count >= 4 * CHUNK else 0
    index_pattern = pattern()
    extras = _IndexExtras(index_pattern)
    written = 0
    _context = ctx
    pool = None
    try:
        if workers and "fork" in multiprocessing.get_all_start_methods():
            pool = multiprocessing.get_context("fork").Pool(workers)
            chunks: Iterator[_Chunk] = _bounded_imap(pool, jobs, ahead=workers + 1)
        else:
            chunks = map(_prepare_chunk, jobs)
        with bulk_write_mode():
            for chunk in chunks:
                with transaction.atomic():
                    _write_chunk(chunk, ctx, index_pattern, extras)
                written += len(chunk.items)
                if progress:
                    progress(len(chunk.items))
    finally:
        if pool is not None:
            pool.terminate()
        _context = None
    return written


def _bounded_imap(pool: Any, jobs: list[tuple[int, int]], *, ahead: int) -> Iterator[_Chunk]:
    """``pool.imap`` with at most ``ahead`` chunks in flight: when writing is the slower side,
    prepared chunks must not pile up in memory (a chunk is ~100 MB of Python objects)."""
    pending: deque[Any] = deque()
    remaining = iter(jobs)
    for job in itertools.islice(remaining, ahead):
        pending.append(pool.apply_async(_prepare_chunk, (job,)))
    while pending:
        chunk = pending.popleft().get()
        job = next(remaining, None)  # type: ignore[assignment]
        if job is not None:
            pending.append(pool.apply_async(_prepare_chunk, (job,)))
        yield chunk


@dataclass
class _Chunk:
    items: list[list[Any]]  # adapted item rows; id and 索引号 filled in when written
    revisions: list[list[Any]]  # adapted revision rows; item id filled in when written
    keys: list[str]  # counter key of each item
    units: list[tuple[str, int, int]]  # (unit code, year, month) of each item
    order: list[int]  # publication order within the chunk (serials follow it)
    links: list[tuple[int, int, str]]


def _prepare_chunk(job: tuple[int, int]) -> _Chunk:
    ctx = _context
    assert ctx is not None
    if ctx.generator is None:
        ctx.generator = DemoItemGenerator(seed=ctx.seed, bodies=ctx.bodies, last_day=ctx.last_day)
    start, n = job
    index_pattern = pattern()
    rows = [
        _item_row(ctx.generator, i, ctx.plans, ctx.classes, ctx.seed, ctx.today)
        for i in range(start, start + n)
    ]
    links = _link_within_chunk(rows, random.Random(ctx.seed * 7 + start), ctx.classes)
    if start == 0:
        _ensure_expired_limited(rows, ctx.today)
    chunk = _Chunk(items=[], revisions=[], keys=[], units=[], order=[], links=links)
    for row in rows:
        plan: _BodyPlan = row["plan"]
        day: dt.date = row["published"]
        published_at = dt.datetime.combine(
            day, dt.time(row["minute"] // 60, row["minute"] % 60), tzinfo=ctx.tz
        )
        values = {
            **{name: row[name] for name in _ROW_FIELDS},
            "organization_id": plan.org_id,
            "state": ItemState.PUBLISHED,
            "published_at": published_at,
            "created_at": published_at,
            "updated_at": published_at,
            "author_id": plan.author_id,
            "workdays_to_publish": ctx.calendar.workdays_between(row["date_formed"], day),
        }
        chunk.items.append(ctx.items.row(values))
        chunk.revisions.append(
            ctx.revisions.row(
                {
                    "number": 1,
                    "snapshot": revision_snapshot(values),
                    "created_at": published_at,
                    "created_by_id": plan.author_id,
                }
            )
        )
        chunk.keys.append(index_pattern.counter_key(unit_code=plan.unit_code, year=day.year, month=day.month))
        chunk.units.append((plan.unit_code, day.year, day.month))
    chunk.order = sorted(range(n), key=lambda i: (rows[i]["published"], rows[i]["minute"], rows[i]["n"]))
    return chunk


def _item_row(
    generator: DemoItemGenerator,
    n: int,
    plans: list[_BodyPlan],
    classes: dict[tuple[str, str], int],
    seed: int,
    today: dt.date,
) -> dict[str, Any]:
    g = generator.item(n)
    rnd = random.Random(seed * 1_000_033 + n)
    plan = plans[g.org_id - 1]
    topic = topic_name(g)
    if topic in plan.redirect:
        owner = plans[plan.redirect[topic]]
        g.title = g.title.replace(plan.name, owner.name)
        g.body = g.body.replace(plan.name, owner.name)
        if g.doc_number.startswith(plan.doc_prefix):
            g.doc_number = owner.doc_prefix + g.doc_number[len(plan.doc_prefix) :]
        plan = owner
    genre = genre_code(g, is_government=plan.is_city_government)
    body, body_text = body_html(g.body)
    published = g.published
    lag = rnd.random()
    days = (
        int(lag * 7)
        if lag < 0.7
        else 7 + int(rnd.random() * 14)
        if lag < 0.95
        else 21 + int(rnd.random() * 40)
    )
    formed = published - dt.timedelta(days=days)
    # A 规范性文件 is a policy by its title too (办法, 意见, 规定 …): not an annual report, a 三公经费
    # statement or a 行政处罚决定书 that happens to carry a document number (they would be
    # "interpreted" by the 政策解读 below).
    # (The draw comes first, as it always did, so the rest of the demo stays the same.)
    is_normative = bool(g.doc_number) and genre in ("02", "05", "06") and rnd.random() < 0.25
    is_normative = (
        is_normative and _POLICY_TITLE.search(g.title) is not None and not _NOT_POLICY_TITLE.search(g.title)
    )
    is_regulation = genre == "01" and plan.is_city_government
    columns = plan.normative if (is_normative or is_regulation) and plan.normative else plan.by_topic[topic]
    column = columns[int(rnd.random() * len(columns))]
    validity: str = Validity.VALID
    changed: dt.date | None = None
    if g.validity != Validity.VALID:
        changed = published + dt.timedelta(days=365 + int(rnd.random() * 365 * 4))
        if changed < today:
            validity = g.validity
        else:
            changed = None
    duration, public_until = Duration.LONG_TERM, None
    if "公示" in g.title:
        duration, public_until = Duration.LIMITED, published + dt.timedelta(days=5 + int(rnd.random() * 25))
    channels = ["website"]
    if is_normative or is_regulation:
        channels.append("gazette")
    if rnd.random() < 0.2:
        channels.append("new_media")
    combined = "01" if is_normative else {"人事信息": "05", "应急管理": "06", "重大建设项目": "07"}.get(topic)
    return {
        "n": n,
        "plan": plan,
        "title": g.title[:300],
        "document_number": g.doc_number,
        "date_formed": formed,
        "published": published,
        "minute": 8 * 60 + int(rnd.random() * 600),
        "topic_id": classes.get(("topic", TOPIC_CLASS[topic])),
        "genre_id": classes.get(("genre", genre)),
        "audience_id": classes.get(("audience", AUDIENCE_CLASS.get(g.audience_class_id, "01"))),
        "combined_id": classes.get(("combined", combined)) if combined else None,
        "keywords": " ".join(g.keywords)[:200],
        "column_id": column,
        "duration": duration,
        "public_until": public_until,
        "validity": validity,
        "effective_from": published if is_normative or is_regulation else None,
        "validity_changed_on": changed,
        "stage": STAGES[int(rnd.random() * len(STAGES))],
        "summary": summary_of(g.title, body_text, g.keywords),
        "body": body,
        "body_text": body_text,
        "channels": channels,
        "is_region_wide": plan.is_city_government and rnd.random() < 0.3,
        "is_regulation": is_regulation,
        "is_normative": is_normative,
    }


#: Titles of policies (规范性文件) and of documents that never are, for the demo's 政策解读.
_POLICY_TITLE = re.compile(r"办法|意见|规定|细则|方案|规划|措施|实施|管理|标准|规则|制度|通知")
_NOT_POLICY_TITLE = re.compile(r"年度报告|年报|三公|决算|预算|处罚|决定书|公示|名单|结果|招聘|任免|通报")


def _link_within_chunk(
    rows: list[dict[str, Any]], rnd: random.Random, classes: dict[tuple[str, str], int]
) -> list[tuple[int, int, str]]:
    """Turn some items into interpretations of a policy of the same body and let some policies
    replace or abolish an earlier one; returns (source row, target row, kind)."""
    links: list[tuple[int, int, str]] = []
    by_org: dict[int, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_org[row["plan"].org_id].append(i)
    used: set[int] = set()
    for indices in by_org.values():
        indices.sort(key=lambda i: (rows[i]["published"], rows[i]["n"]))
        policies = [i for i in indices if rows[i]["is_normative"]]
        for p in policies:
            if p in used:
                continue
            policy = rows[p]
            if rnd.random() < 0.35:
                later = [
                    i
                    for i in indices
                    if i not in used
                    and not rows[i]["is_normative"]
                    and not rows[i]["is_regulation"]
                    and rows[i]["published"] >= policy["published"]
                ]
                if later:
                    j = later[0]
                    used.update((p, j))
                    _make_interpretation(rows[j], policy, classes)
                    links.append((j, p, LinkKind.INTERPRETS))
            if rnd.random() < 0.15:
                earlier = [
                    i
                    for i in policies
                    if i not in used
                    and i != p
                    and rows[i]["published"] < policy["published"]
                    and rows[i]["validity"] == Validity.VALID
                ]
                if earlier:
                    old = rows[earlier[-1]]
                    used.add(earlier[-1])
                    kind = LinkKind.ABOLISHES if rnd.random() < 0.3 else LinkKind.REPLACES
                    old["validity"] = Validity.ABOLISHED if kind == LinkKind.ABOLISHES else Validity.EXPIRED
                    old["validity_changed_on"] = policy["published"]
                    links.append((p, earlier[-1], kind))
    return links


def _make_interpretation(
    row: dict[str, Any], policy: dict[str, Any], classes: dict[tuple[str, str], int]
) -> None:
    title = policy["title"]
    inner = title[title.index("《") + 1 : title.index("》")] if "《" in title and "》" in title else title
    row["title"] = f"《{inner}》政策解读"[:300]
    row["document_number"] = ""
    row["genre_id"] = classes.get(("genre", "17"))
    row["combined_id"] = classes.get(("combined", "02"))
    row["duration"], row["public_until"] = Duration.LONG_TERM, None
    row["summary"] = f"对《{inner}》出台的背景依据、目标任务和主要内容进行解读。"
    plan: _BodyPlan = row["plan"]
    if plan.interpretation:
        row["column_id"] = plan.interpretation[0]


def _ensure_expired_limited(rows: list[dict[str, Any]], today: dt.date) -> None:
    """Every demo has some 限时公开 items whose period is over (they leave the public catalog)."""
    expired = [r for r in rows if r["duration"] == Duration.LIMITED and r["public_until"] < today]
    for row in rows[: max(0, 3 - len(expired))]:
        row["duration"] = Duration.LIMITED
        row["public_until"] = min(row["published"] + dt.timedelta(days=10), today - dt.timedelta(days=1))


class _IndexExtras:
    """{region} and {class_code} of the installation's 索引号 pattern, as publication gives them
    (``services.index_numbers.pattern_values``), looked up once per body and column."""

    def __init__(self, index_pattern: Any) -> None:
        self.pattern = index_pattern
        self.needed = bool({"region", "class_code"} & set(index_pattern.placeholders))
        self.cache: dict[tuple[str, int], dict[str, str]] = {}

    def get(self, unit_code: str, column_id: int) -> dict[str, str]:
        if not self.needed:
            return {}
        key = (unit_code, column_id)
        if key not in self.cache:
            self.cache[key] = pattern_values(
                self.pattern,
                organization=Organization.objects.get(unit_code=unit_code),
                column=CatalogColumn.objects.get(pk=column_id),
            )
        return self.cache[key]


def _write_chunk(chunk: _Chunk, ctx: _Context, index_pattern: Any, extras: _IndexExtras) -> None:
    first = reserve_index_serials(dict(Counter(chunk.keys)))
    next_id = (Item.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    ids = [0] * len(chunk.items)
    item_pos = ctx.items.position
    id_at, number_at, column_at = item_pos["id"], item_pos["index_number"], item_pos["column_id"]
    item_id_at = ctx.revisions.position["item_id"]
    for i in chunk.order:
        key = chunk.keys[i]
        serial = first[key]
        first[key] = serial + 1
        unit_code, year, month = chunk.units[i]
        ids[i] = next_id
        row = chunk.items[i]
        row[id_at] = next_id
        extra = extras.get(unit_code, row[column_at])
        row[number_at] = index_pattern.format(
            unit_code=unit_code, year=year, month=month, serial=serial, **extra
        )
        chunk.revisions[i][item_id_at] = next_id
        next_id += 1
    ctx.items.insert(chunk.items)
    ctx.revisions.insert(chunk.revisions)
    reset_sequences([Item])
    if chunk.links:
        ItemLink.objects.bulk_create(
            [ItemLink(source_id=ids[s], target_id=ids[t], kind=kind) for s, t, kind in chunk.links]
        )


_ROW_FIELDS = (
    "title",
    "document_number",
    "date_formed",
    "topic_id",
    "genre_id",
    "audience_id",
    "combined_id",
    "keywords",
    "column_id",
    "duration",
    "public_until",
    "validity",
    "effective_from",
    "validity_changed_on",
    "stage",
    "summary",
    "body",
    "body_text",
    "channels",
    "is_region_wide",
    "is_regulation",
    "is_normative",
)
