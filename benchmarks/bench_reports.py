"""Annual-report benchmark: every report of a province-sized region computed from scratch (issue 4).

Builds a province into a fresh database, fast (bulk inserts, no services): 1,000 bodies (the
province's government, its office and departments; 12 cities and 60 counties, each with its
government, office and departments), 1,000,000 items and 50,000 requests with appeals and paid fees.
Only what the figures read has to be realistic, and is: each item's body, 发布日期, 成文日期, 规章 /
规范性文件 flags (~2 %) and validity with its date, and a body text of the demo's average length
(~800 characters, from the packaged sentence bank) so that a scan of the items table costs what it
costs in a real installation; each request's body, applicant type, dates of receipt / answer / end
and outcome (every row of 表三); each appeal's kind, route, dates and result; each fee's payment date.

Then, in a fresh process (Python and Django cold; the database's pages as the build left them in
the OS cache — ``--drop-caches`` empties the OS page cache first, for a cold disk):

(a) ``gongkai.reports.figures.compute(all 1,000 body ids, year)`` — every body's 表二, 表三, 表四 and
    fees collected — timed, with the time of each table's queries (a second, separate pass);
(b) the regional aggregation: ``figures.aggregate`` of every government's region (the province,
    each city, each county: every body below the government), and the province total;
(c) the peak resident memory of the process (VmHWM), and a baseline in the same run:
    ``Item.objects.count()``, first call and median of five.

    .venv/bin/python benchmarks/bench_reports.py --scale 0.1             # 100 bodies, 100k items
    .venv/bin/python benchmarks/bench_reports.py                          # SQLite, full size
    .venv/bin/python benchmarks/bench_reports.py --database postgres

Data go to benchmarks/out/bench_reports-<database>-<scale>/ and results to
benchmarks/out/bench_reports-<database>-<scale>.json (gitignored). PostgreSQL uses
postgres://postgres@127.0.0.1:5432/gongkai_bench_reports, dropped and created for the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_DB = "gongkai_bench_reports"
TARGET_SECONDS = 10.0

#: Full size (``--scale 1``): the issue's province.
BODIES = 1_000
ITEMS = 1_000_000
REQUESTS = 50_000

PROVINCE_DEPARTMENTS = [
    "发展和改革委员会", "教育厅", "科学技术厅", "工业和信息化厅", "公安厅", "民政厅", "司法厅", "财政厅",
    "人力资源和社会保障厅", "自然资源厅", "生态环境厅", "住房和城乡建设厅", "交通运输厅", "水利厅", "农业农村厅",
    "商务厅", "文化和旅游厅", "卫生健康委员会", "退役军人事务厅", "应急管理厅", "审计厅", "外事办公室",
    "国有资产监督管理委员会", "市场监督管理局", "广播电视局", "体育局", "统计局", "医疗保障局", "林业局",
    "地方金融管理局", "粮食和物资储备局", "能源局", "监狱管理局", "药品监督管理局", "知识产权局", "数据资源管理局",
    "信访局", "机关事务管理局",
]  # fmt: skip
CITY_DEPARTMENTS = PROVINCE_DEPARTMENTS[:28]
COUNTY_DEPARTMENTS = ["教育局", "财政局", "民政局", "农业农村局", "自然资源局", "卫生健康委员会", "住房和城乡建设局", "人力资源和社会保障局"]  # fmt: skip


def _setup() -> None:
    sys.path.insert(0, str(ROOT.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def _memory() -> dict[str, float]:
    """Current and peak resident memory of this process, in MiB (Linux /proc)."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def _sizes(scale: float) -> tuple[int, int, int]:
    return max(10, round(BODIES * scale)), round(ITEMS * scale), round(REQUESTS * scale)


# ---------------------------------------------------------------------------------------------
# Building the data (child process 1)
# ---------------------------------------------------------------------------------------------


