"""The item history shows each audit action by the label active disclosure registered for it
(``disclosure.audit_labels``, read through ``core.registry.audit_label``)."""

from __future__ import annotations

from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import login
from gongkai.core import registry
from gongkai.disclosure.audit_labels import LABELS


def test_the_registry_holds_the_disclosure_labels():
    for action, label in LABELS.items():
        assert registry.audit_label(action) == label
    assert registry.audit_label("filing.acknowledged") == "主管部门确认备案"


def test_every_action_of_an_item_history_has_a_label(client, region, make_item):
    item = make_item()
    actions = set(
        AuditEvent.objects.filter(target_type="disclosure.item", target_id=str(item.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"item.created", "item.submitted", "item.signed", "item.published"} <= actions
    response = login(client, region.editor).get(reverse("backoffice:item", args=[item.pk]))
    labels = [row["label"] for row in response.context["history"]]
    assert [label for label in labels if label.startswith("item.")] == []
    assert [x for x in labels if x in {"起草", "送审", "签发", "发布"}] == ["起草", "送审", "签发", "发布"]
