"""Supervision benchmark (issue 12 "Performance"): a province's indicators, dashboard and round.

Builds into a fresh database, fast (bulk inserts, no services), the province of the issue:
1,000 bodies (``bench_participation_figures``' region: a city, its office — the competent
authority —, departments, counties with their governments and departments, townships), 20 columns
each of the usual update classes, **1,000,000 published items** over the year measured (busy bodies
publish far more; most within a few working days of formation, some over the 20 of 第二十六条, some
without their 主题词 or 发文字号), **100,000 requests** (most answered, some late, some still open
past their deadline), **50,000 messages** of 互动 and **100,000 ratings** (``bench_participation_figures``
builds those two). Then, in the same process:

(a) every indicator of every body for the year, from scratch (a fresh connection, nothing cached):
    ``assessment.indicators.compute(Period.year(Y), all ids)`` — target < 10 s; each provider timed
    alone as well;
(b) the competent authority's dashboard through the whole stack (``django.test.Client``, signed in
    as a supervisor of the authority): the first request, then 30 more, p95 — target < 300 ms;
(c) a round of the 1,000 bodies under the shipped standard scheme, opened and pre-filled from the
    indicators, then its scores and rankings recomputed (``assessment.services.rounds``'s
    recomputation of every body's scores, grades and ranks) — target < 5 s.

    .venv/bin/python benchmarks/bench_assessment.py             # SQLite, then PostgreSQL when
                                                                #   DATABASE_URL is set
    .venv/bin/python benchmarks/bench_assessment.py --quick     # smoke run (250 bodies, 60k items)
    .venv/bin/python benchmarks/bench_assessment.py --phase build    # build now, measure later
    .venv/bin/python benchmarks/bench_assessment.py --phase measure  #   on a quiet machine

PostgreSQL runs on the server of ``DATABASE_URL`` in a database of its own, ``gk_bench_assessment``
(dropped and created for the run). Data go to benchmarks/out/bench_assessment-<db>/ and results to
benchmarks/out/bench_assessment-<db>.json (gitignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
PG_DB = "gk_bench_assessment"

#: Targets (issue 12), in milliseconds.
TARGET_INDICATORS_MS = 10_000.0
TARGET_DASHBOARD_P95_MS = 300.0
TARGET_ROUND_MS = 5_000.0

FULL = {"bodies": 1000, "items": 1_000_000, "requests": 100_000, "ratings": 100_000, "messages": 50_000}
QUICK = {"bodies": 250, "items": 60_000, "requests": 6_000, "ratings": 6_000, "messages": 3_000}

#: A body's columns: (name, update class). The classes are those of the catalog (docs/SPEC.md §7).
COLUMNS = [
    ("机构职能", "static"), ("领导信息", "yearly"), ("工作动态", "news"), ("通知公告", "notices"),
    ("政策文件", "notices"), ("政策解读", "notices"), ("规划计划", "yearly"),
    ("人事信息", "yearly"), ("财政资金", "yearly"), ("重点领域", "notices"), ("建议提案办理", "yearly"),
    ("统计信息", "notices"), ("行政执法", "notices"), ("政府采购", "notices"),
    ("应急管理", "notices"), ("公共服务", "notices"), ("民生实事", "news"), ("会议信息", "news"),
    ("历史专题", "historical"), ("其他信息", "static"),
]  # fmt: skip
TOPICS = [
    "促进就业",
    "优化营商环境",
    "城乡环境整治",
    "防汛抗旱",
    "义务教育",
    "养老服务",
    "农村人居环境",
    "安全生产",
]


def _setup() -> None:
    sys.path.insert(0, str(ROOT.parent / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------
# The province
# ---------------------------------------------------------------------------------------------


def build(scale: dict[str, int], year: int, seed: int) -> dict[str, Any]:
    """The region, ratings and messages (``bench_participation_figures.build``), then columns,
    items and requests for ``year``."""
    import bench_participation_figures as participation
    from django.db import transaction
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.core.database import refresh_statistics
    from gongkai.disclosure.models import CatalogColumn, Item
    from gongkai.foi.legal import ApplicantType, Channel, Delivery, Format, IdType, Outcome
    from gongkai.foi.models import InfoRequest, RequestState
    from gongkai.orgs.models import Organization
    from gongkai.workdays.calendar import get_calendar

    rng = random.Random(seed)
    t0 = time.perf_counter()
    base = participation.build(
        {"bodies": scale["bodies"], "ratings": scale["ratings"], "messages": scale["messages"]}, seed
    )
    t_base = time.perf_counter()
    bodies = list(Organization.objects.order_by("pk"))
    author = User.objects.get(username="bench-author")
    calendar = get_calendar()
    start = dt.date(year, 1, 1)
    class_field = "update_class" if hasattr(CatalogColumn, "update_class") else None

    with transaction.atomic():
        rows = []
        for org in bodies:
            for k, (name, update_class) in enumerate(COLUMNS, start=2):
                column = CatalogColumn(organization=org, code=f"{k:02d}", name=name, position=k)
                if class_field:
                    setattr(column, class_field, update_class)
                rows.append(column)
        CatalogColumn.objects.bulk_create(rows, batch_size=2000)
        # The catalog has been there since before the year measured (a column counts from its creation).
        since = timezone.make_aware(dt.datetime(year - 1, 1, 4, 9))
        CatalogColumn.objects.update(created_at=since)
    columns_of: dict[int, list[int]] = {}
    for column_id, org_id, name in CatalogColumn.objects.values_list("pk", "organization_id", "name"):
        if name not in ("历史专题",):
            columns_of.setdefault(org_id, []).append(column_id)
    t_columns = time.perf_counter()

    weights = participation._weights(len(bodies))
    _insert_items(scale["items"], year, bodies, weights, columns_of, author, rng)
    t_items = time.perf_counter()

    made, batch = 0, 20_000
    while made < scale["requests"]:
        rows = []
        for org in rng.choices(bodies, weights, k=min(batch, scale["requests"] - made)):
            made += 1
            received = start + dt.timedelta(days=rng.randint(0, 350))
            due = calendar.add_workdays(received, 20)
            roll = rng.random()
            answered: dt.date | None = None
            if roll < 0.92:
                if rng.random() < 0.06:
                    answered = due + dt.timedelta(days=rng.randint(1, 30))
                else:
                    answered = calendar.add_workdays(received, rng.randint(1, 20))
            state = RequestState.ANSWERED if answered else RequestState.ASSIGNED
            rows.append(
                InfoRequest(
                    organization_id=org.pk,
                    registration_number=f"BA-{made:09d}",
                    lookup_code_hash=f"{made:064x}",
                    channel=Channel.ONLINE,
                    submitted_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
                    received_on=received,
                    applicant_type=ApplicantType.PERSON,
                    applicant_name="张三",
                    id_type=IdType.RESIDENT_ID,
                    id_number="340102199001011234",
                    phone="13800000000",
                    description="申请公开有关项目的审批文件",
                    format=Format.ELECTRONIC,
                    delivery=Delivery.POST,
                    state=state,
                    outcome=Outcome.GRANTED if answered else "",
                    answered_on=answered,
                    due_date=due,
                )
            )
        with transaction.atomic():
            InfoRequest.objects.bulk_create(rows, batch_size=2000)
    t_requests = time.perf_counter()
    refresh_statistics()
    return {
        **base,
        "items": Item.objects.count(),
        "columns": CatalogColumn.objects.count(),
        "requests": InfoRequest.objects.count(),
        "participation_seconds": round(t_base - t0, 1),
        "columns_seconds": round(t_columns - t_base, 1),
        "items_seconds": round(t_items - t_columns, 1),
        "requests_seconds": round(t_requests - t_items, 1),
    }


def _insert_items(
    n: int,
    year: int,
    bodies: list[Any],
    weights: list[float],
    columns_of: dict[int, list[int]],
    author: Any,
    rng: Any,
) -> None:
    """``n`` published items, generated inside the database by one ``INSERT … SELECT`` over a
    recursive sequence (a million rows through the ORM would take the better part of an hour on a
    busy machine). Row ``x`` picks its body from a table of 10,000 slots shared out by the bodies'
    weights (busy bodies publish far more), one of the body's first 14 columns (the others stay
    empty), and its formation and publication dates — with the working days between them, counted
    on the platform's calendar in Python beforehand — from a table of 2,000 draws (3 % later than
    the 20 working days of 第二十六条), each by a multiplicative hash of ``x``. Some items lack their
    主题词 or 发文字号."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.disclosure.models import Item
    from gongkai.workdays.calendar import get_calendar

    calendar = get_calendar()
    start = dt.date(year, 1, 1)
    slots: list[tuple[int, int]] = []
    total = sum(weights)
    for org, weight in zip(bodies, weights, strict=True):
        for _ in range(max(1, round(weight / total * 10_000))):
            slots.append((len(slots), org.pk))
    draws = []
    for k in range(2000):
        formed = start + dt.timedelta(days=rng.randint(0, 340))
        late = rng.random() < 0.03
        gap = rng.randint(29, 60) if late else rng.choice([0, 0, 1, 1, 2, 3, 5, 8, 12])
        published = min(formed + dt.timedelta(days=gap), dt.date(year, 12, 31))
        at = timezone.make_aware(dt.datetime.combine(published, dt.time(10)))
        draws.append(
            (
                k,
                connection.ops.adapt_datefield_value(formed),
                connection.ops.adapt_datetimefield_value(at),
                calendar.workdays_between(formed, published),
            )
        )
    cols = [
        (org_id, k, column_id) for org_id, ids in columns_of.items() for k, column_id in enumerate(ids[:14])
    ]
    topics = " ".join(f"WHEN {k} THEN '{t}'" for k, t in enumerate(TOPICS))
    now = timezone.now()
    varying = {
        "organization_id": "p.org_id",
        "column_id": "c.column_id",
        "index_number": "'BA-' || seq.x",
        "title": f"'关于做好' || (CASE seq.x % {len(TOPICS)} {topics} END) || '工作的通知（' || seq.x || '）'",
        "document_number": f"CASE WHEN seq.x % 25 = 0 THEN '' ELSE '宿政〔{year}〕' || (seq.x % 900 + 1) || '号' END",
        "keywords": f"CASE WHEN seq.x % 12 = 0 THEN '' ELSE (CASE seq.x % {len(TOPICS)} {topics} END) END",
        "date_formed": "w.formed",
        "published_at": "w.published_at",
        "workdays_to_publish": "w.workdays",
    }
    constants = {
        "state": "published",
        "author_id": author.pk,
        "created_at": connection.ops.adapt_datetimefield_value(now),
        "updated_at": connection.ops.adapt_datetimefield_value(now),
        "body": "<p>各有关单位：现将有关事项通知如下。</p>",
        "body_text": "各有关单位：现将有关事项通知如下。",
        "channels": Item._meta.get_field("channels").get_db_prep_save([], connection),
    }
    columns, exprs, params = [], [], []
    for field in Item._meta.concrete_fields:
        if field.primary_key or field.generated:  # the database writes Item.metadata_gaps
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in varying:
            exprs.append(varying[field.column])
            continue
        if field.column in constants:
            value = constants[field.column]
        elif field.has_default():
            value = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            value = None
        else:
            value = ""
        exprs.append("%s")
        params.append(value)
    with connection.cursor() as cursor:
        for table in ("bench_pick", "bench_cols", "bench_when"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute("CREATE TABLE bench_pick (slot integer PRIMARY KEY, org_id bigint)")
        cursor.execute(
            "CREATE TABLE bench_cols (org_id bigint, k integer, column_id bigint, PRIMARY KEY (org_id, k))"
        )
        cursor.execute(
            "CREATE TABLE bench_when (k integer PRIMARY KEY, formed date, published_at timestamp with time zone,"
            " workdays integer)"
        )
        cursor.executemany("INSERT INTO bench_pick VALUES (%s, %s)", slots)
        cursor.executemany("INSERT INTO bench_cols VALUES (%s, %s, %s)", cols)
        cursor.executemany("INSERT INTO bench_when VALUES (%s, %s, %s, %s)", draws)
        size = 100_000
        for first in range(1, n + 1, size):
            last = min(n, first + size - 1)
            sql = (
                f"INSERT INTO disclosure_item ({', '.join(columns)}) "
                f"WITH RECURSIVE seq(x) AS (SELECT CAST({first} AS bigint) UNION ALL SELECT x + 1 FROM seq WHERE x < {last}) "
                f"SELECT {', '.join(exprs)} FROM seq "
                f"JOIN bench_pick p ON p.slot = (seq.x * 2654435761) % {len(slots)} "
                f"JOIN bench_when w ON w.k = (seq.x * 7919) % {len(draws)} "
                "JOIN bench_cols c ON c.org_id = p.org_id AND c.k = (seq.x * 40503) % 14"
            )
            with transaction.atomic():
                cursor.execute(sql.replace("%", "%%").replace("%%s", "%s"), params)
            print(f"  items: {last:,}", flush=True)
        for table in ("bench_pick", "bench_cols", "bench_when"):
            cursor.execute(f"DROP TABLE {table}")


# ---------------------------------------------------------------------------------------------
# The measurements
# ---------------------------------------------------------------------------------------------


def _ms(t: float) -> float:
    return round((time.perf_counter() - t) * 1000, 1)


def measure_indicators(year: int, repeat: int) -> dict[str, Any]:
    from django.db import connection

    from gongkai.assessment import indicators
    from gongkai.assessment.indicators import Period
    from gongkai.orgs.models import Organization

    ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    period = Period.year(year)
    connection.close()  # a fresh connection: nothing of the build is in its caches
    result: dict[str, Any] = {"bodies": len(ids), "year": year}
    t = time.perf_counter()
    figures = indicators.compute(period, ids)
    result["first_ms"] = _ms(t)
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        indicators.compute(period, ids)
        samples.append(_ms(t))
    result["median_ms"] = round(statistics.median(samples), 1) if samples else None
    result["providers_ms"] = {}
    for provider in indicators.PROVIDERS:
        t = time.perf_counter()
        provider.compute(period, ids)
        result["providers_ms"][provider.__name__.rsplit(".", 1)[-1]] = _ms(t)
    codes = sorted({code for per_body in figures.values() for code in per_body})
    result["indicators"] = len(codes)
    region: dict[str, float] = {}
    for per_body in figures.values():
        for code, figure in per_body.items():
            if figure.value is not None and indicators.definitions()[code].unit in ("count", "flag"):
                region[code] = region.get(code, 0) + float(figure.value)
    result["region_counts"] = {k: int(v) for k, v in sorted(region.items())}
    return result


def _supervisor() -> Any:
    from gongkai.accounts.models import User
    from gongkai.orgs.models import Organization, Role, RoleName

    authority = Organization.objects.filter(is_competent_authority=True).order_by("pk").first()
    assert authority is not None
    user, _ = User.objects.get_or_create(username="bench-supervisor", defaults={"full_name": "基准监督员"})
    Role.objects.get_or_create(user=user, organization=authority, role=RoleName.SUPERVISOR)
    return user, authority


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure_dashboard(year: int, requests: int) -> dict[str, Any]:
    """The region's dashboard as a supervisor reads it: (1) the first view with nothing cached; (2)
    the hourly round job computing the region's figures afresh (``dashboards.refresh_region``) and
    drawing every indicator's page from them, timed together (``hooks.dashboards.prepare_region``, what a deployment
    with a shared cache runs); then (3) one view per indicator — a supervisor switching indicators —
    and (4) ``requests`` views of one page. The target is on the p95 of (3) and (4) together. (5),
    apart: one view per indicator with a body chosen to compare (对照机构), which the job does not
    draw in advance (a thousand bodies × 30 indicators), so each builds its trend and ranking."""
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from gongkai.assessment import dashboards, indicators
    from gongkai.assessment.hooks.dashboards import prepare_region

    user, _authority = _supervisor()
    client = Client()
    client.force_login(user)
    base = reverse("backoffice:assessment_dashboards")
    url = f"{base}?year={year}"
    cache.clear()
    client.force_login(user)
    t = time.perf_counter()
    response = client.get(url)
    first = _ms(t)
    if response.status_code != 200:
        raise SystemExit(f"dashboard answered {response.status_code}")
    cache.clear()
    client.force_login(user)
    ids = list(dashboards.dashboard_orgs(user).values_list("pk", flat=True))
    t = time.perf_counter()
    prepare_region(user, year, ids)
    job = _ms(t)
    codes = list(indicators.definitions())

    def views(urls: list[str]) -> list[float]:
        times = []
        for view in urls:
            t = time.perf_counter()
            response = client.get(view)
            times.append(_ms(t))
            assert response.status_code == 200, view
        return times

    switching = views([f"{url}&code={code}" for code in codes])
    repeated = views([url] * requests)
    compared = views([f"{url}&code={code}&org={ids[len(ids) // 2]}" for code in codes])
    both = switching + repeated
    return {
        "url": url,
        "first_ms": first,
        "job_ms": job,
        "switch_median_ms": round(statistics.median(switching), 1),
        "switch_p95_ms": _p95(switching),
        "repeat_median_ms": round(statistics.median(repeated), 1),
        "repeat_p95_ms": _p95(repeated),
        "median_ms": round(statistics.median(both), 1),
        "p95_ms": _p95(both),
        "max_ms": max(both),
        "compare_median_ms": round(statistics.median(compared), 1),
        "compare_p95_ms": _p95(compared),
    }


def measure_round(year: int) -> dict[str, Any]:
    """A round of every body of the region under a copy of the shipped standard scheme: created and
    opened through the services (opening pre-fills every 自查报告 from the indicators); then every
    body's scores, grades and ranks recomputed as finalizing does; then the round, marked closed,
    recomputed under a corrected version of its scheme (one action, ``recompute_round``)."""
    from django.db.models import F

    from gongkai.assessment import policy, shipped
    from gongkai.assessment.models import CriterionScore, Round, RoundState, Scheme
    from gongkai.assessment.schemes import spec_of
    from gongkai.assessment.services import recompute as recompute_services
    from gongkai.assessment.services import rounds as round_services
    from gongkai.assessment.services import schemes as scheme_services

    user, authority = _supervisor()
    template = Scheme.objects.filter(authority=None, code=shipped.STANDARD).order_by("-version").first()
    scheme = scheme_services.copy_template(actor=user, template=template, authority=authority)
    scheme_services.publish_scheme(actor=user, scheme=scheme)
    ids = list(policy.assessable_bodies(user, authority).values_list("pk", flat=True))
    fields = {
        "title": f"{year}年度政务公开工作考核",
        "period_start": dt.date(year, 1, 1),
        "period_end": dt.date(year, 12, 31),
        "scheme": scheme,
        "self_assessment_due": dt.date(year + 1, 1, 20),
        "objection_days": 5,
        "bodies": ids,
    }
    t = time.perf_counter()
    rnd = round_services.create_round(actor=user, authority=authority, fields=fields)
    created = _ms(t)
    t = time.perf_counter()
    round_services.open_round(actor=user, round=rnd)
    opened = _ms(t)

    t = time.perf_counter()
    bodies = list(rnd.bodies.select_related("organization", "round__scheme"))
    spec = spec_of(rnd.scheme)
    round_services.recompute_all(bodies, spec)  # as finalize_round does
    round_services.compute_results(bodies, spec)
    rescored = _ms(t)

    CriterionScore.objects.filter(round_body__round=rnd).update(final_points=F("computed_points"))
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.FINAL)
    rnd.refresh_from_db()
    corrected = scheme_services.new_version(actor=user, scheme=scheme)
    scheme_services.publish_scheme(actor=user, scheme=corrected)
    t = time.perf_counter()
    recompute_services.recompute_round(actor=user, round=rnd, scheme=corrected, reason="更正后的考核方案")
    recomputed = _ms(t)
    return {
        "bodies": len(bodies),
        "create_ms": created,
        "open_and_prefill_ms": opened,
        "rescore_ms": rescored,
        "recompute_under_new_version_ms": recomputed,
    }


