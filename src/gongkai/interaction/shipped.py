"""The kinds of message shipped with Gongkai, loaded by a data migration (``0002_shipped_kinds``).

Answer periods in working days (docs/SPEC.md §3: "configurable, e.g. 5 working days for a simple
question"); an installation changes them on the 留言类别 screen, and a later data load never
overwrites what it changed (rows are only created when missing).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

#: (code, name, answer period in working days, position). The names are translated where shown.
KINDS: tuple[tuple[str, str, int, int], ...] = (
    ("consult", gettext_noop("咨询"), 5, 10),
    ("suggest", gettext_noop("建议"), 10, 20),
    ("complaint", gettext_noop("投诉"), 15, 30),
)


def sync_shipped_kinds(apps: Any = None) -> None:
    """Create the shipped kinds that are missing (``apps``: a migration's app registry, or None)."""
    kind_model: Any
    if apps is None:
        from gongkai.interaction.models import MessageKind

        kind_model = MessageKind
    else:
        kind_model = apps.get_model("interaction", "MessageKind")
    for code, name, workdays, position in KINDS:
        kind_model.objects.get_or_create(
            code=code, defaults={"name": name, "answer_workdays": workdays, "position": position}
        )
