"""Public participation benchmark (issue 11 "Performance"): the figures of 社会评议 and 互动 per body
and month for a whole region, and ratings sent by 32 clients at once.

Builds into a fresh database, fast (bulk inserts, no services): 1,000 bodies (a city government,
its office and departments, counties with their governments and departments, townships), five
published items each, 100,000 ratings over the last twelve months (six in ten of items, the rest of
the bodies' disclosure work; busy bodies rated more, each body with its own level of satisfaction)
and 50,000 messages of 互动 (咨询, 建议, 投诉; most answered, some late, some published, a few still
open past three months). Then, in the same process:

(a) ``ratings.figures.monthly_figures(year, month)`` and ``interaction.figures.monthly_figures(year,
    month)`` for every body of the region (their 1,000 ids), for the last full month: the first call
    and the median and maximum of ten more, each kind alone and both together — target < 2 s for
    both together; the totals of the region and the first bodies' figures are printed;
(b) 32 threads, each a ``django.test.Client`` through the whole stack (middleware, the Origin check,
    the rate limits in the shared counter store, the service), send 800 ratings at once: most from
    an address and a token of their own, some sent twice by the same thread (a double submit), some
    sent by two threads at the same moment with the same token, some rating a target already rated
    that day from the same address. Every accepted submission (200) must be stored exactly once,
    nothing refused may be stored, and no request may fail.

    .venv/bin/python benchmarks/bench_participation_figures.py            # SQLite, then PostgreSQL
                                                                          #   when DATABASE_URL is set
    .venv/bin/python benchmarks/bench_participation_figures.py --quick    # smoke run

PostgreSQL runs on the server of ``DATABASE_URL`` in a database of its own,
``gk_bench_participation`` (dropped and created for the run). Data go to
benchmarks/out/bench_participation-<db>/ and results to benchmarks/out/bench_participation-<db>.json
(gitignored).
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
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
PG_DB = "gk_bench_participation"
HOST = "127.0.0.1"

#: Target (issue 11), in milliseconds: both kinds of figures for the whole region.
TARGET_MS = 2000.0

FULL = {"bodies": 1000, "ratings": 100_000, "messages": 50_000, "threads": 32, "submissions": 800}
QUICK = {"bodies": 120, "ratings": 6000, "messages": 3000, "threads": 8, "submissions": 120}

DEPARTMENTS = [
    "发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "林业局", "数据资源管理局", "信访局", "城市管理局",
]  # fmt: skip
COUNTIES = ["埇桥区", "砀山县", "萧县", "灵璧县", "泗县", "濉溪县", "蒙城县", "怀远县", "五河县", "固镇县"]
SUBJECTS = [
    "咨询义务教育入学划片范围", "建议增设公交线路", "投诉小区噪音扰民", "咨询医保异地备案办理",
    "咨询公积金提取条件", "建议改善老旧小区路灯", "投诉占道经营", "咨询养老保险补缴政策",
]  # fmt: skip


def _setup() -> None:
    sys.path.insert(0, str(ROOT.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------
# The region
# ---------------------------------------------------------------------------------------------


def _bodies(n: int) -> list[Any]:
    """A city with its office and departments, counties with theirs, townships below: n bodies."""
    from gongkai.orgs.models import Kind, Level, Organization

    made: list[Organization] = []

    def new(
        name: str, parent: Organization | None, kind: str, level: str, authority: bool = False
    ) -> Organization:
        number = len(made) + 1
        org = Organization(
            name=name,
            slug=f"b{number}",
            unit_code=f"11340000B{number:08d}X"[:18],
            parent=parent,
            level=level,
            kind=kind,
            is_competent_authority=authority,
            position=number,
        )
        made.append(org)
        return org

    def save(orgs: list[Organization]) -> None:
        Organization.objects.bulk_create(orgs, batch_size=500)
        for org in orgs:
            parent_path = org.parent.path if org.parent is not None else "/"
            org.path = f"{parent_path}{org.pk}/"
        Organization.objects.bulk_update(orgs, ["path"], batch_size=500)

    city = new("宿州市人民政府", None, Kind.GOVERNMENT, Level.CITY)
    save([city])
    level1 = [new("宿州市人民政府办公室", city, Kind.GENERAL_OFFICE, Level.CITY, authority=True)]
    level1 += [new(f"宿州市{d}", city, Kind.DEPARTMENT, Level.CITY) for d in DEPARTMENTS]
    counties = [new(f"{c}人民政府", city, Kind.GOVERNMENT, Level.COUNTY) for c in COUNTIES]
    save(level1 + counties)
    below: list[Organization] = []
    for county in counties:
        place = county.name.removesuffix("人民政府")
        below.append(new(f"{place}人民政府办公室", county, Kind.GENERAL_OFFICE, Level.COUNTY))
        below += [new(f"{place}{d}", county, Kind.DEPARTMENT, Level.COUNTY) for d in DEPARTMENTS[:20]]
    towns: list[Organization] = []
    while len(made) < n:
        county = counties[len(towns) % len(counties)]
        place = county.name.removesuffix("人民政府")
        towns.append(new(f"{place}第{len(towns) + 1}镇人民政府", county, Kind.GOVERNMENT, Level.TOWNSHIP))
    save(below + towns)
    return list(Organization.objects.order_by("pk")[:n])


def _weights(n: int) -> list[float]:
    """Zipf-like activity: a few bodies are rated and written to far more than most."""
    return [1 / (rank + 1) ** 0.8 for rank in range(n)]


def build(scale: dict[str, int], seed: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.core.database import refresh_statistics
    from gongkai.disclosure.models import CatalogColumn, Item
    from gongkai.interaction.models import Message, MessageKind
    from gongkai.ratings.models import Grade, Rating, TargetKind, month_of

    rng = random.Random(seed)
    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    t_migrated = time.perf_counter()
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        bodies = _bodies(scale["bodies"])
        author = User.objects.create(username="bench-author", full_name="基准录入员")
        columns = CatalogColumn.objects.bulk_create(
            [CatalogColumn(organization=org, code="01", name="法定主动公开内容") for org in bodies],
            batch_size=500,
        )
        items = Item.objects.bulk_create(
            [
                Item(
                    organization=org,
                    column=column,
                    author=author,
                    title=f"{org.name}关于做好{today.year}年第{k + 1}批惠民政策落实工作的通知",
                    body="<p>各有关单位：现将有关事项通知如下。</p>",
                    date_formed=today - dt.timedelta(days=400),
                    state="published",
                    index_number=f"BENCH-{org.pk:05d}-{k + 1:02d}",
                    published_at=now - dt.timedelta(days=400),
                )
                for org, column in zip(bodies, columns, strict=True)
                for k in range(5)
            ],
            batch_size=1000,
        )
    t_bodies = time.perf_counter()

    weights = _weights(len(bodies))
    items_of: dict[int, list[int]] = {}
    for item in items:
        items_of.setdefault(item.organization_id, []).append(item.pk)
    mood = {org.pk: (rng.uniform(0.45, 0.8), rng.choice([0.03, 0.06, 0.1, 0.15, 0.3])) for org in bodies}
    first_day = today - dt.timedelta(days=365)
    with transaction.atomic():
        rows = []
        for n, org in enumerate(rng.choices(bodies, weights, k=scale["ratings"])):
            satisfied, unsatisfied = mood[org.pk]
            roll = rng.random()
            grade = (
                Grade.SATISFIED
                if roll < satisfied
                else Grade.UNSATISFIED
                if roll > 1 - unsatisfied
                else Grade.BASIC
            )
            moment = now - dt.timedelta(seconds=rng.randint(0, 365 * 86400))
            is_item = rng.random() < 0.6
            rows.append(
                Rating(
                    kind=TargetKind.ITEM if is_item else TargetKind.BODY,
                    organization_id=org.pk,
                    item_id=rng.choice(items_of[org.pk]) if is_item else None,
                    grade=grade,
                    comment="希望信息更新更及时" if rng.random() < 0.05 else "",
                    month=month_of(moment),
                    created_at=moment,
                    token=f"bench{n:012d}",
                )
            )
        Rating.objects.bulk_create(rows, batch_size=2000)
    t_ratings = time.perf_counter()

    kinds = list(MessageKind.objects.order_by("position"))
    with transaction.atomic():
        rows = []
        for n, org in enumerate(rng.choices(bodies, weights, k=scale["messages"])):
            kind = rng.choice(kinds)
            received = first_day + dt.timedelta(days=rng.randint(0, 364))
            due = received + dt.timedelta(days=round(kind.answer_workdays * 1.4))
            roll = rng.random()
            answered = None
            if roll < 0.9 and received < today:
                late = rng.random() < 0.12
                answered = min(
                    due + dt.timedelta(days=rng.randint(1, 20))
                    if late
                    else received + dt.timedelta(days=rng.randint(0, (due - received).days)),
                    today,
                )
            published = answered if answered and rng.random() < 0.5 else None
            state = (
                "published" if published else "answered" if answered else rng.choice(["received", "assigned"])
            )
            at = timezone.make_aware(dt.datetime.combine(received, dt.time(9)))
            rows.append(
                Message(
                    organization_id=org.pk,
                    kind=kind,
                    tracking_number=f"LY-{n:09d}",
                    code_hash=f"{n:064x}",
                    subject=rng.choice(SUBJECTS),
                    text="您好，我想咨询相关事项，请予答复。",
                    received_at=at,
                    received_on=received,
                    due_date=due,
                    state=state,
                    answer="您好，来信收悉，现答复如下。" if answered else "",
                    answered_on=answered,
                    answered_at=timezone.make_aware(dt.datetime.combine(answered, dt.time(15)))
                    if answered
                    else None,
                    published_on=published,
                    published_at=timezone.make_aware(dt.datetime.combine(published, dt.time(16)))
                    if published
                    else None,
                )
            )
        Message.objects.bulk_create(rows, batch_size=2000)
    t_messages = time.perf_counter()
    refresh_statistics()
    return {
        "bodies": len(bodies),
        "items": len(items),
        "ratings": Rating.objects.count(),
        "messages": Message.objects.count(),
        "migrate_seconds": round(t_migrated - t0, 1),
        "bodies_seconds": round(t_bodies - t_migrated, 1),
        "ratings_seconds": round(t_ratings - t_bodies, 1),
        "messages_seconds": round(t_messages - t_ratings, 1),
    }


# ---------------------------------------------------------------------------------------------
# (a) the figures
# ---------------------------------------------------------------------------------------------


def _timed(fn: Any, repeat: int = 10) -> dict[str, float]:
    t = time.perf_counter()
    fn()
    first = (time.perf_counter() - t) * 1000
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return {
        "first_ms": round(first, 1),
        "median_ms": round(statistics.median(samples), 1),
        "max_ms": round(max(samples), 1),
    }


def measure_figures() -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from gongkai.interaction import figures as message_figures
    from gongkai.orgs.models import Organization
    from gongkai.ratings import figures as rating_figures

    today = timezone.localdate()
    last = today.replace(day=1) - dt.timedelta(days=1)
    year, month = last.year, last.month
    ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    connection.close()  # a fresh connection: nothing of the build is in its caches

    def ratings() -> Any:
        return rating_figures.monthly_figures(year, month, ids)

    def messages() -> Any:
        return message_figures.monthly_figures(year, month, ids)

    def both() -> Any:
        return ratings(), messages()

    result: dict[str, Any] = {"month": f"{year}-{month:02d}", "bodies": len(ids)}
    result["ratings"] = _timed(ratings)
    result["messages"] = _timed(messages)
    result["both"] = _timed(both)
    r, m = both()
    grades = Counter[str]()
    for f in r.values():
        for kind, counts in (("body", f.body), ("item", f.items)):
            grades[f"{kind}_satisfied"] += counts.satisfied
            grades[f"{kind}_basic"] += counts.basic
            grades[f"{kind}_unsatisfied"] += counts.unsatisfied
    total = sum(f.total for f in r.values())
    ok = sum(f.all.satisfied + f.all.basic for f in r.values())
    result["region_ratings"] = {
        **grades,
        "total": total,
        "satisfaction_rate": round(ok / total, 4) if total else None,
    }
    result["region_messages"] = {
        name: sum(getattr(f, name) for f in m.values())
        for name in (
            "received",
            "answered",
            "answered_within_limit",
            "overdue_open",
            "unanswered_over_3_months",
            "published",
        )
    }
    names = dict(Organization.objects.filter(pk__in=ids[:5]).values_list("pk", "name"))
    result["first_bodies"] = [
        {
            "body": names[pk],
            "ratings": r[pk].total,
            "satisfaction": r[pk].all.percent,
            "received": m[pk].received,
            "answered": m[pk].answered,
            "overdue_open": m[pk].overdue_open,
        }
        for pk in ids[:5]
    ]
    return result


# ---------------------------------------------------------------------------------------------
# (b) 32 clients at once
# ---------------------------------------------------------------------------------------------


def measure_concurrency(threads: int, submissions: int, seed: int) -> dict[str, Any]:
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    from gongkai.disclosure.models import Item
    from gongkai.orgs.models import Organization
    from gongkai.ratings.models import Rating

    rng = random.Random(seed + 1)
    slugs = list(Organization.objects.order_by("pk").values_list("slug", flat=True)[:60])
    item_ids = list(Item.objects.public().order_by("pk").values_list("pk", flat=True)[:60])
    targets = [reverse("portal:rate_body", args=[s]) for s in slugs] + [
        reverse("portal:rate_item", args=[pk]) for pk in item_ids
    ]
    per_thread = submissions // threads
    # The plan, fixed before the start: (address, target, token, how often this thread sends it).
    plans: list[list[tuple[str, str, str, int]]] = [[] for _ in range(threads)]
    for t in range(threads):
        for i in range(per_thread):
            address = f"10.{t}.{i // 200}.{i % 200 + 1}"
            token = f"conc-{t:02d}-{i:04d}-{rng.getrandbits(32):08x}"
            target = rng.choice(targets)
            plans[t].append((address, target, token, 2 if i % 5 == 4 else 1))  # a double submit
            if i % 7 == 6:  # the same visitor rates the same target again, with a new form
                plans[t].append((address, target, token + "-again", 1))
    for t in range(threads // 2):  # two threads send the very same form at the same moment
        partner = t + threads // 2
        for i in range(0, per_thread, 6):
            plans[partner][i] = plans[t][i]
    answers: list[tuple[str, int]] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def run(t: int, plan: list[tuple[str, str, str, int]]) -> None:
        client = Client(HTTP_HOST=HOST)
        pick = random.Random(seed + 100 + t)
        mine: list[tuple[str, int]] = []
        try:
            barrier.wait()
            for address, target, token, times in plan:
                for _ in range(times):
                    try:
                        response = client.post(
                            target,
                            {"grade": pick.choice(["satisfied", "basic", "unsatisfied"]), "token": token},
                            HTTP_ORIGIN=f"http://{HOST}",
                            REMOTE_ADDR=address,
                        )
                        mine.append((token, response.status_code))
                        if response.status_code >= 500:
                            errors.append(f"{response.status_code} {target}")
                    except Exception as exc:
                        errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()
            with lock:
                answers.extend(mine)

    before = Rating.objects.count()
    t0 = time.perf_counter()
    workers = [threading.Thread(target=run, args=(t, plans[t])) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    seconds = time.perf_counter() - t0
    statuses = Counter(status for _, status in answers)
    accepted = {token for token, status in answers if status == 200}
    refused = {token for token, status in answers if status != 200} - accepted
    stored = Counter(Rating.objects.filter(token__startswith="conc-").values_list("token", flat=True))
    return {
        "threads": threads,
        "requests": len(answers),
        "seconds": round(seconds, 2),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "accepted_tokens": len(accepted),
        "stored_rows": sum(stored.values()),
        "new_rows": Rating.objects.count() - before,
        "stored_twice": sum(1 for n in stored.values() if n > 1),
        "accepted_not_stored": len(accepted - set(stored)),
        "refused_but_stored": len(refused & set(stored)),
        "errors": len(errors),
        "error_samples": errors[:5],
        "ok": not errors
        and set(stored) == accepted
        and all(n == 1 for n in stored.values())
        and Rating.objects.count() - before == len(accepted),
    }


# ---------------------------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------------------------


def child(scale: dict[str, int], seed: int) -> dict[str, Any]:
    import logging

    _setup()
    # Each refusal (409, 429) of the concurrent run would be logged as a warning: counted instead.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from gongkai.ratings import figures  # noqa: F401 - fail early when an app is missing

    built = build(scale, seed)
    return {
        "build": built,
        "figures": measure_figures(),
        "concurrency": measure_concurrency(scale["threads"], scale["submissions"], seed),
    }


def _print(db: str, result: dict[str, Any]) -> None:
    b, f, c = result["build"], result["figures"], result["concurrency"]
    print(
        f"\n== {db}: {b['bodies']} bodies, {b['items']} items, {b['ratings']:,} ratings, {b['messages']:,} messages"
    )
    print(
        f"   build: migrate {b['migrate_seconds']} s, bodies {b['bodies_seconds']} s, ratings {b['ratings_seconds']} s,"
        f" messages {b['messages_seconds']} s"
    )
    print(f"(a) per-body monthly figures of {f['month']} for all {f['bodies']} bodies:")
    for key, label in (("ratings", "社会评议"), ("messages", "互动"), ("both", "both together")):
        t = f[key]
        print(
            f"    {label:<14} first {t['first_ms']:8.1f} ms   median {t['median_ms']:8.1f} ms   max {t['max_ms']:8.1f} ms"
        )
    verdict = "within" if f["both"]["first_ms"] < TARGET_MS and f["both"]["max_ms"] < TARGET_MS else "OVER"
    print(f"    target both < {TARGET_MS:.0f} ms: {verdict}")
    print(f"    region ratings:  {json.dumps(f['region_ratings'], ensure_ascii=False)}")
    print(f"    region messages: {json.dumps(f['region_messages'], ensure_ascii=False)}")
    for row in f["first_bodies"]:
        print(f"    {json.dumps(row, ensure_ascii=False)}")
    print(
        f"(b) {c['threads']} threads, {c['requests']} requests in {c['seconds']} s: statuses {c['statuses']};"
        f" accepted tokens {c['accepted_tokens']}, stored rows {c['stored_rows']} (new {c['new_rows']}),"
        f" stored twice {c['stored_twice']}, accepted not stored {c['accepted_not_stored']},"
        f" refused but stored {c['refused_but_stored']}, errors {c['errors']} -> {'OK' if c['ok'] else 'FAILED'}"
    )
    for sample in c["error_samples"]:
        print(f"    {sample}")


def _run(
    db: str, database_url: str, args: argparse.Namespace, scale: dict[str, int]
) -> dict[str, Any] | None:
    data_dir = OUT / f"bench_participation-{db}"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    (data_dir / "static").mkdir(parents=True)
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir), "GONGKAI_ALLOWED_HOSTS": HOST}
    env.pop("DATABASE_URL", None)
    if database_url:
        import psycopg

        with psycopg.connect(_with_db(database_url, "postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
        env["DATABASE_URL"] = _with_db(database_url, PG_DB)
    print(f"== {db}: {scale} (load {os.getloadavg()})", flush=True)
    command = [
        sys.executable,
        __file__,
        "--child",
        "--seed",
        str(args.seed),
        *(f"--{k}={v}" for k, v in scale.items()),
    ]
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
    if result is None:
        print(proc.stdout[-3000:])
        print(f"{db}: failed (exit {proc.returncode})", flush=True)
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
        if database_url:
            import psycopg

            with psycopg.connect(_with_db(database_url, "postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
    return result


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a small region, for a smoke run")
    for key, value in FULL.items():
        parser.add_argument(
            f"--{key}", type=int, default=None, help=f"default {value:,} (--quick: {QUICK[key]:,})"
        )
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="one database only")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the data directory and the database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    base = QUICK if args.quick else FULL
    scale = {k: getattr(args, k) if getattr(args, k) is not None else base[k] for k in FULL}
    if args.child:
        print("RESULT " + json.dumps(child(scale, args.seed), ensure_ascii=False), flush=True)
        return
    OUT.mkdir(exist_ok=True)
    runs = []
    if args.only != "postgres":
        runs.append(("sqlite", ""))
    database_url = os.environ.get("DATABASE_URL", "")
    if args.only != "sqlite" and database_url.startswith("postgres"):
        runs.append(("postgres", database_url))
    elif args.only == "postgres":
        sys.exit("--only postgres needs DATABASE_URL (postgres://…) for the server to use")
    failed = False
    for db, url in runs:
        result = _run(db, url, args, scale)
        if result is None:
            failed = True
            continue
        result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
        result["command"] = " ".join([Path(sys.executable).name, *sys.argv])
        (OUT / f"bench_participation-{db}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
        _print(db, result)
        failed = failed or not result["concurrency"]["ok"]
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
