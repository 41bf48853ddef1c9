"""The author's side of a submission (docs/SPEC.md §8): drafts and revisions, authors and shares,
joint credits, attachments, the length checked again on 送签, withdrawal until the desk received it,
and a returned submission sent again as a new round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.govinfo import revisions
from gongkai.govinfo.models import Commission, CommissionKind, CommissionTarget, State
from gongkai.govinfo.services import submissions as services
from gongkai.govinfo.services.submissions import AuthorSpec
from gongkai.govinfo.tests.submission_world import build_world, carrier, draft, sign_all
from gongkai.orgs.models import RoleName, SignOffStep
from gongkai.testing import OrganizationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(clock):
    clock.set(dt.date(2026, 3, 2))
    return build_world()


def _receive(s, at):
    """What the desk's 签收 leaves on the row (helper B's service does it for real)."""
    s.receive()
    s.received_at = at
    s.save()


# -- length ----------------------------------------------------------------------------------------


def test_over_limit_at_most_refused_with_count_limit_and_cut(world):
    s = draft(world, body="<p>" + "字" * 198 + "GDP 2026</p>")  # 198 + 2 words = 200: fits
    assert services.length_problem(s) is None
    services.update_submission(actor=world.writer, submission=s, fields={"body": "<p>" + "字" * 203 + "</p>"})
    with pytest.raises(ValidationError) as e:
        services.send_for_signoff(actor=world.writer, submission=s)
    assert e.value.messages == ["正文字数为203字，超过“普刊”不超过200字的上限，请删减3字后再送签。"]
    s.refresh_from_db()
    assert s.state == State.DRAFT and s.signoff_round == 0


def test_about_carrier_refused_only_past_its_tolerance(world):
    s = draft(world, body="<p>" + "字" * 220 + "</p>", carrier=carrier("yaoqing"))
    assert services.length_problem(s) is None  # 200字左右: up to 220
    services.update_submission(actor=world.writer, submission=s, fields={"body": "<p>" + "字" * 230 + "</p>"})
    with pytest.raises(ValidationError) as e:
        services.send_for_signoff(actor=world.writer, submission=s)
    assert e.value.messages == [
        "正文字数为230字，超过“要情”200字左右（最多220字）的上限，请删减10字后再送签。"
    ]


def test_empty_body_refused(world):
    s = draft(world, body="<p> </p>")
    with pytest.raises(ValidationError, match="正文不能为空"):
        services.send_for_signoff(actor=world.writer, submission=s)


# -- drafts, revisions, authors --------------------------------------------------------------------


def test_only_the_units_writers_draft_and_edit(world):
    with pytest.raises(PermissionDenied):
        services.create_submission(actor=world.other_writer, organization=world.unit, fields={"title": "x"})
    s = draft(world)
    with pytest.raises(PermissionDenied):
        services.update_submission(actor=world.section_head, submission=s, fields={"title": "改"})
    services.send_for_signoff(actor=world.writer, submission=s)
    with pytest.raises(PermissionDenied):  # no edits while it is being signed
        services.update_submission(actor=world.writer, submission=s, fields={"title": "改"})


def test_every_save_is_a_revision(world):
    s = draft(world)
    assert s.authors.get().name == "信息员甲" and s.authors.get().share == Decimal(1)
    assert list(s.revisions.values_list("number", "note")) == [(1, "起草")]
    services.update_submission(actor=world.writer, submission=s, fields={"kind": "experience"})
    assert s.revisions.count() == 1  # title and body unchanged
    services.update_submission(actor=world.writer2, submission=s, fields={"body": "<p>改后的正文。</p>"})
    assert list(s.revisions.values_list("number", "by")) == [(1, world.writer.pk), (2, world.writer2.pk)]


def test_shares_must_add_up_to_one():
    def check(*authors):
        services.validate_shares([AuthorSpec(n, Decimal(s)) for n, s in authors])

    check(("甲", "0.5"), ("乙", "0.3"), ("丙", "0.2"))
    check(("甲", "1"))
    with pytest.raises(ValidationError) as e:
        check(("甲", "0.5"), ("乙", "0.4"))
    assert e.value.messages == ["各作者的份额合计应为1（现为0.9），请调整。"]
    with pytest.raises(ValidationError, match=r"份额合计应为1（现为1\.1）"):
        check(("甲", "0.6"), ("乙", "0.5"))
    with pytest.raises(ValidationError, match="“乙”的份额应大于0且不超过1"):
        check(("甲", "1"), ("乙", "0"))
    with pytest.raises(ValidationError, match="最多保留三位小数"):
        check(("甲", "0.3333"), ("乙", "0.6667"))
    with pytest.raises(ValidationError, match="第2位作者须填写姓名"):
        check(("甲", "0.5"), (" ", "0.5"))
    with pytest.raises(ValidationError, match="至少须有一名作者"):
        check()


def test_authors_saved_in_order(world):
    s = services.create_submission(
        actor=world.writer,
        organization=world.unit,
        fields={"title": "联合稿", "body": "<p>正文</p>"},
        authors=[
            AuthorSpec("信息员甲", Decimal("0.7"), world.writer),
            AuthorSpec("外单位某", Decimal("0.3")),
        ],
    )
    assert [(a.name, a.share, a.user_id) for a in s.authors.all()] == [
        ("信息员甲", Decimal("0.700"), world.writer.pk),
        ("外单位某", Decimal("0.300"), None),
    ]


def test_joint_submission_credits_the_unit_and_its_partners(world):
    partner = OrganizationFactory.create(name="测试市卫生健康委员会", parent=world.region.city)
    s = services.create_submission(
        actor=world.writer,
        organization=world.unit,
        fields={"title": "联合稿", "body": "<p>正文</p>"},
        partners=[partner],
    )
    assert set(s.credits.values_list("organization_id", flat=True)) == {world.unit.pk, partner.pk}
    with pytest.raises(ValidationError, match="联合报送单位须为报送至同一办公室的其他单位"):
        services.update_submission(
            actor=world.writer, submission=s, fields={}, partners=[world.region.county_dept]
        )
    services.update_submission(actor=world.writer, submission=s, fields={}, partners=[])
    assert list(s.credits.values_list("organization_id", flat=True)) == [world.unit.pk]


# -- attachments -----------------------------------------------------------------------------------


def test_photo_and_refused_file(world):
    s = draft(world)
    photo = services.add_attachment(actor=world.writer, submission=s, data=PNG, filename="现场.png")
    assert (photo.kind, photo.is_photo, photo.size) == ("png", True, len(PNG))
    with pytest.raises(ValidationError, match="不是可接受的文件格式"):
        services.add_attachment(actor=world.writer, submission=s, data=b"hello", filename="x.exe")
    services.remove_attachment(actor=world.writer, attachment=photo)
    assert not s.attachments.exists()


# -- withdrawal ------------------------------------------------------------------------------------


def test_withdraw_before_receipt(world):
    for stage in ("draft", "signing", "submitted"):
        s = draft(world, title=stage)
        if stage != "draft":
            s = services.send_for_signoff(actor=world.writer, submission=s)
        if stage == "submitted":
            s = sign_all(world, s)
            assert s.state == State.SUBMITTED
        s = services.withdraw_submission(actor=world.writer2, submission=s, reason="重复报送")
        assert s.state == State.WITHDRAWN


def test_withdraw_refused_once_received(world, clock):
    s = sign_all(world, services.send_for_signoff(actor=world.writer, submission=draft(world)))
    clock.set(dt.datetime(2026, 3, 2, 14, 5))
    _receive(s, clock.now)
    assert not services.can_withdraw(world.writer, s)
    with pytest.raises(ValidationError) as e:
        services.withdraw_submission(actor=world.writer, submission=s)
    assert e.value.messages == [
        "信息科已于2026-03-02 14:05签收这份稿件，不能再撤回；如需更正，请与信息科联系。"
    ]
    s.refresh_from_db()
    assert s.state == State.RECEIVED


def test_signer_cannot_withdraw(world):
    s = services.send_for_signoff(actor=world.writer, submission=draft(world))
    with pytest.raises(PermissionDenied):
        services.withdraw_submission(actor=world.section_head, submission=s)


# -- returned by the desk, sent again --------------------------------------------------------------


def test_returned_is_edited_and_signed_again_from_the_start(world, clock):
    s = sign_all(world, services.send_for_signoff(actor=world.writer, submission=draft(world)))
    first_serial, first_at = s.serial, s.submitted_at
    clock.set(dt.datetime(2026, 3, 3, 9, 0))
    _receive(s, clock.now)
    s.send_back()
    s.return_reason = "请补充具体数据"
    s.save()
    services.notify_returned(s, s.return_reason)
    from gongkai.notifications.models import Notification

    assert Notification.objects.filter(recipient=world.writer, kind="govinfo.returned").count() == 1
    assert services.can_withdraw(world.writer, s)  # the author may also give it up
    s = services.update_submission(
        actor=world.writer, submission=s, fields={"body": "<p>市教育局检查学校126所。</p>"}
    )
    clock.set(dt.datetime(2026, 3, 3, 10, 0))
    s = services.send_for_signoff(actor=world.writer, submission=s)
    assert (s.state, s.signoff_round, s.signoff_position) == (State.SIGNING, 2, 0)
    s = services.sign_submission(actor=world.section_head, submission=s)  # signs again in round 2
    s = services.sign_submission(actor=world.deputy, submission=s)
    s.refresh_from_db()
    assert s.state == State.SUBMITTED
    assert s.serial == first_serial
    assert s.submitted_at == clock.now and s.submitted_at != first_at
    assert s.received_at is None
    assert list(s.signatures.values_list("round", "position")) == [(1, 1), (1, 2), (2, 1), (2, 2)]


# -- the diff on the page ----------------------------------------------------------------------------


def test_page_shows_the_sections_edits_against_the_authors_last_version(world, client):
    s = draft(world, body="<p>今年全市新建学校5所。</p>")
    s = sign_all(world, services.send_for_signoff(actor=world.writer, submission=s))
    s.body = "<p>今年全市新建中小学校6所。</p>"
    s.save()
    revisions.record(s, by=world.desk, by_editor=True, note="信息科编辑")
    world.fresh(world.writer)
    client.force_login(world.writer)
    r = client.get(reverse("backoffice:govinfo_submission", args=[s.pk]))
    html = r.content.decode()
    assert "信息科的修改（与作者最后一稿比较）" in html
    assert "今年全市新建<ins>中小</ins>学校<del>5</del><ins>6</ins>所。" in html
    r = client.get(reverse("backoffice:govinfo_submission", args=[s.pk]), {"compare": 1})
    assert "第1版与第2版比较" in r.content.decode()
    assert (
        client.get(reverse("backoffice:govinfo_submission", args=[s.pk]), {"compare": 2}).status_code == 404
    )


# -- commissions and chains ------------------------------------------------------------------------


def test_open_commissions_of_a_unit(world, clock):
    now = clock.now

    def commission(title, kind, *, org=None, deadline=None, issued=True, to=None, quarter=None):
        c = Commission.objects.create(
            organization=org or world.office,
            kind=kind,
            year=2026,
            quarter=quarter,
            title=title,
            deadline=deadline,
            issued_at=now if issued else None,
            created_by=world.desk,
        )
        if to is not None:
            CommissionTarget.objects.create(commission=c, organization=to)
        return c

    commission("约稿：春季安全", CommissionKind.NOTICE, deadline=now + dt.timedelta(days=3), to=world.unit)
    commission("已截止约稿", CommissionKind.NOTICE, deadline=now - dt.timedelta(days=1), to=world.unit)
    commission(
        "给县里的约稿",
        CommissionKind.NOTICE,
        deadline=now + dt.timedelta(days=3),
        to=world.region.county_dept,
    )
    quarter = (clock.today.month - 1) // 3 + 1  # the 报送要点 of the current quarter only
    commission("本季度报送要点", CommissionKind.POINTS, quarter=quarter)
    commission("上季度报送要点", CommissionKind.POINTS, quarter=quarter - 1 or 4)
    commission("未发布要点", CommissionKind.POINTS, issued=False, quarter=quarter)
    commission("县办要点", CommissionKind.POINTS, org=world.region.county_office)
    titles = list(services.open_commissions(world.unit).values_list("title", flat=True))
    assert sorted(titles) == sorted(["约稿：春季安全", "本季度报送要点"])
    closed = Commission.objects.get(title="已截止约稿")
    with pytest.raises(ValidationError, match="所选约稿已截止或不是发给本单位的"):
        draft(world, commission=closed)


def test_a_unit_without_a_chain_signs_in_one_step(world):
    unit = OrganizationFactory.create(name="测试市民政局", parent=world.region.city)
    writer = grant(UserFactory.create(username="mz-xxy"), unit, RoleName.INFO_OFFICER)
    signer = grant(UserFactory.create(username="mz-qf"), unit, RoleName.SIGNER)
    s = services.create_submission(
        actor=writer,
        organization=unit,
        fields={"title": "民政动态", "body": "<p>正文</p>", "urgency": "urgent"},
    )
    s = services.send_for_signoff(actor=writer, submission=s)
    s = services.sign_submission(actor=signer, submission=s)
    assert s.state == State.SUBMITTED
    assert list(s.signatures.values_list("title", flat=True)) == ["签发"]
    assert s.serial == "2026-0001"  # serials count per unit


def test_install_default_chain(world):
    steps = SignOffStep.objects.filter(organization=world.unit, workflow="submission").order_by("position")
    assert [(st.title, st.condition) for st in steps] == [
        ("科室负责人审核", "always"),
        ("分管副职签发", "always"),
        ("主要负责人签发", "region_wide_or_urgent"),
    ]
    assert not SignOffStep.objects.filter(organization=world.unit, workflow="item").exists()
    with pytest.raises(ValidationError, match="不是本单位的签发人"):
        services.install_default_chain(
            world.unit, section_head=world.writer, deputy=world.deputy, head=world.head
        )
    # with an administrator, through orgs.services
    services.install_default_chain(
        world.unit,
        section_head=world.deputy,
        deputy=world.section_head,
        head=world.head,
        actor=world.region.admin,
    )
    first = SignOffStep.objects.get(organization=world.unit, workflow="submission", position=1)
    assert first.signers.get() == world.deputy
    with pytest.raises(PermissionDenied):
        services.install_default_chain(
            world.unit,
            section_head=world.deputy,
            deputy=world.section_head,
            head=world.head,
            actor=world.writer,
        )
