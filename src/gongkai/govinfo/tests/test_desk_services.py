"""The desk's services (docs/SPEC.md §8: the information section "edits, adopts (采用) items into its
own publications … as numbered issues (期) with a distribution list, and forwards them upward;
adoption by superior publications is recorded"): states, messages, numbering, adoptions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.govinfo.models import (
    Adoption,
    AdoptionSource,
    Circulation,
    CreditedUnit,
    Forward,
    IssueState,
    Publication,
    Revision,
    State,
    Submission,
)
from gongkai.govinfo.services import desk
from gongkai.govinfo.tests.desk_world import DeskWorld, build_desk_world, publication, submitted
from gongkai.notifications.models import Notification

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def world(clock: object) -> DeskWorld:
    clock.set(DAY)  # type: ignore[attr-defined]
    return build_desk_world()


def test_receive_sets_state_time_and_editor(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    desk.receive(s, actor=world.editor)
    s.refresh_from_db()
    assert s.state == State.RECEIVED
    assert s.received_by == world.editor
    assert s.received_at is not None
    assert AuditEvent.objects.filter(action="govinfo.received", target_id=str(s.pk)).count() == 1
    with pytest.raises(ValidationError, match="该信息已签收，无需签收。"):
        desk.receive(s, actor=world.editor)


def test_editor_of_another_office_is_refused(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    for action in (
        lambda: desk.receive(s, actor=world.county_editor),
        lambda: desk.reserve(s, actor=world.county_editor),
        lambda: desk.return_submission(s, actor=world.county_editor, reason="不采用"),
        lambda: desk.receive(s, actor=world.writer),
    ):
        with pytest.raises(PermissionDenied, match="只有收文单位的信息科编辑可以处理该信息。"):
            action()
    assert Submission.objects.get(pk=s.pk).state == State.SUBMITTED


def test_return_needs_a_reason_and_notifies_the_drafter(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    with pytest.raises(ValidationError, match="请填写退回原因。"):
        desk.return_submission(s, actor=world.editor, reason="  ")
    desk.return_submission(s, actor=world.editor, reason="数据需核实")
    s.refresh_from_db()
    assert (s.state, s.return_reason) == (State.RETURNED, "数据需核实")
    note = Notification.objects.get(recipient=world.writer, kind="govinfo.returned")
    assert note.title == "您报送的信息《市教育局开展校园安全大检查》被退回"
    assert note.body == "退回原因：数据需核实"
    assert note.url == f"/staff/govinfo/submissions/{s.pk}/"
    with pytest.raises(ValidationError, match="该信息已退回，不能退回。"):
        desk.return_submission(s, actor=world.editor, reason="再退")


def test_reserve_from_submitted_or_received(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    desk.reserve(s, actor=world.editor)
    s.refresh_from_db()
    assert s.state == State.RESERVED
    assert s.received_by == world.editor  # reserving takes it in hand
    with pytest.raises(ValidationError, match="该信息储备，不能列入储备。"):
        desk.reserve(s, actor=world.editor)


def test_edit_records_an_editor_revision_and_notifies(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    desk.edit(
        s, actor=world.editor, title="市教育局排查整改校园隐患12处", body="<p>市教育局排查隐患12处。</p>"
    )
    s.refresh_from_db()
    assert s.title == "市教育局排查整改校园隐患12处"
    assert s.plain_text == "市教育局排查隐患12处。"
    assert s.length == 11
    assert s.state == State.RECEIVED
    revision = Revision.objects.get(submission=s)
    assert revision.by_editor and revision.by == world.editor
    assert Notification.objects.filter(recipient=world.writer, kind="govinfo.edited").count() == 1
    with pytest.raises(ValidationError, match="请填写标题。"):
        desk.edit(s, actor=world.editor, title=" ", body="<p>x</p>")
    with pytest.raises(ValidationError, match="请填写正文。"):
        desk.edit(s, actor=world.editor, title="t", body="<p> </p>")


def test_publication_config_and_default_distribution(world: DeskWorld) -> None:
    pub = publication(world)
    assert pub.organization == world.office
    assert pub.publisher_name == "测试市人民政府办公室"
    with pytest.raises(ValidationError, match="本单位已有刊物“《政务信息》”。"):
        publication(world)
    with pytest.raises(PermissionDenied, match="只有本单位的信息科编辑可以设置信息刊物。"):
        desk.save_publication(world.office, actor=world.county_editor, name="《每日要情》", level="city")
    issue = desk.draft_issue(pub, actor=world.editor)
    assert (issue.bao, issue.song, issue.fa) == (
        "省政府办公厅",
        "市委办公室，市人大常委会办公室",
        "各县区人民政府，市政府各部门",
    )
    assert issue.number is None
    assert desk.draft_issue(pub, actor=world.editor) == issue  # the current draft


def test_adopt_into_draft_then_issue_makes_the_adoption(world: DeskWorld, clock: object) -> None:
    pub = publication(world)
    s = submitted(world.unit, world.writer)
    entry = desk.adopt(s, actor=world.editor, publication=pub)
    s.refresh_from_db()
    assert s.state == State.ADOPTED
    assert (entry.title, entry.position) == (s.title, 1)
    assert not Adoption.objects.exists()  # only issued issues count
    clock.set(dt.date(2026, 3, 5))  # type: ignore[attr-defined]
    issue = desk.issue_issue(entry.issue, actor=world.editor)
    assert (issue.state, issue.year, issue.number, issue.total_number) == (IssueState.ISSUED, 2026, 1, 1)
    assert issue.date == dt.date(2026, 3, 5)
    adoption = Adoption.objects.get(submission=s)
    assert (adoption.source, adoption.level, adoption.issue_label) == (
        AdoptionSource.ISSUE,
        "city",
        "2026年第1期",
    )
    assert adoption.adopted_on == dt.date(2026, 3, 5)
    assert not adoption.via_forward
    note = Notification.objects.get(recipient=world.writer, kind="govinfo.adopted")
    assert note.title == "您报送的信息《市教育局开展校园安全大检查》被《政务信息》2026年第1期采用"
    with pytest.raises(ValidationError, match="本期已印发，不能再修改。"):
        desk.issue_issue(issue, actor=world.editor)


def test_numbers_run_without_gaps_and_a_deleted_draft_takes_none(world: DeskWorld, clock: object) -> None:
    """第N期 per publication and year, taken at issuing: a draft deleted before issuing never held a
    number; a new year starts at 1, 总第N期 goes on."""
    pub = publication(world)
    other = publication(world, "《每日要情》", edition="daily")
    numbers = []
    for n in range(3):
        s = submitted(world.unit, world.writer, title=f"信息{n}")
        entry = desk.adopt(s, actor=world.editor, publication=pub)
        if n == 1:
            dropped = submitted(world.unit, world.writer, title="被删草稿中的信息")
            doomed = desk.draft_issue(pub, actor=world.editor, new=True)
            desk.adopt(dropped, actor=world.editor, publication=pub, issue=doomed)
            desk.delete_issue(doomed, actor=world.editor)
            dropped.refresh_from_db()
            assert dropped.state == State.RECEIVED
        numbers.append(desk.issue_issue(entry.issue, actor=world.editor).number)
    assert numbers == [1, 2, 3]
    s = submitted(world.unit, world.writer, title="要情")
    daily = desk.issue_issue(desk.adopt(s, actor=world.editor, publication=other).issue, actor=world.editor)
    assert (daily.number, daily.total_number) == (1, 1)
    clock.set(dt.date(2027, 1, 4))  # type: ignore[attr-defined]
    s = submitted(world.unit, world.writer, title="新年第一期")
    issue = desk.issue_issue(desk.adopt(s, actor=world.editor, publication=pub).issue, actor=world.editor)
    assert (issue.year, issue.number, issue.total_number) == (2027, 1, 4)


def test_empty_issue_cannot_be_issued(world: DeskWorld) -> None:
    issue = desk.draft_issue(publication(world), actor=world.editor)
    with pytest.raises(ValidationError, match="本期还没有采用任何信息，不能印发。"):
        desk.issue_issue(issue, actor=world.editor)


def test_entries_are_edited_moved_and_removed_while_draft(world: DeskWorld) -> None:
    pub = publication(world)
    a, b, c = (submitted(world.unit, world.writer, title=t) for t in ("甲", "乙", "丙"))
    entries = [desk.adopt(s, actor=world.editor, publication=pub) for s in (a, b, c)]
    issue = entries[0].issue
    desk.move_entry(entries[2], actor=world.editor, up=True)
    assert [e.title for e in issue.entries.order_by("position")] == ["甲", "丙", "乙"]
    desk.move_entry(entries[0], actor=world.editor, up=True)  # at the top: nothing moves
    assert [e.title for e in issue.entries.order_by("position")] == ["甲", "丙", "乙"]
    desk.update_entry(
        entries[1], actor=world.editor, title="乙（编辑）", body="<p>改写<script>x</script></p>"
    )
    entries[1].refresh_from_db()
    assert (entries[1].title, entries[1].body) == ("乙（编辑）", "<p>改写</p>")
    desk.remove_entry(entries[0], actor=world.editor)
    a.refresh_from_db()
    assert a.state == State.RECEIVED
    desk.update_issue(
        issue,
        actor=world.editor,
        editor_note="请各地参阅。",
        bao="省政府办公厅",
        song="",
        fa="各县区",
        copies=80,
    )
    issue.refresh_from_db()
    assert (issue.editor_note, issue.copies) == ("请各地参阅。", 80)
    desk.issue_issue(issue, actor=world.editor)
    with pytest.raises(ValidationError, match="本期已印发，不能再修改。"):
        desk.update_entry(entries[1], actor=world.editor, title="x", body="<p>y</p>")


def test_archive_code(world: DeskWorld) -> None:
    pub = publication(world)
    issue = desk.draft_issue(pub, actor=world.editor)
    with pytest.raises(ValidationError, match="只有已印发的刊期可以建档。"):
        desk.archive_issue(issue, actor=world.editor)
    desk.adopt(submitted(world.unit, world.writer), actor=world.editor, publication=pub)
    desk.issue_issue(issue, actor=world.editor)
    issue = desk.archive_issue(issue, actor=world.editor)
    assert issue.archive_code == "GX-2026-政务信息-001"
    with pytest.raises(ValidationError, match="本期已建档（档号 GX-2026-政务信息-001）。"):
        desk.archive_issue(issue, actor=world.editor)


def test_circulation_rows_for_readers_only(world: DeskWorld) -> None:
    pub = publication(world)
    desk.adopt(submitted(world.unit, world.writer), actor=world.editor, publication=pub)
    issue = desk.issue_issue(desk.draft_issue(pub, actor=world.editor), actor=world.editor)
    assert desk.record_opening(issue, world.leader) is not None
    assert desk.record_opening(issue, world.leader) is not None
    assert desk.record_opening(issue, world.editor) is not None
    assert desk.record_opening(issue, world.county_editor) is None
    assert desk.record_opening(issue, world.writer) is None
    assert list(Circulation.objects.values_list("user__username", flat=True)) == ["ld", "ld", "xxk"]


def test_leader_does_not_read_drafts(world: DeskWorld) -> None:
    issue = desk.draft_issue(publication(world), actor=world.editor)
    assert desk.record_opening(issue, world.leader) is None


def test_forward_on_platform_then_automatic_adoption_down_the_chain(world: DeskWorld) -> None:
    """A county unit's item, forwarded by the county's office to the city's, adopted there: the
    county office's forwarded submission is adopted from the issue, the unit's original
    automatically, both ``via_forward`` at the city publication's level."""
    original = submitted(world.county_unit, world.county_writer, title="县财政局推进预算绩效管理")
    assert original.recipient == world.county_office
    assert desk.forward_target(world.county_office) == world.office
    assert desk.forward_target(world.office) is None
    forward = desk.forward_up(original, actor=world.county_editor)
    created = forward.created
    assert created is not None
    assert (created.organization, created.recipient, created.forwarded_from) == (
        world.county_office,
        world.office,
        original,
    )
    assert created.state == State.SUBMITTED
    assert created.body == original.body
    original.refresh_from_db()
    assert original.state == State.RECEIVED
    assert Notification.objects.filter(recipient=world.editor, kind="govinfo.submitted").count() == 1
    with pytest.raises(ValidationError, match="该信息已转报测试市人民政府办公室。"):
        desk.forward_up(original, actor=world.county_editor)
    with pytest.raises(ValidationError, match="本单位的上级不在平台上，请登记为平台外转报。"):
        desk.forward_up(created, actor=world.editor)

    pub = publication(world)
    entry = desk.adopt(created, actor=world.editor, publication=pub)
    desk.issue_issue(entry.issue, actor=world.editor)
    rows = {a.submission_id: a for a in Adoption.objects.all()}
    assert set(rows) == {created.pk, original.pk}
    assert (rows[created.pk].source, rows[created.pk].via_forward) == (AdoptionSource.ISSUE, True)
    assert (rows[original.pk].source, rows[original.pk].via_forward) == (AdoptionSource.AUTOMATIC, True)
    assert rows[original.pk].level == "city"
    assert rows[original.pk].issue_label == "2026年第1期"
    assert Notification.objects.filter(recipient=world.county_writer, kind="govinfo.adopted").count() == 1