# ---------------------------------------------------------------------------------------------
# Running one database in a child process
# ---------------------------------------------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    _setup()
    from django.db import connection

    scale = QUICK if args.quick else FULL
    year = args.year
    built = Path(os.environ["GONGKAI_DATA_DIR"]) / "build.json"
    result: dict[str, Any] = {"engine": connection.vendor, "scale": scale}
    if args.phase in ("all", "build"):
        t = time.perf_counter()
        result["build"] = build(scale, year, args.seed)
        result["build"]["seconds"] = round(time.perf_counter() - t, 1)
        built.write_text(json.dumps(result["build"]))
        print(f"[{connection.vendor}] built in {result['build']['seconds']} s: {result['build']}", flush=True)
        if args.phase == "build":
            return
    result["build"] = json.loads(built.read_text())
    result["indicators"] = measure_indicators(year, repeat=2)
    print(f"[{connection.vendor}] indicators: {result['indicators']}", flush=True)
    result["dashboard"] = measure_dashboard(year, requests=30)
    print(f"[{connection.vendor}] dashboard: {result['dashboard']}", flush=True)
    result["round"] = measure_round(year)
    print(f"[{connection.vendor}] round: {result['round']}", flush=True)
    Path(args.result).write_text(json.dumps(result, ensure_ascii=False, indent=2))


