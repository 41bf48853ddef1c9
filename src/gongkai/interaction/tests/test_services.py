"""The services of 互动 (docs/SPEC.md §3): receiving a message with its tracking code, the due date
in working days on the platform's calendar, assigning, answering, and publishing only a checked,
masked copy with the writer's consent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.disclosure.models import SecrecyKeyword
from gongkai.interaction.models import Message, MessageKind, MessageState
from gongkai.interaction.services import handling, intake, kinds
from gongkai.interaction.services.masking import Copy, check_copy, propose_copy
from gongkai.workdays import services as workdays

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 16)


def test_the_due_date_counts_working_days_across_a_holiday(desk, clock, django_user_model):
    """5 working days for a 咨询, the day of receipt not counted (《民法典》第二百零一条); a day off
    entered on the platform's calendar is skipped, and changing the calendar moves open messages."""
    clock.set(MONDAY)
    plain = desk.write()
    assert plain.received_on == MONDAY
    assert plain.due_date == dt.date(2026, 3, 23)  # 17, 18, 19, 20, 23
    admin = django_user_model.objects.create_superuser("cal_admin", "cal@example.gov.cn", "x")
    workdays.add_override(actor=admin, day=dt.date(2026, 3, 18), is_workday=False, note="临时放假")
    plain.refresh_from_db()
    assert plain.due_date == dt.date(2026, 3, 24)  # recomputed after the calendar change
    later = desk.write(kind="complaint")
    # 15 working days: 17, 19, 20, 23–27, 30, 31 March, 1–3 April, then 清明 (4–6 April) off: 7, 8 April.
    assert later.due_date == dt.date(2026, 4, 8)
    assert not later.due_provisional


def test_the_answer_period_is_configuration(desk, clock, region):
    """Changed by the organization administrator of the top-level government (one calendar of
    deadlines for the installation), not by a department's; new messages follow it, earlier ones
    keep the due date the writer was told."""
    from gongkai.orgs.models import RoleName
    from gongkai.testing import UserFactory, grant

    clock.set(MONDAY)
    before = desk.write()
    consult = MessageKind.objects.get(code="consult")
    with pytest.raises(PermissionDenied):
        kinds.update_kind(consult, actor=region.admin, name="咨询", answer_workdays=3, is_active=True)
    city_admin = grant(UserFactory.create(username="city_admin"), region.city, RoleName.ORG_ADMIN)
    with pytest.raises(ValidationError):
        kinds.update_kind(consult, actor=city_admin, name="咨询", answer_workdays=0, is_active=True)
    kinds.update_kind(consult, actor=city_admin, name="简单咨询", answer_workdays=3, is_active=True)
    assert desk.write().due_date == dt.date(2026, 3, 19)
    before.refresh_from_db()
    assert before.due_date == dt.date(2026, 3, 23)
    assert AuditEvent.objects.filter(action="message_kind.changed").count() == 1
    # A calendar change recomputes with the period each message was received under.
    workdays.add_override(actor=city_admin, day=dt.date(2026, 3, 18), is_workday=False, note="临时放假")
    before.refresh_from_db()
    assert before.due_date == dt.date(2026, 3, 24)


def test_the_tracking_code_is_shown_once_and_stored_hashed(desk, clock):
    clock.set(MONDAY)
    message = desk.write()
    assert message.tracking_number == "LY-2026-000001"
    assert len(message.code) == intake.CODE_LENGTH
    assert message.code not in message.code_hash
    assert intake.find_by_code(message.tracking_number, message.code) == message
    # Typed in full width and lower case by a Chinese input method: still found.
    assert intake.find_by_code(" ly-2026-000001 ", message.code.lower().replace("A", "Ａ")) == message
    assert intake.find_by_code(message.tracking_number, "WRONGCODE2") is None
    assert intake.find_by_code("LY-2026-000002", message.code) is None
    assert intake.find_by_code("anything", message.code) is None
    assert AuditEvent.objects.filter(action="message.received").count() == 1


def test_a_double_submit_is_one_message(desk, clock):
    clock.set(MONDAY)
    first = desk.write(key="f" * 32)
    again = desk.write(key="f" * 32)
    assert again.pk == first.pk and again.code is None
    assert Message.objects.count() == 1


