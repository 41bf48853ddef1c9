"""The audit labels of 民主评议 (the assessment part "surveys")."""

from gongkai.core.registry import register_audit_labels


def register() -> None:
    from gongkai.assessment.services.surveys import AUDIT_LABELS

    register_audit_labels(AUDIT_LABELS)
