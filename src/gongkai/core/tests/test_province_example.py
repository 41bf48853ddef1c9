"""The province example starts on one machine (issue 13 §5; deploy/province/README.md).

``deploy/province/run-local start`` starts, on loopback in a temporary directory, a staff host,
two portal hosts (``gongkai serve --role portal``), nginx, Redis and SeaweedFS, and runs one pass
of the file channel (export, the gateway's copy, import on each portal host). Here the staff side is
an empty installation (``GONGKAI_PROVINCE_ITEMS=0``): the demo would take a minute more and proves
nothing about the layout. Through nginx: the public site's home page is served by the portal hosts
(both, in turn), the staff site's sign-in page by the staff host, and ``/staff/`` on the public site
is a 404 answered by a portal host, which has no such route. ``run-local stop`` ends every process.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gongkai.core.tests.seaweedfs import without_faketime

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = ROOT / "deploy" / "province" / "run-local"
PORTS = 14  # the example's block of loopback ports (see the script)

pytestmark = pytest.mark.xdist_group("province-example")


def _port_block() -> int:
    """The first of PORTS consecutive loopback ports that are all free now."""
    for _ in range(50):
        base = random.randrange(20000, 40000)
        sockets = []
        try:
            for port in range(base, base + PORTS):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    pytest.fail("no block of free loopback ports")


@dataclass
class Example:
    dir: Path
    base: int
    env: dict[str, str]

    @property
    def public(self) -> str:
        return f"http://127.0.0.1:{self.base}"

    @property
    def staff_site(self) -> str:
        return f"http://127.0.0.1:{self.base + 1}"

    def run(self, *args: str, timeout: int = 600) -> str:
        log = self.dir.parent / f"run-local-{args[0]}.log"
        with log.open("wb") as out:  # a file, not a pipe: the processes it starts outlive it
            done = subprocess.run(
                [str(SCRIPT), *args, "--dir", str(self.dir)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        text = log.read_text()
        assert done.returncode == 0, text + self.logs_tail()
        return text

    def logs_tail(self) -> str:
        logs = self.dir / "logs"
        if not logs.exists():
            return ""
        return "".join(f"\n--- {p.name}\n{p.read_text()[-1500:]}" for p in sorted(logs.glob("*.log")))

    def requests_seen(self, host: str, line: str) -> int:
        """How many access-log lines of ``host`` (staff, portal-a, portal-b) contain ``line``."""
        return (self.dir / "logs" / f"{host}.log").read_text().count(line)

    def seen_by(self, hosts: tuple[str, ...], line: str, at_least: int) -> dict[str, int]:
        """The counts of ``line`` in the hosts' access logs once they add up to ``at_least``
        (gunicorn writes a request's line after its answer is sent), or after 10 s."""
        deadline = time.monotonic() + 10
        while True:
            counts = {h: self.requests_seen(h, line) for h in hosts}
            if sum(counts.values()) >= at_least or time.monotonic() > deadline:
                return counts
            time.sleep(0.1)


def _running_in_group(pgid: int) -> list[int]:
    """The processes of a process group that still run (zombies do not: whoever started them has
    exited, and a container's init may never reap them)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            running.append(int(stat.parent.name))
    return running


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - loopback
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Example]:
    if not SCRIPT.exists():
        pytest.skip("deploy/province/run-local is not in this installation (not a checkout)")
    missing = [tool for tool in ("/usr/sbin/nginx", "redis-server") if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            f"the province example needs {', '.join(missing)} (apt-get install nginx-light redis-server)"
        )
    root = tmp_path_factory.mktemp("province")
    base = _port_block()
    # SeaweedFS keeps the real clock, so the example's processes must too (scripts/test-ahead).
    env = without_faketime(
        {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
        }
    )
    env.update(GONGKAI_PROVINCE_PORT=str(base), GONGKAI_PROVINCE_ITEMS="0")
    started = Example(root / "example", base, env)
    try:
        out = started.run("start")
        assert "ready" in out
        yield started
    finally:
        if (started.dir / "pids").exists() and any((started.dir / "pids").iterdir()):
            started.run("stop", timeout=120)


def test_the_public_site_is_served_by_both_portal_hosts_in_turn(example):
    portals = ("portal-a", "portal-b")
    line = '"GET / HTTP/1.1" 200'
    before = {h: example.requests_seen(h, line) for h in portals}
    for _ in range(4):
        status, body = get(example.public + "/")
        assert status == 200 and "<html" in body
    after = example.seen_by(portals, line, sum(before.values()) + 4)
    assert sum(after.values()) - sum(before.values()) == 4
    assert all(after[h] > before[h] for h in portals), (before, after)  # nginx balances the two


def test_the_staff_site_reaches_the_staff_host(example):
    line = '"GET /staff/login/ HTTP/1.1" 200'
    before = example.requests_seen("staff", line)
    status, body = get(example.staff_site + "/staff/login/")
    assert status == 200 and 'name="password"' in body
    assert example.seen_by(("staff",), line, before + 1) == {"staff": before + 1}


def test_a_portal_host_has_no_staff_route(example):
    portals = ("portal-a", "portal-b")
    line = '"GET /staff/login/ HTTP/1.1" 404'
    before = sum(example.requests_seen(h, line) for h in portals)
    status, _body = get(example.public + "/staff/login/")
    assert status == 404
    # Answered by a portal host (its URL map has no /staff/), not by nginx or the staff host.
    assert sum(example.seen_by(portals, line, before + 1).values()) == before + 1
    assert get(f"http://127.0.0.1:{example.base + 3}/staff/login/")[0] == 404


def test_stop_ends_every_process(example):
    pids = {p.name: int(p.read_text()) for p in (example.dir / "pids").iterdir()}
    assert set(pids) == {"nginx", "portal-a", "portal-b", "staff", "seaweedfs", "redis"}
    example.run("stop", timeout=120)
    for name, pid in pids.items():
        assert not _running_in_group(pid), name  # nothing of its process group is left
        assert not (example.dir / "pids" / name).exists()
    with pytest.raises(OSError):
        urllib.request.urlopen(example.public + "/", timeout=5)  # noqa: S310 - loopback
