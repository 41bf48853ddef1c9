"""The audit labels of the scheme part: the scheme services' actions and recomputing a round."""

from __future__ import annotations

from gongkai.core.registry import register_audit_labels


def register() -> None:
    from gongkai.assessment.services.recompute import AUDIT_LABELS as RECOMPUTE
    from gongkai.assessment.services.schemes import AUDIT_LABELS

    register_audit_labels({**AUDIT_LABELS, **RECOMPUTE})
