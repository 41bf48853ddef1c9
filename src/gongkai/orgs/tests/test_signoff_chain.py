"""The sign-off chain of any workflow (``orgs.signoff``), read through ``Signable`` alone.

The thing signed here is not an item: an information submission (信息稿件, docs/SPEC.md §8) — a small
dataclass holding what the chain reads. Its chain: the section head (科室负责人) signs, then the
deputy director (分管副主任); a region-wide urgent submission also needs the head (主任).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.orgs import signoff
from gongkai.orgs.models import ITEM_WORKFLOW, RoleName, SignOffCondition, SignOffStep
from gongkai.orgs.services import StepSpec, configure_signoff_chain
from gongkai.testing import UserFactory, grant

pytestmark = pytest.mark.django_db

SUBMISSIONS = "submission"
MOVED = "签发进度已变化，请刷新页面后再操作。"
REFUSED = "您不能签发这篇稿件。"


@dataclass
class Submission:
    """An information submission as the chain reads it; ``signed`` is this round's signatures."""

    organization_id: int
    drafter_id: int | None
    is_urgent: bool = False
    is_region_wide: bool = False
    signoff_round: int = 1
    signed: list[tuple[int, int]] = field(default_factory=list)
    signoff_workflow: str = SUBMISSIONS

    @property
    def signed_position(self) -> int:
        return max((position for position, _ in self.signed), default=0)

    def signatures(self) -> Iterable[tuple[int, int]]:
        return list(self.signed)


def sign(user, submission: Submission, seen: int | None = None) -> signoff.Step:
    """What a submission workflow's service does under its row lock: ask the chain, record."""
    step = signoff.step_to_sign(user, submission, seen=seen, moved=MOVED, refused=REFUSED)
    submission.signed.append((step.position, user.pk))
    return step


@pytest.fixture
def office(region):
    """The city office's information section: an officer who drafts, the section head, the deputy
    director and the director, each a 签发人 of the office; the submissions' chain configured."""
    org = region.office
    people = {
        name: grant(UserFactory.create(username=name), org, RoleName.SIGNER)
        for name in ("officer", "section_head", "deputy", "director")
    }
    admin = grant(UserFactory.create(username="office_admin"), org, RoleName.ORG_ADMIN)
    configure_signoff_chain(
        actor=admin,
        organization=org,
        workflow=SUBMISSIONS,
        steps=[
            StepSpec(1, "科室负责人审核", SignOffCondition.ALWAYS, (people["section_head"],)),
            StepSpec(2, "分管副主任签发", SignOffCondition.ALWAYS, (people["deputy"],)),
            StepSpec(3, "主任签发", SignOffCondition.REGION_WIDE_URGENT, (people["director"],)),
        ],
    )
    return org, people


def test_a_submission_is_signed_by_the_section_head_then_the_deputy_director(office):
    org, p = office
    submission = Submission(organization_id=org.pk, drafter_id=p["officer"].pk)
    assert [s.title for s in signoff.applicable_steps(submission)] == ["科室负责人审核", "分管副主任签发"]
    # Only the designated signer of the step, in order.
    assert not signoff.can_sign(p["deputy"], submission)
    assert signoff.can_sign(p["section_head"], submission)
    assert sign(p["section_head"], submission).title == "科室负责人审核"
    assert signoff.current_step(submission).title == "分管副主任签发"
    assert not signoff.can_sign(p["section_head"], submission)
    assert sign(p["deputy"], submission, seen=2).title == "分管副主任签发"
    assert signoff.current_step(submission) is None
    with pytest.raises(PermissionDenied):
        sign(p["director"], submission)


def test_a_region_wide_urgent_submission_also_needs_the_head(office):
    org, p = office
    urgent_everywhere = Submission(
        organization_id=org.pk, drafter_id=p["officer"].pk, is_urgent=True, is_region_wide=True
    )
    assert [s.title for s in signoff.applicable_steps(urgent_everywhere)] == [
        "科室负责人审核",
        "分管副主任签发",
        "主任签发",
    ]
    sign(p["section_head"], urgent_everywhere)
    sign(p["deputy"], urgent_everywhere)
    assert signoff.current_step(urgent_everywhere).title == "主任签发"
    sign(p["director"], urgent_everywhere, seen=3)
    assert signoff.current_step(urgent_everywhere) is None
    # Region-wide alone, or urgent alone, does not reach the head.
    for flags in ({"is_region_wide": True}, {"is_urgent": True}):
        one = Submission(organization_id=org.pk, drafter_id=p["officer"].pk, **flags)
        assert len(signoff.applicable_steps(one)) == 2


def test_nobody_signs_their_own_draft_nor_two_steps_of_a_round(region, office):
    org, p = office
    admin = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    # A chain with open steps (no designated signers): anyone of the office's 签发人.
    configure_signoff_chain(
        actor=admin,
        organization=org,
        workflow=SUBMISSIONS,
        steps=[StepSpec(1, "科室负责人审核"), StepSpec(2, "分管副主任签发")],
    )
    own = Submission(organization_id=org.pk, drafter_id=p["section_head"].pk)
    assert not signoff.can_sign(p["section_head"], own)
    with pytest.raises(PermissionDenied) as exc:
        sign(p["section_head"], own)
    assert str(exc.value) == REFUSED
    submission = Submission(organization_id=org.pk, drafter_id=p["officer"].pk)
    sign(p["deputy"], submission)
    assert not signoff.can_sign(p["deputy"], submission)  # one step per person and round
    # A new round (sent back, submitted again) starts from the first step with no signatures.
    again = Submission(organization_id=org.pk, drafter_id=p["officer"].pk, signoff_round=2)
    assert signoff.can_sign(p["deputy"], again)
    # Someone without the 签发人 role in the office never signs, whatever the step.
    assert not signoff.can_sign(region.signer, submission)


def test_the_step_seen_is_checked(office):
    """Two signers who opened the same step: the second is told the chain has moved."""
    org, p = office
    submission = Submission(organization_id=org.pk, drafter_id=p["officer"].pk)
    sign(p["section_head"], submission, seen=1)
    with pytest.raises(ValidationError) as exc:
        sign(p["deputy"], submission, seen=1)
    assert exc.value.messages == [MOVED]


def test_each_workflow_keeps_its_own_chain(region, office):
    """The office's item chain is untouched by its submissions' chain, and an unconfigured
    workflow falls back to one "签发" step by any signer."""
    org, p = office
    assert not SignOffStep.objects.filter(organization=org, workflow=ITEM_WORKFLOW).exists()
    other = Submission(organization_id=org.pk, drafter_id=p["officer"].pk, signoff_workflow="other")
    assert signoff.applicable_steps(other) == [signoff.DEFAULT_STEP]
    assert signoff.can_sign(p["deputy"], other)
