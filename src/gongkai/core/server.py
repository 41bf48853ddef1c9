"""Running the web server: gunicorn with several workers (the embedded default runs the same)."""

from __future__ import annotations

import atexit
import multiprocessing
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication


class _App(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from gongkai.wsgi import application

        return application


def run_server(*, host: str, port: int, workers: int = 0, threads: int = 4, rounds: bool = True) -> None:
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    _ = settings.STATIC_ROOT
    # The search index writer: drains the outbox that web processes could not apply at once.
    worker = subprocess.Popen([sys.executable, "-m", "gongkai", "search", "process", "--forever"])
    atexit.register(worker.terminate)
    # The scheduled round (core.rounds: request deadlines, report reminders, notices), every hour;
    # not on a portal host (GONGKAI_ROLE=portal), which holds no case to keep.
    if rounds:
        round_process = subprocess.Popen([sys.executable, "-m", "gongkai", "round", "--every", "3600"])
        atexit.register(round_process.terminate)
    _App(
        {
            "bind": f"{host}:{port}",
            "workers": workers or multiprocessing.cpu_count() + 1,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "timeout": 60,
            "preload_app": True,
        }
    ).run()
