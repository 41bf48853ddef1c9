"""A change set never deletes what citizens submitted on a portal host and the staff side has not
collected yet (issue 13 §3: at least once, never lost, never twice).

A comment hangs on its consultation and a rating on its item and body (``CASCADE``): when a change
set takes those off the portal host first, the submission is held (``portalsync.HeldIntake``) as the
intake file carries it, goes with every intake file until acknowledged, and keeps a snapshot out.
Here the portal host's side runs in the test's database (either engine), as in ``test_channel.py``;
``test_portal_host.py`` carries held submissions through a real portal host to the staff side.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from gongkai.disclosure.services import workflow
from gongkai.foi.models import DeflectionTally
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.services.intake import submit_message
from gongkai.opinions.models import Comment, Consultation
from gongkai.opinions.services import close_consultation
from gongkai.opinions.tests import world
from gongkai.orgs.models import Organization
from gongkai.portalsync.channel import ChannelError, read_manifest
from gongkai.portalsync.forward import DIRECTION, apply_public, export_public
from gongkai.portalsync.held import delete_holding_intake
from gongkai.portalsync.intake import apply_ack, export_intake, import_intake, uncollected_count
from gongkai.portalsync.models import AppliedBatch, HeldIntake
from gongkai.portalsync.tests.test_channel import _lines
from gongkai.ratings.models import Rating
from gongkai.ratings.services import Target, submit_rating
from gongkai.testing import OrganizationFactory, make_item

pytestmark = pytest.mark.django_db

RATING_TOKEN = "a1" * 16
COMMENT_KEY = "ab" * 16


@pytest.fixture
def dirs(tmp_path: Path, clock: Any) -> dict[str, Path]:
    clock.set(dt.date(2026, 11, 16))
    return {"gate": tmp_path / "gate", "state": tmp_path / "state", "acks": tmp_path / "acks"}


def _apply_next(dirs: dict[str, Path], **kwargs: Any) -> Any:
    batch = export_public(dirs["gate"], state_dir=dirs["state"], **kwargs)
    return apply_public(read_manifest(batch.manifest, direction=DIRECTION))


def _intake_lines(manifest: Path) -> dict[tuple[str, str], dict[str, Any]]:
    return {(line["t"], str(line["key"])): line["f"] for line in _lines(manifest)}


def test_a_change_set_holds_the_comment_and_the_rating_it_would_delete_until_acknowledged(region, dirs):
    item = make_item(region=region, county=True, title="关于公布县级第一批名单的通知")
    consultation = world.opened(region)
    # Written on the portal host, not collected yet.
    submit_rating(
        target=Target(kind="item", organization=item.organization, item=item),
        grade="satisfied",
        comment="清楚明白",
        token=RATING_TOKEN,
    )
    world.comment(consultation, "建议延长课后服务时间。", key=COMMENT_KEY, name="钱多多", phone="13900001111")
    # A published comment the projection brought (the staff side's): not intake, never held.
    Comment.objects.create(
        consultation=consultation,
        text="同意该方案",
        received_at=consultation.opened_at,
        submission_key="synced-990001",
        moderation="accepted",
        published=True,
    )
    first = export_public(dirs["gate"], state_dir=dirs["state"])
    # As on the portal host: the snapshot is applied (the rows are here already).
    AppliedBatch.objects.create(
        sequence=first.sequence, kind="snapshot", sha256="x" * 64, created_at=timezone.now()
    )
    # The staff side takes the intake in; its acknowledgement has not reached the portal yet.
    sent = export_intake(dirs["gate"])
    assert sent is not None and sent.rows == 2
    before = _intake_lines(sent.manifest)
    ack = import_intake(sent.manifest, dirs["acks"]).ack

    # The staff side closes the consultation early, switches its body off and withdraws the item.
    close_consultation(actor=region.signer, consultation=consultation, note="方案调整")
    Organization.objects.filter(pk=region.dept.pk).update(is_active=False)
    workflow.withdraw_item(actor=region.county_signer, item=item, reason="名单有误")
    applied = _apply_next(dirs)
    assert applied.kind == "changes" and applied.deletes >= 2

    assert not Consultation.objects.filter(pk=consultation.pk).exists()
    assert not Comment.objects.exists() and not Rating.objects.exists()  # nothing left that is not public
    held = {(h.kind, h.key): h.record for h in HeldIntake.objects.all()}
    assert held == before  # exactly what the intake file carried, for the same keys
    assert uncollected_count() == 2

    # A snapshot would delete everything: refused while anything waits.
    with pytest.raises(ChannelError, match="尚有2条公众提交未被工作端收取"):
        _apply_next(dirs, full=True)
    assert HeldIntake.objects.count() == 2

    # Held records go with the next intake file, in the lines the rows went in.
    again = export_intake(dirs["gate"])
    assert again is not None and _intake_lines(again.manifest) == before

    # The late acknowledgement of the first file releases them (the staff side holds those keys).
    done = apply_ack(ack)
    assert done.deleted == 2
    assert not HeldIntake.objects.exists() and uncollected_count() == 0
    assert export_intake(dirs["gate"]) is None


def test_a_deleted_body_holds_its_ratings_and_refuses_while_a_message_or_request_waits(region, dirs):
    """Of the kinds a body's deletion could reach, a rating cascades (held); a message and a request
    protect their body (``PROTECT``), as the audit row of a rating does: the deletion is refused and
    nothing is held or lost. The anonymous deflection counts of a body that is gone are not intake a
    staff side could take (its own counts of that body went with it)."""
    gone = OrganizationFactory.create(name="测试市已撤销机构", slug="abolished")
    # Without its audit row (``submit_rating`` writes one, which protects the body on its own).
    Rating.objects.create(
        kind="body", organization=gone, grade="basic", month=dt.date(2026, 11, 1), token=RATING_TOKEN
    )
    DeflectionTally.objects.create(organization=gone, month=dt.date(2026, 11, 1), shown=3, uncollected=True)
    assert delete_holding_intake(Organization.objects.filter(pk=gone.pk)) == 1
    (held,) = HeldIntake.objects.all()
    assert (held.kind, held.key, held.record["organization_id"]) == ("ratings.rating", RATING_TOKEN, gone.pk)
    assert held.record["created_at"].startswith("2026-11-16")  # ISO text, as the channel writes it
    assert not DeflectionTally.objects.exists()

    writing = OrganizationFactory.create(name="测试市信访局", slug="letters")
    message, _code = submit_message(
        organization=writing,
        kind=MessageKind.objects.filter(is_active=True).order_by("pk").first(),  # type: ignore[arg-type]
        data={
            "subject": "关于办事大厅开放时间的咨询",
            "text": "请问办事大厅周六是否开放？",
            "writer_name": "王建国",
            "writer_phone": "13955701234",
            "writer_email": "",
            "consent_publish": True,
        },
    )
    with pytest.raises(ProtectedError):
        delete_holding_intake(Organization.objects.filter(pk=writing.pk))
    assert Message.objects.filter(pk=message.pk).exists() and HeldIntake.objects.count() == 1