def _province(n_bodies: int):
    """A province tree of about ``n_bodies`` bodies: its government, office and departments, then
    cities (government, office, departments) and counties (the same, fewer departments)."""
    from gongkai.orgs.models import Kind, Level, Organization
    from gongkai.orgs.unitcodes import make_uscc

    serial = iter(range(1, 100_000))
    bodies: list[Organization] = []
    governments: list[Organization] = []

    def body(name: str, parent, kind: str, level: str) -> Organization:
        n = next(serial)
        org = Organization.objects.create(
            name=name,
            slug=f"b{n}",
            unit_code=make_uscc("1", "1", "340000", f"{n:08d}"),
            parent=parent,
            kind=kind,
            level=level,
            is_competent_authority=kind == Kind.GENERAL_OFFICE,
        )
        bodies.append(org)
        if kind == Kind.GOVERNMENT:
            governments.append(org)
        return org

    def government(name: str, parent, level: str, departments: list[str]) -> Organization:
        gov = body(f"{name}人民政府", parent, Kind.GOVERNMENT, level)
        body(f"{name}人民政府办公室", gov, Kind.GENERAL_OFFICE, level)
        for dep in departments:
            body(f"{name}{dep}", gov, Kind.DEPARTMENT, level)
        return gov

    # Full size: 1 + 1 + 38 = 40; 12 cities × 30 = 360; 60 counties × 10 = 600; total 1,000.
    factor = n_bodies / BODIES
    cities = max(1, round(12 * factor))
    counties_per_city = 5
    province = government("基准省", None, Level.PROVINCE, PROVINCE_DEPARTMENTS[: max(2, round(38 * factor))])
    for c in range(cities):
        city = government(f"基准省第{c + 1}市", province, Level.CITY, CITY_DEPARTMENTS)
        for k in range(counties_per_city):
            government(f"基准省第{c + 1}市第{k + 1}县", city, Level.COUNTY, COUNTY_DEPARTMENTS)
    return bodies, governments


def _weights(n: int) -> list[float]:
    """A few bodies publish and receive most (Zipf-like)."""
    return [1 / (rank + 1) ** 0.7 for rank in range(n)]


