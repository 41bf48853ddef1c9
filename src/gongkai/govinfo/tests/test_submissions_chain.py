"""The unit's sign-off chain of a submission (docs/SPEC.md §8: section head → deputy director; a
region-wide, urgent or major item also needs the head), through ``orgs.signoff``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.govinfo.models import Signature, State, Urgency
from gongkai.govinfo.services import submissions as services
from gongkai.govinfo.tests.submission_world import build_world, draft
from gongkai.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    clock.set(dt.date(2026, 3, 2))
    return build_world()


def test_normal_item_two_steps_then_submitted(world, clock):
    s = draft(world)
    s = services.send_for_signoff(actor=world.writer, submission=s)
    assert (s.state, s.signoff_round, s.signoff_position) == (State.SIGNING, 1, 0)
    assert s.sent_for_signoff_at == clock.now
    assert Notification.objects.filter(recipient=world.section_head, kind="govinfo.sign").count() == 1
    assert not Notification.objects.filter(recipient=world.deputy).exists()
    s = services.sign_submission(actor=world.section_head, submission=s, opinion="同意")
    assert (s.state, s.signoff_position) == (State.SIGNING, 1)
    assert Notification.objects.filter(recipient=world.deputy, kind="govinfo.sign").count() == 1
    clock.set(dt.datetime(2026, 3, 2, 11, 30))
    s = services.sign_submission(actor=world.deputy, submission=s)
    s.refresh_from_db()
    assert s.state == State.SUBMITTED
    assert s.submitted_at == clock.now
    assert s.recipient == world.office
    assert s.serial == "2026-0001"
    sigs = list(Signature.objects.filter(submission=s).values_list("position", "title", "round", "signer"))
    assert sigs == [(1, "科室负责人审核", 1, world.section_head.pk), (2, "分管副职签发", 1, world.deputy.pk)]
    assert Notification.objects.filter(recipient=world.desk, kind="govinfo.submitted").count() == 1
    assert AuditEvent.objects.filter(action="govinfo.submission_submitted").count() == 1


@pytest.mark.parametrize(
    "fields",
    [{"urgency": Urgency.URGENT}, {"urgency": Urgency.MAJOR}, {"is_region_wide": True}],
)
def test_urgent_major_or_region_wide_needs_the_head(world, fields):
    s = services.send_for_signoff(actor=world.writer, submission=draft(world, **fields))
    s = services.sign_submission(actor=world.section_head, submission=s)
    s = services.sign_submission(actor=world.deputy, submission=s)
    assert s.state == State.SIGNING
    assert s.signoff_position == 2
    s = services.sign_submission(actor=world.head, submission=s)
    assert s.state == State.SUBMITTED
    assert [sig.title for sig in s.signatures.order_by("position")] == [
        "科室负责人审核",
        "分管副职签发",
        "主要负责人签发",
    ]


def test_steps_in_order_and_designated_signers(world):
    s = services.send_for_signoff(actor=world.writer, submission=draft(world))
    with pytest.raises(PermissionDenied):  # the deputy's step is not reached yet
        services.sign_submission(actor=world.deputy, submission=s)
    with pytest.raises(PermissionDenied):  # a 信息员 is no signer
        services.sign_submission(actor=world.writer2, submission=s)


def test_nobody_signs_their_own(world):
    from gongkai.orgs.models import RoleName
    from gongkai.testing import grant

    grant(world.section_head, world.unit, RoleName.INFO_OFFICER)
    world.fresh(world.section_head)
    s = services.create_submission(
        actor=world.section_head, organization=world.unit, fields={"title": "自写", "body": "<p>正文</p>"}
    )
    s = services.send_for_signoff(actor=world.section_head, submission=s)
    with pytest.raises(PermissionDenied):
        services.sign_submission(actor=world.section_head, submission=s)


def test_second_signer_of_the_same_step_is_refused(world):
    s = services.send_for_signoff(actor=world.writer, submission=draft(world))
    stale = type(s).objects.get(pk=s.pk)
    services.sign_submission(actor=world.section_head, submission=s, step=1)
    with pytest.raises(ValidationError) as e:
        services.sign_submission(actor=world.deputy, submission=stale, step=1)
    assert services.SIGNED_MEANWHILE in e.value.messages


def test_serial_counts_per_unit_and_year(world, clock):
    for expected in ("2026-0001", "2026-0002"):
        s = services.send_for_signoff(actor=world.writer, submission=draft(world))
        s = services.sign_submission(actor=world.section_head, submission=s)
        s = services.sign_submission(actor=world.deputy, submission=s)
        assert s.serial == expected
