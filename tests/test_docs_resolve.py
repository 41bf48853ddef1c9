"""The repository reads standalone: every document the code, the tests and the docs cite is in it.

A reference to the specification is ``docs/SPEC.md §N`` (or ``§N.M``) and must name a section that
``docs/SPEC.md`` has; a cited path under ``docs/`` must exist; nothing points outside the repository
(a ``../shared`` directory, a bare ``SPEC §`` or a source document by its seed number, which only
``docs/SPEC.md`` itself defines).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCANNED = ("src", "tests", "docs", "benchmarks")
SUFFIXES = {".py", ".md", ".html", ".txt", ".css", ".js", ".toml", ".cfg", ".po"}
SKIPPED_DIRS = {"__pycache__", "node_modules", "vendor", ".venv"}
#: Where the seed numbers are defined.
SEED_DEFINITIONS = {REPO / "docs" / "SPEC.md", REPO / "docs" / "sources" / "README.md"}

SPEC_REF = re.compile(r"docs/SPEC\.md,? (§\s?\d+(?:\.\d+)*(?:(?:,\s*|\s+and\s+|\s*–\s*)§?\s?\d+(?:\.\d+)*)*)")
SECTION = re.compile(r"\d+(?:\.\d+)*")
#: A file under docs/ (with its extension) or a folder (with its slash), e.g. docs/sources/; not a
#: URL pattern (``docs/assets/<str:name>`` is a route of the API).
DOCS_PATH = re.compile(r"(?<![\w./-])docs/(?:(?:[\w-]+/)*[\w.-]+\.[A-Za-z]{2,4}\b|(?:[\w-]+/)+(?!<))")
OUTSIDE = re.compile(r"\.\./shared|shared/seeds|shared/calendar|(?<![\w/.])SPEC ?§|\bseed 00\d\b")


def _files() -> list[Path]:
    out = [REPO / "README.md"]
    for top in SCANNED:
        for path in (REPO / top).rglob("*"):
            if path.suffix in SUFFIXES and path.is_file() and not SKIPPED_DIRS & set(path.parts):
                out.append(path)
    return out


def _spec_sections() -> set[str]:
    headings = re.findall(
        r"^#{2,4} (\d+(?:\.\d+)*)\.? ", (REPO / "docs" / "SPEC.md").read_text("utf-8"), re.M
    )
    return set(headings)


@pytest.fixture(scope="module")
def texts() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8", errors="replace") for path in _files()}


def _where(path: Path, text: str, pos: int) -> str:
    return f"{path.relative_to(REPO)}:{text.count(chr(10), 0, pos) + 1}"


def test_spec_references_name_sections_that_exist(texts):
    sections = _spec_sections()
    assert {"1", "2.1", "4.3", "9"} <= sections
    missing = [
        f"{_where(path, text, m.start())}: §{number}"
        for path, text in texts.items()
        for m in SPEC_REF.finditer(text)
        for number in SECTION.findall(m.group(1))
        if number not in sections
    ]
    assert not missing, "docs/SPEC.md has no such section:\n" + "\n".join(missing)


def test_cited_docs_paths_exist(texts):
    missing = [
        f"{_where(path, text, m.start())}: {m.group()}"
        for path, text in texts.items()
        for m in DOCS_PATH.finditer(text)
        if not (REPO / m.group()).exists()
    ]
    assert not missing, "cited but not in the repository:\n" + "\n".join(missing)


def test_nothing_points_outside_the_repository(texts):
    here = Path(__file__).resolve()
    outside = [
        f"{_where(path, text, m.start())}: {m.group()}"
        for path, text in texts.items()
        if path not in SEED_DEFINITIONS and path != here
        for m in OUTSIDE.finditer(text)
    ]
    assert not outside, "references to documents outside the repository:\n" + "\n".join(outside)