def build(scale: float, seed: int, year: int) -> dict:
    _setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.core.database import refresh_statistics
    from gongkai.disclosure.demo.bulk import _TableWriter, bulk_write_mode
    from gongkai.disclosure.demo.textbank import load_sentence_bank
    from gongkai.disclosure.models import CatalogColumn, Item
    from gongkai.foi.legal import ApplicantType, Outcome
    from gongkai.foi.models import Appeal, FeeNotice, InfoRequest

    n_bodies, n_items, n_requests = _sizes(scale)
    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(seed)
    bodies, governments = _province(n_bodies)
    rng.shuffle(bodies)  # activity does not follow the tree order
    author = User.objects.create(username="bench-author", full_name="基准录入员")
    columns = CatalogColumn.objects.bulk_create(
        [CatalogColumn(organization=org, code="01", name="法定主动公开内容") for org in bodies]
    )
    column_of = {c.organization_id: c.pk for c in columns}
    governing = {org.pk for org in governments if org.level in ("province", "city")}  # may make 规章
    weights = _weights(len(bodies))
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    first_day = dt.date(2008, 5, 1)
    span = (today - dt.timedelta(days=1) - first_day).days

    # -- items -----------------------------------------------------------------------------------
    sentences = load_sentence_bank()
    texts = []
    for _ in range(400):
        text = ""
        while len(text) < 800:
            text += rng.choice(sentences)
        texts.append(text)
    writer = _TableWriter(Item, with_id=True)
    t_items = time.perf_counter()
    flagged = 0
    org_ids = [org.pk for org in bodies]
    with bulk_write_mode():
        for start in range(0, n_items, 20_000):
            rows = []
            orgs = rng.choices(org_ids, weights, k=min(20_000, n_items - start))
            for i, org_id in enumerate(orgs, start=start + 1):
                published = first_day + dt.timedelta(days=rng.randint(0, span))
                formed = published - dt.timedelta(days=min(int(rng.expovariate(1 / 6)), 60))
                # ~2 % are 规章 or 行政规范性文件; a third of a province's or city's government's are 规章.
                flag = rng.random() < 0.02
                regulation = flag and org_id in governing and rng.random() < 0.3
                normative = flag and not regulation
                flagged += regulation or normative
                validity, changed = "valid", None
                if ((regulation or normative) and rng.random() < 0.35) or rng.random() < 0.03:
                    changed = formed + dt.timedelta(days=rng.randint(200, 3000))
                    if changed < today:
                        validity = "abolished" if rng.random() < 0.4 else "expired"
                    else:
                        changed = None
                state_roll = rng.random()
                state = "published" if state_roll < 0.97 else ("withdrawn" if state_roll < 0.99 else "draft")
                at = dt.datetime.combine(published, dt.time(9 + i % 8, i % 60), tzinfo=tz)
                text = texts[i % len(texts)]
                rows.append(
                    writer.row(
                        {
                            "id": i,
                            "organization_id": org_id,
                            "index_number": None if state == "draft" else f"BENCH/{i:08d}",
                            "title": f"关于{text[:18]}的通知",
                            "document_number": f"基准〔{formed.year}〕{i % 300 + 1}号"
                            if regulation or normative
                            else "",
                            "date_formed": formed,
                            "published_at": None if state == "draft" else at,
                            "column_id": column_of[org_id],
                            "summary": text[:60],
                            "body": f"<p>{text}</p>",
                            "body_text": text,
                            "validity": validity,
                            "validity_changed_on": changed,
                            "is_regulation": regulation,
                            "is_normative": normative,
                            "state": state,
                            "author_id": author.pk,
                            "created_at": at,
                            "updated_at": at,
                            "channels": ["website"],
                        }
                    )
                )
            with transaction.atomic():
                writer.insert(rows)
            print(f"  {start + len(rows):,} / {n_items:,} items", file=sys.stderr, flush=True)
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Item]):
                cursor.execute(sql)
    items_seconds = time.perf_counter() - t_items

    # -- requests, appeals, fees ------------------------------------------------------------------
    t_requests = time.perf_counter()
    outcomes = [(o.value, w) for o, w in zip(Outcome, [40, 8, 1, 1, 1, 3, 2, 3, 1, 1, 20, 3, 2, 3, 3, 1, 1, 1, 3, 1, 3], strict=True)]  # fmt: skip
    kinds = [(t.value, w) for t, w in zip(ApplicantType, [78, 10, 2, 2, 5, 3], strict=True)]
    closing = {Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID, Outcome.OTHER}
    first_received = dt.date(year - 1, 1, 1)
    received_span = (today - first_received).days
    requests = _TableWriter(InfoRequest, with_id=True)
    appeals = _TableWriter(Appeal, with_id=True)
    fees = _TableWriter(FeeNotice, with_id=False)
    request_rows, appeal_rows, fee_rows = [], [], []
    counters: dict[tuple[int, int], int] = {}
    finished_requests = []
    for i in range(1, n_requests + 1):
        org_id = rng.choices(org_ids, weights)[0]
        received = first_received + dt.timedelta(days=rng.randint(0, received_span))
        outcome = rng.choices([o for o, _ in outcomes], [w for _, w in outcomes])[0]
        finished = received + dt.timedelta(days=rng.randint(1, 45))
        answered = closed = None
        if finished > today or rng.random() < 0.003:
            state, outcome = "assigned", ""
        elif outcome in closing:
            state, closed = "closed", finished
        else:
            state, answered = "answered", finished
        counters[org_id, received.year] = counters.get((org_id, received.year), 0) + 1
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        request_rows.append(
            requests.row(
                {
                    "id": i,
                    "organization_id": org_id,
                    "registration_number": f"YSQ-{org_id:06d}-{received.year}-{counters[org_id, received.year]:05d}",
                    "lookup_code_hash": f"{rng.getrandbits(256):064x}",
                    "channel": "online",
                    "submitted_at": dt.datetime.combine(received, dt.time(10), tzinfo=tz),
                    "received_on": received,
                    "applicant_type": kind,
                    "applicant_name": "基准申请人",
                    "id_type": "resident_id" if kind == "person" else "credit_code",
                    "id_number": "341302199001011234",
                    "phone": "13800000000",
                    "description": "申请公开有关文件",
                    "format": "electronic",
                    "delivery": "email",
                    "state": state,
                    "outcome": outcome,
                    "answered_on": answered,
                    "closed_on": closed,
                    "due_date": received + dt.timedelta(days=28),
                    "created_at": dt.datetime.combine(received, dt.time(10), tzinfo=tz),
                    "updated_at": dt.datetime.combine(
                        finished if finished <= today else today, dt.time(10), tzinfo=tz
                    ),
                }
            )
        )
        if answered is not None:
            finished_requests.append((i, answered))
        if outcome == Outcome.GRANTED and rng.random() < 0.01:
            issued = received + dt.timedelta(days=3)
            paid = issued + dt.timedelta(days=rng.randint(1, 20))
            if paid <= today:
                fee_rows.append(
                    fees.row(
                        {
                            "request_id": i,
                            "method": "volume",
                            "quantity": 80,
                            "amount": 500,
                            "issued_on": issued,
                            "pay_by": issued + dt.timedelta(days=28),
                            "paid_on": paid,
                            "created_at": dt.datetime.combine(issued, dt.time(10), tzinfo=tz),
                        }
                    )
                )
    appeal_id = 0
    for request_id, answered in rng.sample(finished_requests, k=len(finished_requests) // 50):
        filed = answered + dt.timedelta(days=rng.randint(5, 55))
        if filed > today:
            continue
        review = rng.random() < 0.7
        decided = filed + dt.timedelta(days=rng.randint(30, 150))
        result = rng.choice(["upheld", "upheld", "upheld", "corrected", "other"])
        if decided > today:
            result, decided = "pending", None
        appeal_id += 1
        appeal_rows.append(
            appeals.row(
                {
                    "id": appeal_id,
                    "request_id": request_id,
                    "kind": "review" if review else "litigation",
                    "filed_on": filed,
                    "authority": "基准省人民政府" if review else "基准市中级人民法院",
                    "result": result,
                    "decided_on": decided,
                    "created_at": dt.datetime.combine(filed, dt.time(10), tzinfo=tz),
                }
            )
        )
        if review and decided is not None and rng.random() < 0.3:  # then to court: 复议后起诉
            sued = decided + dt.timedelta(days=rng.randint(3, 14))
            if sued <= today:
                appeal_id += 1
                later = sued + dt.timedelta(days=rng.randint(60, 200))
                appeal_rows.append(
                    appeals.row(
                        {
                            "id": appeal_id,
                            "request_id": request_id,
                            "kind": "litigation",
                            "filed_on": sued,
                            "authority": "基准市中级人民法院",
                            "result": "upheld" if later <= today else "pending",
                            "decided_on": later if later <= today else None,
                            "after_review_id": appeal_id - 1,
                            "created_at": dt.datetime.combine(sued, dt.time(10), tzinfo=tz),
                        }
                    )
                )
    with transaction.atomic():
        for start in range(0, len(request_rows), 10_000):
            requests.insert(request_rows[start : start + 10_000])
        appeals.insert(appeal_rows)
        fees.insert(fee_rows)
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [InfoRequest, Appeal, FeeNotice]):
                    cursor.execute(sql)
    requests_seconds = time.perf_counter() - t_requests
    t_analyze = time.perf_counter()
    refresh_statistics()
    size = None
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            size = pages * cursor.fetchone()[0]
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    return {
        "engine": connection.vendor,
        "bodies": len(bodies),
        "governments": len(governments),
        "items": Item.objects.count(),
        "flagged_items": flagged,
        "requests": InfoRequest.objects.count(),
        "appeals": Appeal.objects.count(),
        "fees_paid": FeeNotice.objects.count(),
        "items_seconds": round(items_seconds, 1),
        "requests_seconds": round(requests_seconds, 1),
        "analyze_seconds": round(time.perf_counter() - t_analyze, 1),
        "setup_seconds": round(time.perf_counter() - t0, 1),
        "database_bytes": size,
    }


