"""The assessment indicators (docs/SPEC.md §7), per body and period, computed from the records.

Each provider module (``base.py`` says what one gives) covers one part of the work. ``compute``
gathers every provider's figures for many bodies at once; ``records`` answers the drill-down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

from gongkai.assessment.indicators import columns, participation, publishing, reporting, requests, surveys
from gongkai.assessment.indicators.base import Definition, Figure, Period, Record, Records

__all__ = [
    "PROVIDERS",
    "Definition",
    "Figure",
    "Period",
    "Record",
    "Records",
    "compute",
    "definitions",
    "records",
]

PROVIDERS: tuple[ModuleType, ...] = (columns, publishing, requests, participation, reporting, surveys)


def definitions() -> dict[str, Definition]:
    return {d.code: d for provider in PROVIDERS for d in provider.DEFINITIONS}


def _provider_of(code: str) -> ModuleType:
    for provider in PROVIDERS:
        if any(d.code == code for d in provider.DEFINITIONS):
            return provider
    raise KeyError(code)


def compute(
    period: Period, org_ids: Iterable[int], codes: Sequence[str] | None = None
) -> dict[int, dict[str, Figure]]:
    """Every indicator (or those in ``codes``) of every body in ``org_ids`` for ``period``."""
    ids = sorted(set(org_ids))
    out: dict[int, dict[str, Figure]] = {org_id: {} for org_id in ids}
    for provider in PROVIDERS:
        if codes is not None and not any(d.code in codes for d in provider.DEFINITIONS):
            continue
        for org_id, figures in provider.compute(period, ids).items():
            out.setdefault(org_id, {}).update(figures)
    return out


def records(code: str, org_id: int, period: Period, limit: int = 200, *, viewer: Any = None) -> Records:
    """The records behind one body's figure; with ``viewer``, linked only to the pages they may open
    (the provider's ``links``, where its links depend on who reads them)."""
    provider = _provider_of(code)
    found: Records = provider.records(code, org_id, period, limit)
    links = getattr(provider, "links", None)
    if viewer is not None and links is not None:
        found = links(viewer, code, org_id, found)
    return found
