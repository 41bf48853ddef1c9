"""The demo's consultations read as real: the open one has run for weeks (its comments received on
different days after it opened, after its review and signature), and the final policy linked to the
concluded one is that draft with what was adopted, not generated filler."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.demo.builder import build_demo
from gongkai.opinions.demo.consultations import CONCLUDED_TITLE, OPEN_TITLE
from gongkai.opinions.models import Consultation, State

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def demo(db, clock):
    clock.set(TODAY)
    build_demo(items=300, seed=2008, echo=lambda _: None)


def test_the_open_consultation_has_run_for_weeks(demo):
    c = Consultation.objects.get(title=OPEN_TITLE)
    assert c.state == State.OPEN and c.opens_on == TODAY - dt.timedelta(days=20)
    assert c.reviewed_at < c.opened_at and timezone.localdate(c.opened_at) == c.opens_on
    received = [x.received_at for x in c.comments.order_by("received_at")]
    assert len({timezone.localdate(r) for r in received}) == len(received) > 3
    assert c.opened_at < received[0] and received[-1] <= timezone.now()
    for x in c.comments.exclude(answered_at=None):
        assert x.received_at < x.moderated_at < x.answered_at


def test_the_final_policy_is_the_draft_with_what_was_adopted(demo):
    c = Consultation.objects.get(title=CONCLUDED_TITLE)
    final = c.final_item
    assert final is not None and final.title == CONCLUDED_TITLE.removesuffix("（征求意见稿）")
    for adopted in ("4月底前向社会公布", "凭居住证", "不得组织面试面谈"):
        assert adopted in final.body
    assert "依申请公开" not in final.body and "依申请公开" not in final.keywords
    for theme in c.themes.all():
        assert theme.answered_at is not None and theme.answered_at.date() < c.closes_on