# ---------------------------------------------------------------------------------------------
# Measuring (child process 2)
# ---------------------------------------------------------------------------------------------


def _explain(queryset) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    text = "\n".join(" ".join(str(c) for c in row) for row in rows)
    return re.sub(r"'\{[\d,]+\}'", "'{…ids…}'", text)  # PostgreSQL spells out the 1,000 ids


def measure(year: int, explain: bool, drop: bool, index_variant: str) -> dict:
    _setup()
    from django.db import connection
    from django.db.models import Count, Q

    from gongkai.disclosure.models import Item
    from gongkai.orgs.models import Kind, Organization
    from gongkai.reports import figures
    from gongkai.reports.national import check, empty_figures

    result: dict = {"engine": connection.vendor, "year": year, "load_before": os.getloadavg()}
    memory_before = _memory()

    # The migrated schema holds the covering partial index item_rules_by_org (disclosure.Item). For a
    # comparison, "none" drops it for the measurement and "lean" swaps in the lean variant.
    with_index = index_variant != "none"
    model_index = proposed_index("covering")
    swapped = index_variant != "covering"
    if swapped:
        start = time.perf_counter()
        with connection.schema_editor() as editor:
            editor.remove_index(Item, model_index)
            if with_index:
                editor.add_index(Item, proposed_index(index_variant))
        with connection.cursor() as cursor:
            # PostgreSQL: VACUUM sets the visibility map, as autovacuum would after the bulk load;
            # without it no index-only scan is possible.
            cursor.execute(
                f"{'ANALYZE' if connection.vendor == 'sqlite' else 'VACUUM (ANALYZE)'} {Item._meta.db_table}"
            )
        result["index_created_s"] = round(time.perf_counter() - start, 2)
    if drop:
        result["page_cache_dropped"] = _drop_caches()
    # (a) Every body's figures, from scratch.
    start = time.perf_counter()
    orgs = list(Organization.objects.values_list("pk", "path", "kind"))
    all_ids = [pk for pk, _, _ in orgs]
    computed = figures.compute(all_ids, year)
    compute_s = time.perf_counter() - start

    # (b) Each government's region summed (province, cities, counties), and the province total.
    start = time.perf_counter()
    paths = {pk: path for pk, path, _ in orgs}
    regions = {}
    for pk, path, kind in orgs:
        if kind == Kind.GOVERNMENT:
            regions[pk] = figures.aggregate(computed[o] for o, p in paths.items() if p.startswith(path))
    province = figures.aggregate(computed.values())
    aggregate_s = time.perf_counter() - start
    memory_after = _memory()
    total = compute_s + aggregate_s
    t3 = province["table3"]
    result["reports"] = {
        "bodies": len(all_ids),
        "regions": len(regions),
        "compute_s": round(compute_s, 2),
        "aggregate_s": round(aggregate_s, 2),
        "total_s": round(total, 2),
        "target_s": TARGET_SECONDS,
        "target_met": total < TARGET_SECONDS,
        "rss_before_mib": round(memory_before["VmRSS"], 1),
        "peak_rss_mib": round(memory_after["VmHWM"], 1),
        # SQLite maps up to 256 MB of the database file (PRAGMA mmap_size): those pages count in the
        # RSS but are the file's, shared and reclaimable; the process's own memory is RssAnon.
        "rss_anon_after_mib": round(memory_after["RssAnon"], 1),
        "rss_file_after_mib": round(memory_after["RssFile"], 1),
        "province": {
            "new": t3["new", "total"],
            "carried_in": t3["carried_in", "total"],
            "finished": t3["outcome_total", "total"],
            "carried_out": t3["carried_out", "total"],
            "normative": [province["table2"]["normative", c] for c in ("made", "abolished", "in_force")],
            "regulation": [province["table2"]["regulation", c] for c in ("made", "abolished", "in_force")],
            "appeals": province["table4"]["all", "review.total"]
            + province["table4"]["all", "direct.total"]
            + province["table4"]["all", "after_review.total"],
        },
    }
    # The check rules hold for every body (一 + 二 = 三（七）+ 四 and the totals), entered cells aside.
    result["reports"]["bodies_failing_checks"] = sum(
        1 for f in computed.values() if [e for e in check(f) if e.table != "表二"]
    )

    # Baselines, measured after the reports (and from a cold cache again when asked): the plainest
    # read of the items table (Django's count, answered from the smallest index), first call and warm.
    if drop:
        _drop_caches()
    start = time.perf_counter()
    count = Item.objects.count()
    first_count = time.perf_counter() - start
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        Item.objects.count()
        samples.append(time.perf_counter() - start)
    result["baseline_item_count"] = {
        "items": count,
        "first_s": round(first_count, 3),
        "median_s": round(statistics.median(samples), 3),
    }
    # A second baseline that has to read every row: the 规章/规范性文件 counted without an index.
    start = time.perf_counter()
    flagged_count = Item.objects.filter(Q(is_regulation=True) | Q(is_normative=True)).count()
    result["baseline_flagged_scan"] = {
        "items": flagged_count,
        "first_s": round(time.perf_counter() - start, 3),
    }

    result["reports"]["ratio_to_baseline_first"] = round(total / first_count, 1) if first_count else None
    result["reports"]["ratio_to_full_scan"] = round(total / result["baseline_flagged_scan"]["first_s"], 2)

    # One body's report, the busiest body (its report page computes only its own figures).
    if drop:
        _drop_caches()
    busiest = Item.objects.values("organization_id").annotate(n=Count("pk")).order_by("-n").first()
    if drop:
        _drop_caches()
    start = time.perf_counter()
    figures.compute([busiest["organization_id"]], year)
    result["one_body"] = {"items": busiest["n"], "first_s": round(time.perf_counter() - start, 3)}

    # Where the time goes: each table's queries once more, separately (now warm).
    parts = {}
    for name in ("_table2", "_table3", "_table4", "_fees"):
        holder = {pk: empty_figures() | {"extra": {("fees", figures.FEES_COLLECTED): 0}} for pk in all_ids}
        start = time.perf_counter()
        getattr(figures, name)(holder, all_ids, year)
        parts[name.strip("_")] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    figures.compute(all_ids, year)
    parts["compute_warm"] = round(time.perf_counter() - start, 3)
    result["parts_warm_s"] = parts
    if explain:
        flagged = (
            Item.objects.filter(organization_id__in=all_ids, published_at__isnull=False)
            .filter(Q(is_regulation=True) | Q(is_normative=True))
            .values("organization_id", "is_regulation")
            .annotate(n=Count("pk"))
        )
        result["explain_table2"] = _explain(flagged)
    if swapped:  # back to the migrated schema
        with connection.schema_editor() as editor:
            if with_index:
                editor.remove_index(Item, proposed_index(index_variant))
            editor.add_index(Item, model_index)
    result["with_index"] = index_variant if with_index else False
    result["load_after"] = os.getloadavg()
    return result


