"""Portal throughput: Gongkai's pages against nginx serving the same pages as static files.

Runs, in one go and on loopback only, with wrk at 32 connections for a fixed duration each:

* uncached   — `gongkai serve` with the page cache off; item pages are random items
               (a different item on almost every request), plus the column listing and home;
* cached     — `gongkai serve` with its page cache (local memory per worker), the same page again;
* published  — nginx in front with deploy/nginx.conf: published pages served as files, the rest
               proxied to Gongkai (the deployment this project recommends);
* static     — nginx serving the very same pages saved as plain files: the ceiling.

Usage (a data dir built by `gongkai demo --items N --no-serve`):

    GONGKAI_DATA_DIR=var-1m .venv/bin/python benchmarks/bench_portal.py --duration 15

Prints requests/s and p99 latency per page and mode, and the published/static ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GONGKAI = ROOT / ".venv" / "bin" / "gongkai"


def wait_for(url: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                r.read()
                return
        except Exception:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=180) as r:
        return r.read()


def sample_urls(data_dir: str, n_random: int) -> dict[str, object]:
    """Pick the pages from the database (in a child process with Django set up)."""
    code = f"""
import json, os, random
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
import django; django.setup()
from django.db.models import Count
from gongkai.disclosure.models import Item, CatalogColumn
pub = Item.objects.public()
last = pub.order_by("-pk").values_list("pk", flat=True).first() or 0
random.seed(7)
ids = set()
while len(ids) < {n_random} and last:
    batch = [random.randint(1, last) for _ in range(2000)]
    ids.update(pub.filter(pk__in=batch).values_list("pk", flat=True))
ids = sorted(ids)[:{n_random}]
item = pub.order_by("-published_at").values_list("pk", flat=True).first()
col = (CatalogColumn.objects.filter(is_hidden=False).annotate(n=Count("items"))
       .order_by("-n").select_related("organization").first())
print(json.dumps({{"item": f"/items/{{item}}/", "listing": f"/{{col.organization.slug}}/catalog/{{col.code}}/",
                  "home": "/", "random_items": [f"/items/{{i}}/" for i in ids]}}))
