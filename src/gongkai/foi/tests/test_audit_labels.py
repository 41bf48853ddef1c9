"""Every audit action disclosure on request records has a label for the history, registered from
``FoiConfig.ready()`` (``core.registry``)."""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.core import registry
from gongkai.foi.audit_labels import LABELS

FOI = Path(__file__).resolve().parents[1]
RECORDED = re.compile(r'action="([a-z_]+\.[a-z_.]+)"')


def recorded_actions() -> set[str]:
    found: set[str] = set()
    for path in FOI.rglob("*.py"):
        if "tests" in path.relative_to(FOI).parts:
            continue
        found |= set(RECORDED.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_recorded_action_is_labelled() -> None:
    recorded = recorded_actions()
    assert {"request.registered", "request.answered", "letter.delivered"} <= recorded
    assert recorded - set(LABELS) == set()


def test_the_labels_are_registered() -> None:
    for action, label in LABELS.items():
        assert registry.audit_label(action) == label
    assert registry.audit_label("request.assigned") == "分办"
