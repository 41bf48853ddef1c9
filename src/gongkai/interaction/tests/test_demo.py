"""The demo's messages (互动): answered and published, open with days left, overdue, one unanswered
for more than 3 months; the demo accounts ``officehead`` and ``handler`` have work waiting."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.accounts.models import User
from gongkai.demo.builder import build_demo
from gongkai.interaction import selectors
from gongkai.interaction.models import Message, MessageState
from gongkai.interaction.services.masking import Copy, check_copy

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def demo(db, clock):
    clock.set(TODAY)
    build_demo(items=300, seed=2008, echo=lambda _: None)


def test_the_demo_has_messages_in_every_state_and_work_for_each_role(demo):
    states = set(Message.objects.values_list("state", flat=True))
    assert states == set(MessageState.values)
    published = Message.objects.filter(state=MessageState.PUBLISHED)
    assert published.values("organization").distinct().count() >= 4
    for message in published:
        copy = Copy(message.published_subject, message.published_text, message.published_answer)
        assert check_copy(message, copy).ok
        assert "13955701234" not in message.published_text
    head, handler = User.objects.get(username="officehead"), User.objects.get(username="handler")
    assert selectors.work_queue(head, "to_assign", TODAY).exists()
    assert selectors.work_queue(head, "long_unanswered", TODAY).count() == 1
    assert selectors.work_queue(handler, "to_answer", TODAY).filter(due_date__gte=TODAY).exists()
    assert selectors.work_queue(handler, "to_answer", TODAY).filter(due_date__lt=TODAY).exists()
    assert selectors.work_queue(handler, "to_publish", TODAY).exists()