def test_bad_input_is_refused_with_chinese_messages(desk, clock):
    clock.set(MONDAY)
    with pytest.raises(ValidationError) as error:
        desk.write(subject="问", text="短", writer_phone="abc", writer_email="not-mail")
    assert set(error.value.message_dict) == {"subject", "text", "writer_phone", "writer_email"}
    assert "至少10个字" in error.value.message_dict["text"][0]
    # Contact data is optional: an anonymous question still gets its tracking code.
    anonymous = desk.write(writer_name="", writer_phone="", writer_email="")
    assert anonymous.code


def test_the_office_head_assigns_and_the_assignee_answers(desk, clock, region):
    clock.set(MONDAY)
    message = desk.write()
    with pytest.raises(PermissionDenied):
        handling.assign(message, actor=desk.handler, assignee=desk.handler)
    with pytest.raises(ValidationError):
        handling.assign(message, actor=desk.head, assignee=region.county_editor)  # not of the body
    message = handling.assign(message, actor=desk.head, assignee=desk.handler)
    assert message.state == MessageState.ASSIGNED
    with pytest.raises(PermissionDenied):
        handling.answer(message, actor=region.editor, text="您好，请携带户口簿和房产证明报名。")
    with pytest.raises(ValidationError):
        handling.answer(message, actor=desk.handler, text="好的")
    clock.set(MONDAY + dt.timedelta(days=2))
    message = handling.answer(message, actor=desk.handler, text="您好，请携带户口簿和房产证明报名。")
    assert message.state == MessageState.ANSWERED
    assert message.answered_on == MONDAY + dt.timedelta(days=2)
    assert message.answered_by == desk.handler


def _answered(desk, **overrides):
    message = desk.write(**overrides)
    handling.assign(message, actor=desk.head, assignee=desk.handler)
    return handling.answer(
        Message.objects.get(pk=message.pk),
        actor=desk.handler,
        text="王建国您好：请携带户口簿和房产证明到学区学校报名，咨询电话0557-3021234。",
    )


def test_a_phone_number_in_the_text_is_masked_in_the_published_copy(desk, clock):
    clock.set(MONDAY)
    message = _answered(desk)
    proposal = propose_copy(message)
    assert "13955701234" not in proposal.text and "139****1234" in proposal.text
    assert "王建国" not in proposal.answer  # the writer's name
    assert "0557-***1234" in proposal.answer
    assert check_copy(message, proposal).ok
    published = handling.publish(message, actor=desk.handler, copy=proposal)
    assert published.state == MessageState.PUBLISHED
    assert "139****1234" in published.published_text
    assert published.text.endswith("13955701234。")  # the original is kept, never public


def test_the_check_is_run_on_what_staff_publish_not_on_the_proposal(desk, clock):
    """A privacy guarantee is checked, never trusted: edited wording putting personal data back is refused."""
    clock.set(MONDAY)
    message = _answered(desk)
    proposal = propose_copy(message)
    for copy in (
        Copy(proposal.subject, proposal.text + "（联系人王建国）", proposal.answer),
        Copy(proposal.subject, proposal.text, proposal.answer + "身份证号340102199001011236"),
        Copy(proposal.subject, proposal.text, proposal.answer + "wjg@example.com"),
    ):
        with pytest.raises(ValidationError) as error:
            handling.publish(message, actor=desk.handler, copy=copy)
        assert "不能公开" in str(error.value)
    assert Message.objects.get(pk=message.pk).state == MessageState.ANSWERED


def test_content_masking_cannot_remove_refuses_to_publish(desk, clock):
    """A classification mark or an installation keyword of high severity is not personal data: the
    proposal keeps it, and publishing is refused until staff take it out."""
    clock.set(MONDAY)
    SecrecyKeyword.objects.create(text="内部讨论稿", severity="high")
    message = _answered(desk, text="网上流传的机密★文件说今年划片要调整，是真的吗？附内部讨论稿。")
    proposal = propose_copy(message)
    check = check_copy(message, proposal)
    assert not check.ok
    assert {f.kind for f in check.blocking} == {"classification", "keyword"}
    with pytest.raises(ValidationError):
        handling.publish(message, actor=desk.handler, copy=proposal)
    cleaned = Copy(proposal.subject, "网上流传说今年划片要调整，是真的吗？", proposal.answer)
    assert handling.publish(message, actor=desk.handler, copy=cleaned).state == MessageState.PUBLISHED


