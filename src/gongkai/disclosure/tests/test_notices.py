"""Notifications of the item workflow (issue 9 §5): waiting for review or signature, referred up,
returned, and near or past the 20 working days of 第二十六条 (the daily round) — in the inbox and
by e-mail, once per key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from gongkai.core.registry import round_jobs
from gongkai.disclosure.models import ItemState
from gongkai.disclosure.notices import send_limit_notices
from gongkai.disclosure.services import workflow
from gongkai.notifications.models import Notification

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 16)  # a Monday


def _notes(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_submitted_item_notifies_the_reviewers_not_the_author(
    region, make_item, clock, django_capture_on_commit_callbacks
):
    clock.set(DAY)
    region.reviewer.email = "reviewer@example.gov.cn"
    region.reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(state=ItemState.REVIEW, title="送审的通知")
    [note] = _notes(region.reviewer, "item.review")
    assert note.title == "待保密审查：送审的通知"
    assert note.url == reverse("backoffice:item", args=[item.pk])
    assert not _notes(region.editor, "item.review")
    assert [m.to for m in mail.outbox] == [["reviewer@example.gov.cn"]]
    assert "待保密审查：送审的通知" in mail.outbox[0].subject


def test_passed_review_notifies_the_signers_of_the_step_and_a_return_the_author(region, make_item, clock):
    clock.set(DAY)
    item = make_item(state=ItemState.SIGNOFF, title="待签发的通知")
    signers = set(Notification.objects.filter(kind="item.sign").values_list("recipient__username", flat=True))
    # Every signer of the body who may sign the first step: the signer and the head (also a signer).
    assert signers == {"signer", "head"}
    workflow.return_item(actor=region.signer, item=item, reason="请核对发文字号")
    [note] = _notes(region.editor, "item.returned")
    assert note.title == "信息被退回：待签发的通知" and "请核对发文字号" in note.body
    assert note.url == reverse("backoffice:item", args=[item.pk])


def test_review_return_and_resubmission_each_notify_once(region, make_item, clock):
    clock.set(DAY)
    item = make_item(state=ItemState.RETURNED)
    assert len(_notes(region.editor, "item.returned")) == 1
    clock.shift(dt.timedelta(hours=1))
    workflow.submit_item(actor=region.editor, item=item)
    # The second submission is new work for the reviewer: a second message, not a duplicate.
    assert len(_notes(region.reviewer, "item.review")) == 2


def test_referred_item_notifies_the_supervisors_above(region, make_item, clock):
    clock.set(DAY)
    item = make_item(state=ItemState.REVIEW, title="难以确定的通知")
    workflow.review_item(actor=region.reviewer, item=item, conclusion="refer", opinion="涉及其他机关，请审定")
    [note] = _notes(region.supervisor, "item.referred")
    assert "难以确定的通知" in note.title and "请审定" in note.body
    # The county's office has no supervisor account: the county's referral reaches the city's.
    county_item = make_item(state=ItemState.REVIEW, title="县里难以确定的", county=True)
    workflow.review_item(actor=region.county_reviewer, item=county_item, conclusion="refer", opinion="请审定")
    assert next(n.title for n in _notes(region.supervisor, "item.referred")) == "下级呈报审定：县里难以确定的"


def test_second_step_signers_are_told_when_the_first_step_is_signed(region, make_item, clock):
    from gongkai.orgs.models import SignOffStep

    clock.set(DAY)
    SignOffStep.objects.create(organization=region.dept, position=1, title="分管领导签发")
    step2 = SignOffStep.objects.create(organization=region.dept, position=2, title="主要负责人签发")
    step2.signers.set([region.head])
    item = make_item(state=ItemState.SIGNOFF)
    Notification.objects.all().delete()
    workflow.sign_item(actor=region.signer, item=item)
    assert [n.recipient.username for n in Notification.objects.filter(kind="item.sign")] == ["head"]


def test_daily_round_tells_whom_a_draft_waits_on_near_and_past_the_limit(region, make_item, clock):
    """第二十六条: 20 working days from formation. Formed on 22 October, a draft is due on 19
    November: 3 working days left on the 16th, within the warning (5); an item formed on 1 October
    is past its limit."""
    clock.set(DAY)
    near = make_item(state=ItemState.DRAFT, title="快到期的草稿", date_formed=dt.date(2026, 10, 22))
    late = make_item(state=ItemState.REVIEW, title="已超期的送审稿", date_formed=dt.date(2026, 10, 1))
    make_item(state=ItemState.DRAFT, title="刚起草的", date_formed=dt.date(2026, 11, 13))
    job = next(j for j in round_jobs() if j.key == "disclosure.limits")
    assert job.run(DAY) == {"near_limit": 1, "overdue": 1}
    [draft_note] = _notes(region.editor, "item.near_limit")
    assert draft_note.title == "临近公开时限：快到期的草稿" and "第二十六条" in draft_note.body
    assert draft_note.url == reverse("backoffice:item", args=[near.pk])
    [review_note] = _notes(region.reviewer, "item.near_limit")
    assert review_note.title == "已超过公开时限：已超期的送审稿"
    assert review_note.url == reverse("backoffice:item", args=[late.pk])
    # The same round again (or the next day) sends nothing new.
    send_limit_notices(DAY)
    send_limit_notices(DAY + dt.timedelta(days=1))
    assert Notification.objects.filter(kind="item.near_limit").count() == 2