def test_forward_off_platform_is_recorded_by_hand(world: DeskWorld) -> None:
    s = submitted(world.unit, world.writer)
    with pytest.raises(ValidationError, match="请填写转报单位。"):
        desk.forward_off_platform(s, actor=world.editor, to_name=" ")
    forward = desk.forward_off_platform(s, actor=world.editor, to_name="省政府办公厅")
    assert (forward.to_name, forward.created, forward.to_organization) == ("省政府办公厅", None, None)
    assert Forward.objects.count() == 1
    assert Submission.objects.count() == 1


def test_manual_adoption_above(world: DeskWorld) -> None:
    province = Publication.objects.get(code="province-general")
    forwarded = submitted(world.unit, world.writer, title="已转报省里的信息")
    desk.forward_off_platform(forwarded, actor=world.editor, to_name="省政府办公厅")
    plain = submitted(world.unit, world.writer, title="未转报的信息")
    rows = desk.record_adoption_above(
        [forwarded, plain],
        actor=world.editor,
        publication=province,
        issue_label="2026年第15期",
        adopted_on=dt.date(2026, 2, 20),
        notice="皖政办信息〔2026〕3号",
    )
    got = {a.submission_id: (a.source, a.level, a.via_forward, a.notice) for a in rows}
    assert got == {
        forwarded.pk: (AdoptionSource.MANUAL, "province", True, "皖政办信息〔2026〕3号"),
        plain.pk: (AdoptionSource.MANUAL, "province", False, "皖政办信息〔2026〕3号"),
    }
    with pytest.raises(ValidationError, match="已经登记"):
        desk.record_adoption_above(
            [plain], actor=world.editor, publication=province, issue_label="2026年第15期", adopted_on=DAY
        )
    with pytest.raises(PermissionDenied):
        desk.record_adoption_above(
            [plain], actor=world.county_editor, publication=province, issue_label="第1期", adopted_on=DAY
        )
    own = publication(world)
    with pytest.raises(ValidationError, match="平台上的刊物印发时自动登记采用"):
        desk.record_adoption_above(
            [plain], actor=world.editor, publication=own, issue_label="x", adopted_on=DAY
        )


