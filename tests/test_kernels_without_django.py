"""The pure kernels are tested without Django (issue 9 §3): ``pytest -p no:django`` collects only
the kernel tests (src/gongkai/conftest.py, ``KERNEL_TESTS``), imports no Django on the way, and
passes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from gongkai.conftest import KERNEL_TESTS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "gongkai"


#: Kernels whose tests still live in a module that also tests Django code around them.
TESTED_WITH_DJANGO = {
    "gongkai.foi.fees": "foi/tests/test_fees.py (with the fee notice service)",
    "gongkai.foi.punctuation": "foi/tests/test_letter_punctuation.py (with every letter composed)",
    "gongkai.reports.national": "reports/tests/test_figures.py and test_layout.py (with the figures)",
    "gongkai.secrecy.textmask": "secrecy/tests/test_redaction.py (with the file maskers)",
    "gongkai.search.textgen": "search/tests (with the benchmark corpus)",
}


def test_every_kernel_of_the_contract_has_its_tests_listed() -> None:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    kernels = next(c for c in contracts if c["name"] == "The pure kernels import no Django")["source_modules"]
    sources = {path: (PACKAGE / path).read_text(encoding="utf-8") for path in KERNEL_TESTS}
    for module in kernels:
        if module in TESTED_WITH_DJANGO:
            continue
        package, name = module.rsplit(".", 1)
        assert any(module in text or f"from {package} import {name}" in text for text in sources.values()), (
            f"{module}: add its test file to KERNEL_TESTS"
        )


def test_pytest_without_django_runs_the_kernel_tests() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:django", "-p", "no:xdist", "-q", "-W", "ignore"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    passed = int(re.search(r"(\d+) passed", result.stdout).group(1))  # type: ignore[union-attr]
    assert passed >= 500 and " failed" not in result.stdout and "error" not in result.stdout.lower()