def proposed_index(variant: str = "covering"):
    """The partial index proposed for ``disclosure.Item`` (a model change; see docs/PERFORMANCE.md):
    only the ~2 % of items that are 规章 or 行政规范性文件, by body — what 表二 reads. ``covering``
    holds every column 表二 reads (SQLite then never touches the table); ``lean`` only the keys."""
    from django.db import models
    from django.db.models import Q

    fields = ["organization", "is_regulation", "date_formed"]
    if variant == "covering":
        fields += ["validity", "validity_changed_on", "published_at", "is_normative"]
    return models.Index(
        fields=fields, condition=Q(is_regulation=True) | Q(is_normative=True), name="item_rules_by_org"
    )


# ---------------------------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------------------------


def _child(phase: str, args: argparse.Namespace, env: dict) -> dict | None:
    command = [
        sys.executable,
        __file__,
        "--child",
        phase,
        "--scale",
        str(args.scale),
        "--seed",
        str(args.seed),
    ]
    command += ["--year", str(args.year)]
    if args.explain:
        command.append("--explain")
    if args.drop_caches and phase == "measure":
        command.append("--drop-caches")
    if phase == "measure":
        command += ["--index", args.index]
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    print(f"{phase}: failed (exit {proc.returncode})", flush=True)
    return None