def test_without_consent_the_message_is_closed_not_published(desk, clock, region):
    clock.set(MONDAY)
    message = _answered(desk, consent_publish=False)
    with pytest.raises(PermissionDenied) as error:
        handling.publish(message, actor=desk.head, copy=propose_copy(message))
    assert "未同意公开" in str(error.value)
    closed = handling.close(message, actor=desk.handler, reason="")
    assert closed.state == MessageState.CLOSED and closed.close_reason == "留言人未同意公开"


def test_publishing_and_withdrawing_purge_the_message_pages(desk, clock, django_capture_on_commit_callbacks):
    from gongkai.core import public_deps, tag_versions

    clock.set(MONDAY)
    message = _answered(desk)
    tags = [public_deps.MESSAGES, public_deps.message(message.pk), public_deps.org(message.organization_id)]
    before = tag_versions.current(tags)
    with django_capture_on_commit_callbacks(execute=True):
        handling.publish(message, actor=desk.handler, copy=propose_copy(message))
    middle = tag_versions.current(tags)
    assert all(middle[t] != before[t] for t in tags)
    with pytest.raises(PermissionDenied):
        handling.unpublish(Message.objects.get(pk=message.pk), actor=desk.handler, reason="误公开")
    with django_capture_on_commit_callbacks(execute=True):
        handling.unpublish(Message.objects.get(pk=message.pk), actor=desk.head, reason="留言人要求撤回")
    assert all(tag_versions.current(tags)[t] != middle[t] for t in tags)
    assert Message.objects.get(pk=message.pk).state == MessageState.ANSWERED


def test_renaming_a_kind_drops_every_public_page_that_shows_it(region, django_capture_on_commit_callbacks):
    """The kind's name is on every message page and list: a new name moves the global public
    version (a change of the period alone shows nowhere public and moves nothing)."""
    from gongkai.core.public_changes import public_version
    from gongkai.orgs.models import RoleName
    from gongkai.testing import UserFactory, grant

    city_admin = grant(UserFactory.create(username="kind_admin"), region.city, RoleName.ORG_ADMIN)
    consult = MessageKind.objects.get(code="consult")
    version = public_version()
    with django_capture_on_commit_callbacks(execute=True):
        kinds.update_kind(consult, actor=city_admin, name=consult.name, answer_workdays=4, is_active=True)
    assert public_version() == version
    with django_capture_on_commit_callbacks(execute=True):
        kinds.update_kind(consult, actor=city_admin, name="简单咨询", answer_workdays=4, is_active=True)
    assert public_version() != version


def test_a_message_a_portal_host_received_is_taken_in_after_its_body_or_kind_was_switched_off(region, clock):
    """The portal host checked the body and the kind when the writer sent the message, which is
    received from then on: switching either off before the staff side collects it must not lose it
    (nor stop the collection of every message behind it). The public form still refuses them."""
    from django.core.exceptions import ValidationError as Invalid

    from gongkai.core import codes
    from gongkai.interaction.services import intake
    from gongkai.interaction.tests.conftest import message_data

    clock.set(MONDAY)
    consult = MessageKind.objects.get(code="consult")
    region.dept.is_active = False
    region.dept.save(update_fields=["is_active"])
    MessageKind.objects.filter(pk=consult.pk).update(is_active=False)
    consult.refresh_from_db()
    with pytest.raises(Invalid):
        intake.submit_message(organization=region.dept, kind=consult, data=message_data())
    number = f"LY-2026-{codes.PORTAL_SERIAL_BASE + 100001}"
    issued = (number, codes.portable_hash("interaction", number, "ABCD1234"))
    message, _ = intake.submit_message(
        organization=region.dept, kind=consult, data=message_data(), received_at=clock.now, issued=issued
    )
    assert (message.tracking_number, message.code_hash, message.organization) == (*issued, region.dept)