def _pg_url(base: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{PG_DB}"))


def _run(engine: str, args: argparse.Namespace) -> dict[str, Any] | None:
    data = OUT / f"bench_assessment-{engine}{'-quick' if args.quick else ''}"
    if args.phase in ("all", "build"):
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
    elif not (data / "build.json").exists():
        raise SystemExit(f"{data} holds no built province: run with --phase build first")
    env = dict(os.environ, GONGKAI_DATA_DIR=str(data), GONGKAI_2FA="off", GONGKAI_ALLOWED_HOSTS="testserver")
    env.pop("DATABASE_URL", None)
    if engine == "postgresql" and args.phase in ("all", "build"):
        base = os.environ["DATABASE_URL"]
        admin = urlunsplit(urlsplit(base)._replace(path="/postgres"))
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
    if engine == "postgresql":
        env["DATABASE_URL"] = _pg_url(os.environ["DATABASE_URL"])
    result_path = OUT / f"bench_assessment-{engine}.json"
    cmd = [sys.executable, __file__, "--child", "--result", str(result_path), "--year", str(args.year)]
    cmd += ["--seed", str(args.seed), "--phase", args.phase] + (["--quick"] if args.quick else [])
    code = subprocess.call(cmd, env=env)
    if code != 0:
        print(f"{engine}: the run failed ({code})")
        return None
    if args.phase == "build":
        return {}
    return json.loads(result_path.read_text())


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return "—"
    return "within target" if value < target else "OVER TARGET"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--year", type=int, default=dt.date.today().year - 1, help="the year measured")
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument(
        "--phase",
        choices=["all", "build", "measure"],
        default="all",
        help="build the province only, measure an existing one, or both (default)",
    )
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    OUT.mkdir(exist_ok=True)
    engines = [e for e in args.engines.split(",") if e]
    if "postgresql" in engines and not os.environ.get("DATABASE_URL"):
        print("postgresql: skipped (DATABASE_URL is not set)")
        engines.remove("postgresql")
    print(f"machine: {platform.platform()}, {os.cpu_count()} cpus, load {os.getloadavg()}")
    for engine in engines:
        result = _run(engine, args)
        if result is None or args.phase == "build":
            continue
        ind, dash, rnd = result["indicators"], result["dashboard"], result["round"]
        print(f"\n== {engine}: {result['build']['bodies']:,} bodies, {result['build']['items']:,} items, "
              f"{result['build']['requests']:,} requests, {result['build']['messages']:,} messages, "
              f"{result['build']['ratings']:,} ratings")  # fmt: skip
        print(f"(a) every indicator ({ind['indicators']}) of every body for {ind['year']}: first "
              f"{ind['first_ms']:,} ms, then {ind['median_ms']:,} ms — target < {TARGET_INDICATORS_MS:,.0f} ms: "
              f"{_verdict(ind['first_ms'], TARGET_INDICATORS_MS)}; per provider {ind['providers_ms']}")  # fmt: skip
        print(f"(b) dashboard: first view, nothing cached {dash['first_ms']:,} ms; the hourly job (the figures "
              f"afresh, every indicator's page drawn) {dash['job_ms']:,} ms; then one view per indicator median {dash['switch_median_ms']} ms, p95 "
              f"{dash['switch_p95_ms']} ms; the same page again median {dash['repeat_median_ms']} ms, p95 "
              f"{dash['repeat_p95_ms']} ms; all views p95 {dash['p95_ms']} ms "
              f"— target p95 < {TARGET_DASHBOARD_P95_MS:.0f} ms: {_verdict(dash['p95_ms'], TARGET_DASHBOARD_P95_MS)}; "
              f"with a body chosen to compare (not drawn in advance) median {dash['compare_median_ms']} ms, "
              f"p95 {dash['compare_p95_ms']} ms")  # fmt: skip
        print(f"(c) round of {rnd['bodies']} bodies: created in {rnd['create_ms']:,} ms, opened and pre-filled in "
              f"{rnd['open_and_prefill_ms']:,} ms; scores and rankings recomputed in {rnd['rescore_ms']:,} ms — "
              f"target < {TARGET_ROUND_MS:,.0f} ms: {_verdict(rnd['rescore_ms'], TARGET_ROUND_MS)}; recomputed "
              f"under a corrected version in {rnd['recompute_under_new_version_ms']:,} ms — "
              f"{_verdict(rnd['recompute_under_new_version_ms'], TARGET_ROUND_MS)}")  # fmt: skip


if __name__ == "__main__":
    main()