def _drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("1\n")
    except OSError as exc:
        print(f"could not drop the page cache: {exc}", flush=True)
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 1,000 bodies, 1M items, 50k requests")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1, help="the report year")
    parser.add_argument("--explain", action="store_true", help="add the query plan of 表二's query")
    parser.add_argument("--drop-caches", action="store_true", help="empty the OS page cache before measuring")
    parser.add_argument("--measure-only", action="store_true", help="reuse the data of a kept earlier run")
    parser.add_argument(
        "--index",
        choices=["covering", "none", "lean"],
        default="covering",
        help="表二's partial index: as migrated (covering), dropped for the measurement (none), or the "
        "lean variant instead",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory and the database")
    parser.add_argument("--child", choices=["build", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        print("RESULT " + json.dumps(build(args.scale, args.seed, args.year)), flush=True)
        return
    if args.child == "measure":
        result = measure(args.year, args.explain, args.drop_caches, args.index)
        print("RESULT " + json.dumps(result), flush=True)
        return

    OUT.mkdir(exist_ok=True)
    name = f"bench_reports-{args.database}-{args.scale:g}"
    data_dir = OUT / name
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    if args.database == "postgres":
        env["DATABASE_URL"] = PG_SERVER + PG_DB
    if not args.measure_only:
        if data_dir.exists():
            shutil.rmtree(data_dir)
        (data_dir / "static").mkdir(parents=True)  # WhiteNoise warns about a missing static root
        if args.database == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
                conn.execute(f'CREATE DATABASE "{PG_DB}"')
    bodies, items, requests = _sizes(args.scale)
    print(
        f"== {args.database}: ~{bodies:,} bodies, {items:,} items, {requests:,} requests into {data_dir} "
        f"(load {os.getloadavg()})",
        flush=True,
    )
    built = {"reused": True} if args.measure_only else _child("build", args, env)
    measured = _child("measure", args, env) if built else None
    if built and measured:
        result = {
            "database": args.database,
            "scale": args.scale,
            "build": built,
            **measured,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
        }
        suffix = ("-cold" if result.get("page_cache_dropped") else "") + (
            f"-index-{args.index}" if args.index != "none" else ""
        )
        (OUT / f"{name}{suffix}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
        if "items" in built:
            print(
                f"build: {built['bodies']:,} bodies, {built['items']:,} items ({built['flagged_items']:,} 规章/规范性文件), "
                f"{built['requests']:,} requests, {built['appeals']:,} appeals in {built['setup_seconds']} s; "
                f"database {built['database_bytes'] / 2**30:.2f} GiB"
            )
        r, b = result["reports"], result["baseline_item_count"]
        print(
            f"all reports from scratch: compute {r['compute_s']} s + regional aggregation {r['aggregate_s']} s "
            f"({r['regions']} regions) = {r['total_s']} s (target < {TARGET_SECONDS:g} s: "
            f"{'met' if r['target_met'] else 'NOT met'}); peak RSS {r['peak_rss_mib']} MiB "
            f"(after: anonymous {r['rss_anon_after_mib']} MiB, file-backed {r['rss_file_after_mib']} MiB)"
        )
        scan = result["baseline_flagged_scan"]
        print(
            f"baseline Item.objects.count(): first {b['first_s']} s, median {b['median_s']} s; "
            f"ratio {r['ratio_to_baseline_first']}× the first count; counting the 规章/规范性文件 "
            f"({scan['items']:,}, {'from the index' if result['with_index'] else 'no index: every row read'}) "
            f"{scan['first_s']} s, "
            f"ratio {r['ratio_to_full_scan']}×"
        )
        print(
            f"one body's report (the busiest, {result['one_body']['items']:,} items): {result['one_body']['first_s']} s"
        )
        print(f"warm, per table: {result['parts_warm_s']}")
        print(f"province: {r['province']}; bodies failing a 表三/表四 check: {r['bodies_failing_checks']}")
        if "index_created_s" in result:
            print(f"index swapped in {result['index_created_s']} s (the migrated one restored afterwards)")
        if "explain_table2" in result:
            print("plan of 表二's query:\n" + result["explain_table2"])
        print(f"load average before {result['load_before']}, after {result['load_after']}")
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
        if args.database == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')


if __name__ == "__main__":
    main()