def test_merge_credits_every_unit(world: DeskWorld) -> None:
    keep = submitted(world.unit, world.writer, title="暴雨")
    county = world.region.county
    from gongkai.testing import UserFactory, grant

    county_writer = grant(UserFactory.create(username="xq"), county, "info_officer")
    other = submitted(county, county_writer, title="县里报的暴雨")
    assert other.recipient == world.office
    desk.merge(keep, [other], actor=world.editor)
    other.refresh_from_db()
    keep.refresh_from_db()
    assert (other.state, other.merged_into) == (State.MERGED, keep)
    assert keep.state == State.RECEIVED
    assert set(CreditedUnit.objects.filter(submission=keep).values_list("organization", flat=True)) == {
        world.unit.pk,
        county.pk,
    }
    assert Notification.objects.filter(recipient=county_writer, kind="govinfo.merged").count() == 1
    with pytest.raises(ValidationError, match="不能合并"):
        desk.merge(keep, [other], actor=world.editor)
    with pytest.raises(ValidationError, match="请选择要合并的信息。"):
        desk.merge(keep, [keep], actor=world.editor)


def test_automatic_adoption_walks_a_chain_of_two_forwards(world: DeskWorld) -> None:
    """A township unit's item forwarded by the township's office to the county's, and by the
    county's to the city's: the city's issue adopts the county office's submission (ISSUE) and,
    automatically, the township office's and the unit's (AUTOMATIC, via_forward), each once."""
    from gongkai.orgs.models import Kind, Level
    from gongkai.testing import OrganizationFactory, UserFactory, grant

    township = OrganizationFactory.create(
        name="测试镇人民政府", kind=Kind.GOVERNMENT, level=Level.TOWNSHIP, parent=world.region.county
    )
    township_office = OrganizationFactory.create(
        name="测试镇党政办",
        kind=Kind.GENERAL_OFFICE,
        level=Level.TOWNSHIP,
        parent=township,
        is_competent_authority=True,
    )
    unit = OrganizationFactory.create(name="测试镇农业站", level=Level.TOWNSHIP, parent=township)
    township_editor = grant(UserFactory.create(username="zxxk"), township_office, "info_editor")
    writer = grant(UserFactory.create(username="zxxy"), unit, "info_officer")
    assert desk.forward_target(township_office) == world.county_office

    original = submitted(unit, writer, title="镇农业站推广秸秆还田")
    assert original.recipient == township_office
    first = desk.forward_up(original, actor=township_editor).created
    assert first is not None and first.recipient == world.county_office
    second = desk.forward_up(first, actor=world.county_editor).created
    assert second is not None and second.recipient == world.office
    entry = desk.adopt(second, actor=world.editor, publication=publication(world))
    desk.issue_issue(entry.issue, actor=world.editor)
    rows = {a.submission_id: (a.source, a.via_forward, a.level) for a in Adoption.objects.all()}
    assert rows == {
        second.pk: (AdoptionSource.ISSUE, True, "city"),
        first.pk: (AdoptionSource.AUTOMATIC, True, "city"),
        original.pk: (AdoptionSource.AUTOMATIC, True, "city"),
    }


def test_issuing_on_a_past_day(world: DeskWorld) -> None:
    """The demo's history and issues entered after printing: dated ``on``, numbered in that year."""
    pub = publication(world)
    entry = desk.adopt(submitted(world.unit, world.writer), actor=world.editor, publication=pub)
    with pytest.raises(ValidationError, match="印发日期不能晚于今天。"):
        desk.issue_issue(entry.issue, actor=world.editor, on=dt.date(2026, 3, 3))
    issue = desk.issue_issue(entry.issue, actor=world.editor, on=dt.date(2025, 12, 30))
    assert (issue.year, issue.number, issue.date) == (2025, 1, dt.date(2025, 12, 30))
    assert Adoption.objects.get().adopted_on == dt.date(2025, 12, 30)
    assert Adoption.objects.get().issue_label == "2025年第1期"
