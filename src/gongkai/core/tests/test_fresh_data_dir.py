"""``gongkai setup`` on a fresh data directory with the secret key given in the environment (as a
deployment's env file does, deploy/province/env): the directory is created, the database set up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the embedded default (SQLite) only")
def test_setup_creates_the_data_directory_when_the_key_is_given(tmp_path: Path) -> None:
    data = tmp_path / "not" / "there" / "yet"
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data), "GONGKAI_SECRET_KEY": "given-by-the-deployment"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "gongkai", "setup"], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (data / "gongkai.sqlite3").is_file()
    assert not (data / "secret_key").exists()  # the key given is not written down
