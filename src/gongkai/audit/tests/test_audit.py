"""The audit log is append-only (docs/SPEC.md §9)."""

from __future__ import annotations

import pytest

from gongkai.audit.log import record
from gongkai.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_events_cannot_be_changed_or_deleted(region):
    event = record(actor=region.editor, action="test.done", target=region.dept, reason="测试")
    assert event.organization == region.dept
    event.reason = "改写"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
