"""Requests benchmark: recomputing N open requests after a calendar change, and the staff dashboard.

Builds N open requests for information (default 100 000) across ~80 bodies of one city into a fresh
database, fast: the ``InfoRequest`` rows, their RECEIVED events and, for a realistic share of them,
correction, consultation (pause) and extension events, bulk-inserted, with the derived due dates
computed by the clock kernel. Dates of receipt are spread over the last two months, so some cases
are overdue, some due soon, some waiting for a correction or paused. Then, in a fresh process:

(a) a calendar change — one working day in the coming weeks becomes a day off (a CalendarOverride
    and ``calendar_changed()``) — followed by ``recompute_open_requests()``: total seconds,
    requests/s, and the peak memory of the process (VmHWM; ``--tracemalloc`` adds Python's own
    allocation peak, at a cost in speed);
(b) the staff dashboard, ``gongkai.foi.selectors.dashboard(user, today)``, 20 calls each (after one
    warm-up) for a supervisor of the whole region and for the handler of one body, and an HTTP GET
    of ``backoffice:request_dashboard`` through ``django.test.Client`` as the supervisor: median
    and p95, against a baseline measured in the same run (``InfoRequest.objects.filter(
    state__in=OPEN_STATES).count()``), as a ratio.

    .venv/bin/python benchmarks/bench_requests.py --requests 20000
    .venv/bin/python benchmarks/bench_requests.py --requests 100000 --database postgres

Data directories go to benchmarks/out/bench_requests-<database>-<N>/ and results to
benchmarks/out/bench_requests-<database>-<N>.json (gitignored). PostgreSQL uses
postgres://postgres@127.0.0.1:5432/gongkai_bench_requests, dropped and created for the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_DB = "gongkai_bench_requests"
BODIES = 80
SUPERVISOR = "bench-supervisor"
HANDLER = "bench-handler"


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
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


# ---------------------------------------------------------------------------------------------
# Building the data (child process 1)
# ---------------------------------------------------------------------------------------------


def _region():
    from gongkai.orgs.models import Kind, Level, Organization, Role, RoleName
    from gongkai.orgs.unitcodes import make_uscc

    serial = iter(range(1, 10_000))

    def body(name: str, parent, kind: str, level: str) -> Organization:
        n = next(serial)
        return Organization.objects.create(
            name=name,
            slug=f"bench-{n}",
            unit_code=make_uscc("1", "1", "341300", f"{n:08d}"),
            parent=parent,
            kind=kind,
            level=level,
            is_competent_authority=kind == Kind.GENERAL_OFFICE,
        )

    city = body("基准市人民政府", None, Kind.GOVERNMENT, Level.CITY)
    office = body("基准市人民政府办公室", city, Kind.GENERAL_OFFICE, Level.CITY)
    bodies = [city, office]
    departments = ["教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局",
                   "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
                   "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "发展和改革委员会",
                   "工业和信息化局", "司法局", "退役军人事务局", "林业局", "数据资源管理局", "信访局", "税务局"]  # fmt: skip
    for name in departments:
        bodies.append(body(f"基准市{name}", city, Kind.DEPARTMENT, Level.CITY))
    counties = ["东县", "西县", "南区", "北区"]
    for county_name in counties:
        county = body(f"基准市{county_name}人民政府", city, Kind.GOVERNMENT, Level.COUNTY)
        bodies.append(county)
        bodies.append(body(f"基准市{county_name}人民政府办公室", county, Kind.GENERAL_OFFICE, Level.COUNTY))
        for name in departments[: (BODIES - len(departments) - 2) // len(counties) - 2]:
            bodies.append(body(f"基准市{county_name}{name}", county, Kind.DEPARTMENT, Level.COUNTY))
    from gongkai.accounts.models import User

    supervisor = User.objects.create(username=SUPERVISOR, full_name="基准主管部门监督人员")
    handler = User.objects.create(username=HANDLER, full_name="基准教育局承办人")
    Role.objects.create(user=supervisor, organization=office, role=RoleName.SUPERVISOR)
    busiest = bodies[2]  # 基准市教育局: the body with most requests (weights below)
    Role.objects.create(user=handler, organization=busiest, role=RoleName.REQUEST_HANDLER)
    return bodies, busiest


def build(n: int, seed: int) -> dict:
    _setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.core.database import refresh_statistics
    from gongkai.disclosure.services.index_numbers import reserve_index_serials
    from gongkai.foi import clock as kernel
    from gongkai.foi.clock import EventKind
    from gongkai.foi.models import ClockEvent, Consultation, InfoRequest, RequestState
    from gongkai.foi.services.clock import apply_result
    from gongkai.workdays.calendar import get_calendar

    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(seed)
    bodies, _busiest = _region()
    # A few bodies receive most requests (Zipf-like); the busiest is the handler's body.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(bodies))]
    weights[0], weights[2] = weights[2], weights[0]
    calendar = get_calendar()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    counters: dict[tuple[int, int], int] = {}
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
    topics = ["义务教育招生划片范围", "征地补偿安置方案", "建设工程规划许可证", "财政预算执行情况", "环境影响评价批复",
              "最低生活保障标准", "交通事故认定书", "房屋征收决定", "政府采购合同", "行政处罚决定书"]  # fmt: skip
    t_build = time.perf_counter()
    stats = {
        "correction": 0,
        "corrected": 0,
        "paused": 0,
        "pause_ended": 0,
        "extended": 0,
        "kernel_fallback": 0,
    }
    chunk = 5000
    made = 0
    while made < n:
        size = min(chunk, n - made)
        requests: list[InfoRequest] = []
        plans: list[tuple[list[kernel.Event], dict | None]] = []
        for _ in range(size):
            org = rng.choices(bodies, weights)[0]
            received = today - dt.timedelta(days=rng.randint(0, 61))
            events = [kernel.Event(EventKind.RECEIVED, received, "收到申请（网上申请）")]
            consultation = None
            roll = rng.random()
            if roll < 0.10:  # a correction asked within 7 working days, made in half the cases
                asked = calendar.add_workdays(received, rng.randint(1, 7))
                if asked <= today:
                    until = calendar.add_workdays(asked, 15)
                    events.append(
                        kernel.Event(EventKind.CORRECTION_REQUESTED, asked, "告知补正", until=until)
                    )
                    corrected = calendar.add_workdays(asked, rng.randint(2, 10))
                    if rng.random() < 0.5 and corrected <= today:
                        events.append(
                            kernel.Event(EventKind.CORRECTION_RECEIVED, corrected, "收到补正后的申请")
                        )
            elif roll < 0.23:  # a consultation pauses the clock, answered in half the cases
                sent = calendar.add_workdays(received, rng.randint(2, 12))
                if sent <= today:
                    due = calendar.add_workdays(sent, 15)
                    events.append(
                        kernel.Event(
                            EventKind.PAUSE_STARTED, sent, "征求第三方意见：某公司", key="c", until=due
                        )
                    )
                    answered = calendar.add_workdays(sent, rng.randint(1, 15))
                    consultation = {"sent_on": sent, "answer_due": due, "answered_on": None, "answer": ""}
                    if rng.random() < 0.5 and answered <= today:
                        events.append(
                            kernel.Event(EventKind.PAUSE_ENDED, answered, "收到某公司意见：同意公开", key="c")
                        )
                        consultation.update(answered_on=answered, answer="agree")
            if rng.random() < 0.08:  # an extension approved on or before the due date
                try:
                    due = kernel.compute(events, calendar, today=today).due
                except kernel.ClockError:
                    due = None
                if due is not None:
                    on = min(due, today, calendar.add_workdays(received, rng.randint(10, 20)))
                    if on >= received:
                        events.append(
                            kernel.Event(
                                EventKind.EXTENDED, on, "延长答复期限", days=rng.choice([5, 10, 15, 20])
                            )
                        )
            try:
                result = kernel.compute(events, calendar, today=today, internal_lead=5)
            except kernel.ClockError:
                stats["kernel_fallback"] += 1
                events, consultation = events[:1], None
                result = kernel.compute(events, calendar, today=today, internal_lead=5)
            kinds = {e.kind for e in events}
            stats["correction"] += EventKind.CORRECTION_REQUESTED in kinds
            stats["corrected"] += EventKind.CORRECTION_RECEIVED in kinds
            stats["paused"] += EventKind.PAUSE_STARTED in kinds
            stats["pause_ended"] += EventKind.PAUSE_ENDED in kinds
            stats["extended"] += EventKind.EXTENDED in kinds
            if result.status is kernel.ClockStatus.AWAITING_CORRECTION:
                state = RequestState.CORRECTION
            else:
                state = RequestState.ASSIGNED if rng.random() < 0.6 else RequestState.REGISTERED
            key = (org.pk, received.year)
            counters[key] = counters.get(key, 0) + 1
            name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
            request = InfoRequest(
                organization=org,
                registration_number=f"YSQ-{org.unit_code[-6:]}-{received.year}-{counters[key]:05d}",
                lookup_code_hash=f"{rng.getrandbits(256):064x}",
                channel="online",
                submitted_at=dt.datetime.combine(received, dt.time(9), tzinfo=tz),
                received_on=received,
                applicant_type="person",
                applicant_name=name,
                id_type="resident_id",
                id_number=f"341302{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 9999):04d}",
                phone=f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
                description=f"申请公开{rng.choice(topics)}（{received.year}年）的相关文件",
                format="electronic",
                delivery="email",
                email="applicant@example.com",
                state=state,
                handling_unit=org if state == RequestState.ASSIGNED else None,
            )
            apply_result(request, result)
            requests.append(request)
            plans.append((events, consultation))
        with transaction.atomic():
            created = InfoRequest.objects.bulk_create(requests, batch_size=1000)
            consultations = {
                request.pk: Consultation(request=request, kind="third_party", party="某公司", **plan[1])
                for request, plan in zip(created, plans, strict=True)
                if plan[1] is not None
            }
            Consultation.objects.bulk_create(list(consultations.values()), batch_size=1000)
            ClockEvent.objects.bulk_create(
                [
                    ClockEvent(
                        request=request,
                        kind=e.kind.value,
                        on=e.on,
                        label=e.label,
                        days=e.days,
                        key=consultations[request.pk].clock_key if e.key else "",
                        until=e.until,
                    )
                    for request, (events, _) in zip(created, plans, strict=True)
                    for e in events
                ],
                batch_size=2000,
            )
        made += size
        print(f"  {made:,} / {n:,} requests", file=sys.stderr, flush=True)
    build_seconds = time.perf_counter() - t_build
    # The registration counters, as intake would have left them (new requests continue the series).
    reserve_index_serials({}, at_least={f"foi:{pk}:{year}": last for (pk, year), last in counters.items()})
    refresh_statistics()
    return {
        "engine": connection.vendor,
        "requests": InfoRequest.objects.count(),
        "events": ClockEvent.objects.count(),
        "bodies": len(bodies),
        "build_seconds": round(build_seconds, 1),
        "setup_seconds": round(time.perf_counter() - t0, 1),
        "shares": stats,
    }


# ---------------------------------------------------------------------------------------------
# Measuring (child process 2)
# ---------------------------------------------------------------------------------------------


def _timings(fn, repeat: int = 20) -> dict[str, float]:
    fn()  # warm-up: caches, query plans, imports
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, math.ceil(0.95 * len(samples)) - 1)], 2),  # nearest rank
        "min_ms": round(samples[0], 2),
    }


def measure(use_tracemalloc: bool) -> dict:
    _setup()
    from django.db import connection
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.foi.clock import EventKind
    from gongkai.foi.models import OPEN_STATES, ClockEvent, InfoRequest
    from gongkai.foi.services.clock import recompute_open_requests
    from gongkai.workdays.calendar import calendar_changed, get_calendar
    from gongkai.workdays.models import CalendarOverride

    result: dict = {"engine": connection.vendor, "load_before": os.getloadavg()}
    today = timezone.localdate()
    open_count = InfoRequest.objects.filter(state__in=OPEN_STATES).count()

    # (a) A working day in the coming weeks becomes a day off; every open case due after it moves.
    calendar = get_calendar()
    day = calendar.add_workdays(today, 7)
    CalendarOverride.objects.create(date=day, is_workday=False, note="基准测试：临时调休")
    calendar_changed()
    notes_before = ClockEvent.objects.filter(kind=EventKind.NOTE.value).count()
    memory_before = _memory()
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    start = time.perf_counter()
    summary = recompute_open_requests(reason="基准测试：日历调整")
    seconds = time.perf_counter() - start
    traced_peak = None
    if use_tracemalloc:
        import tracemalloc

        traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    memory_after = _memory()
    result["recompute"] = {
        "calendar_change": f"{day} 改为休息日",
        "open_requests": open_count,
        "checked": summary["checked"],
        "changed": summary["changed"],
        "notes_written": ClockEvent.objects.filter(kind=EventKind.NOTE.value).count() - notes_before,
        "seconds": round(seconds, 2),
        "requests_per_s": round(summary["checked"] / seconds) if seconds else None,
        "rss_before_mib": round(memory_before["VmRSS"], 1),
        "peak_rss_mib": round(memory_after["VmHWM"], 1),
        "peak_increase_mib": round(memory_after["VmHWM"] - memory_before["VmRSS"], 1),
        "tracemalloc_peak_mib": round(traced_peak, 1) if traced_peak is not None else None,
    }

    # (b) The dashboard, against a plain count in the same run.
    supervisor = User.objects.get(username=SUPERVISOR)
    handler = User.objects.get(username=HANDLER)
    baseline = _timings(lambda: InfoRequest.objects.filter(state__in=OPEN_STATES).count())
    result["baseline_open_count"] = baseline
    try:
        from gongkai.foi.selectors import dashboard
    except ImportError:
        dashboard = None
    if dashboard is None:
        result["dashboard"] = "gongkai.foi.selectors.dashboard does not exist (yet)"
    else:
        board = dashboard(supervisor, today)
        result["dashboard_supervisor"] = {
            **_timings(lambda: dashboard(supervisor, today)),
            "bodies": len(board.rows),
            "open": board.totals.open,
            "overdue": board.totals.overdue,
            "due_soon": board.totals.due_soon,
        }
        board = dashboard(handler, today)
        result["dashboard_handler"] = {
            **_timings(lambda: dashboard(handler, today)),
            "bodies": len(board.rows),
            "open": board.totals.open,
        }
        for key in ("dashboard_supervisor", "dashboard_handler"):
            result[key]["ratio_to_baseline"] = round(result[key]["median_ms"] / baseline["median_ms"], 1)
    try:
        from django.test import Client
        from django.urls import NoReverseMatch, reverse

        url = reverse("backoffice:request_dashboard")
    except NoReverseMatch:
        result["http"] = "route backoffice:request_dashboard does not exist (yet)"
    else:
        client = Client()
        client.force_login(supervisor)
        status = client.get(url).status_code
        if status != 200:
            result["http"] = f"GET {url} answered {status}"
        else:
            result["http_supervisor"] = {**_timings(lambda: client.get(url)), "url": url}
            result["http_supervisor"]["ratio_to_baseline"] = round(
                result["http_supervisor"]["median_ms"] / baseline["median_ms"], 1
            )
    result["load_after"] = os.getloadavg()
    result["today"] = str(today)
    return result


# ---------------------------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------------------------


def _child(phase: str, args: argparse.Namespace, env: dict) -> dict | None:
    command = [
        sys.executable,
        __file__,
        "--child",
        phase,
        "--requests",
        str(args.requests),
        "--seed",
        str(args.seed),
    ]
    if args.tracemalloc:
        command.append("--tracemalloc")
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    print(f"{phase}: failed (exit {proc.returncode})", flush=True)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--requests", type=int, default=100_000, help="open requests to build (default 100000)"
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    parser.add_argument("--keep", action="store_true", help="keep the data directory and the database")
    parser.add_argument("--child", choices=["build", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        print("RESULT " + json.dumps(build(args.requests, args.seed)), flush=True)
        return
    if args.child == "measure":
        print("RESULT " + json.dumps(measure(args.tracemalloc)), flush=True)
        return

    OUT.mkdir(exist_ok=True)
    name = f"bench_requests-{args.database}-{args.requests}"
    data_dir = OUT / name
    if data_dir.exists():
        shutil.rmtree(data_dir)
    (data_dir / "static").mkdir(parents=True)  # WhiteNoise warns about a missing static root
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    if args.database == "postgres":
        import psycopg

        with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
        env["DATABASE_URL"] = PG_SERVER + PG_DB
    print(
        f"== {args.database}: {args.requests:,} open requests into {data_dir} (load {os.getloadavg()})",
        flush=True,
    )
    built = _child("build", args, env)
    measured = _child("measure", args, env) if built else None
    if built and measured:
        result = {
            "database": args.database,
            "build": built,
            **measured,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
        }
        (OUT / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
        r = result["recompute"]
        print(
            f"build: {built['requests']:,} requests, {built['events']:,} events in {built['build_seconds']} s\n"
            f"recompute after a calendar change ({r['calendar_change']}): {r['checked']:,} checked, "
            f"{r['changed']:,} moved, {r['seconds']} s = {r['requests_per_s']:,} requests/s; "
            f"peak RSS {r['peak_rss_mib']} MiB (+{r['peak_increase_mib']} MiB)"
            + (f", tracemalloc peak {r['tracemalloc_peak_mib']} MiB" if r["tracemalloc_peak_mib"] else ""),
            flush=True,
        )
        b = result["baseline_open_count"]
        print(f"baseline count of open requests: median {b['median_ms']} ms, p95 {b['p95_ms']} ms")
        for key, label in (
            ("dashboard_supervisor", "dashboard(), supervisor of the region"),
            ("dashboard_handler", "dashboard(), handler of one body"),
            ("http_supervisor", "GET request_dashboard, supervisor"),
        ):
            if key in result:
                d = result[key]
                print(
                    f"{label}: median {d['median_ms']} ms, p95 {d['p95_ms']} ms, {d['ratio_to_baseline']}× baseline"
                )
        for key in ("dashboard", "http"):
            if key in result:
                print(f"{key}: {result[key]}")
        print(f"load average before {result['load_before']}, after {result['load_after']}")
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
        if args.database == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')


if __name__ == "__main__":
    main()