"""
    env = {**os.environ, "GONGKAI_DATA_DIR": data_dir}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_app(data_dir: str, port: int, env_extra: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GONGKAI_DATA_DIR": data_dir, **env_extra}
    proc = subprocess.Popen(
        [str(GONGKAI), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{port}/")
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def start_nginx(conf: str, workdir: Path) -> subprocess.Popen[bytes]:
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    path = workdir / "nginx.conf"
    path.write_text(conf)
    proc = subprocess.Popen(
        ["/usr/sbin/nginx", "-p", str(workdir), "-c", str(path), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(1)
    return proc


NGINX_HEAD = """
user root;
worker_processes auto;
error_log logs/error.log warn;
pid logs/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  {body}
}}
"""


def static_conf(root: Path, port: int) -> str:
    body = (
        f"server {{ listen 127.0.0.1:{port}; root {root}; location / {{ try_files $uri/index.html =404; }} }}"
    )
    return NGINX_HEAD.format(body=body)


def published_conf(site: Path, port: int, app_port: int) -> str:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    conf = conf.replace("listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};")
    conf = conf.replace("server_name gongkai.example.gov.cn;", "server_name 127.0.0.1;")
    conf = conf.replace("root /srv/gongkai/var/site;", f"root {site};")
    conf = conf.replace("/srv/gongkai/var/static/", f"{site.parent / 'static'}/")
    return NGINX_HEAD.format(body=conf)


def wrk(url: str, duration: int, connections: int, paths: list[str] | None = None) -> dict[str, float]:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    script = None
    if paths:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script.write("paths = {" + ",".join(f'"{p}"' for p in paths) + "}\n")
        script.write("request = function() return wrk.format(nil, paths[math.random(#paths)]) end\n")
        script.close()
        args[1:1] = ["-s", script.name]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50_ms, p99_ms = _percentile_ms(out, "50"), _percentile_ms(out, "99")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50_ms": p50_ms, "p99_ms": p99_ms, "errors": int(non2xx.group(1)) if non2xx else 0}


def _percentile_ms(out: str, percent: str) -> float:
    """A latency percentile of wrk's --latency table, in milliseconds."""
    found = re.search(rf"{percent}%\s+([\d.]+)(us|ms|s)", out)
    assert found is not None, out
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: cores + 1)")
    parser.add_argument("--random-items", type=int, default=3000)
    args = parser.parse_args()
    data_dir = os.environ.get("GONGKAI_DATA_DIR", "./var")
    for tool in ("wrk", "/usr/sbin/nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed: apt-get install wrk nginx-light")

    urls = sample_urls(data_dir, args.random_items)
    pages = {"item": urls["item"], "listing": urls["listing"], "home": urls["home"]}
    results: dict[str, dict[str, dict[str, float]]] = {}
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    d, c = args.duration, args.connections

    app_port, nginx_port, static_port = 8101, 8102, 8103
    # Uncached: no page cache, no published files.
    app = start_app(data_dir, app_port, {"GONGKAI_PAGE_CACHE_SECONDS": "0"}, args.workers)
    try:
        base = f"http://127.0.0.1:{app_port}"
        results["uncached"] = {
            "item (random)": wrk(base + "/", d, c, urls["random_items"]),  # type: ignore[arg-type]
            "listing": wrk(base + str(pages["listing"]), d, c),
            "home": wrk(base + str(pages["home"]), d, c),
        }
        time.sleep(10)  # let the requests wrk left queued drain
        # The static ceiling: the same pages, saved as plain files.
        static_root = work / "static"
        for _name, path in pages.items():
            target = static_root / str(path).strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(fetch(base + str(path)))
    finally:
        stop(app)

    app = start_app(data_dir, app_port, {"GONGKAI_PUBLISH_PAGES": "1"}, args.workers)
    nginx_pub = start_nginx(
        published_conf(Path(data_dir).resolve() / "site", nginx_port, app_port), work / "pub"
    )
    nginx_static = start_nginx(static_conf(static_root, static_port), work / "stat")
    try:
        base = f"http://127.0.0.1:{app_port}"
        for path in pages.values():
            for _ in range(8):  # warm every worker's local cache
                fetch(base + str(path))
        results["cached (Gongkai page cache)"] = {n: wrk(base + str(p), d, c) for n, p in pages.items()}
        pub = f"http://127.0.0.1:{nginx_port}"
        for path in pages.values():
            fetch(pub + str(path))
        results["published (nginx + files)"] = {n: wrk(pub + str(p), d, c) for n, p in pages.items()}
        stat = f"http://127.0.0.1:{static_port}"
        results["static ceiling (nginx)"] = {n: wrk(stat + str(p), d, c) for n, p in pages.items()}
    finally:
        for proc in (nginx_pub, nginx_static):
            stop(proc)
        stop(app)
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nPortal throughput, wrk -c{c} -d{d}s, loadavg {os.getloadavg()[0]:.1f}; pages: {pages}")
    print(f"{'mode':32} {'page':16} {'req/s':>10} {'p99 ms':>9} {'errors':>7}")
    for mode, rows in results.items():
        for page, r in rows.items():
            print(f"{mode:32} {page:16} {r['rps']:>10.0f} {r['p99_ms']:>9.1f} {r['errors']:>7}")
    print()
    for page in pages:
        pub_rps = results["published (nginx + files)"][page]["rps"]
        cache_rps = results["cached (Gongkai page cache)"][page]["rps"]
        static_rps = results["static ceiling (nginx)"][page]["rps"]
        print(
            f"{page:10} published/static = {pub_rps / static_rps:.0%}   app-cached/static = {cache_rps / static_rps:.0%}"
        )
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "portal.json").write_text(
        json.dumps({"pages": pages, "results": results}, ensure_ascii=False, indent=1)
    )


if __name__ == "__main__":
    main()
