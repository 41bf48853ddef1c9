"""The submissions screens as each role sees them (docs/SPEC.md §8): 200 where the page serves the
person, 403 for an action the policy refuses on something they may read, 404 for what they may not
read; bad input is a 4xx or a message, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.govinfo.models import State, Submission
from gongkai.govinfo.services import submissions as services
from gongkai.govinfo.tests.submission_world import build_world, carrier, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    clock.set(dt.date(2026, 3, 2))
    return build_world()


def _as(client, user):
    user.__dict__.pop("_gongkai_roles", None)
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"backoffice:{name}", args=args)


def test_writer_creates_a_draft_through_the_form(world, client):
    c = _as(client, world.writer)
    r = c.get(url("govinfo_submission_new"))
    assert r.status_code == 200
    assert b"data-length-body" in r.content and b'data-limit="200"' in r.content
    assert b"govinfo/length.js" in r.content
    r = c.post(
        url("govinfo_submission_new"),
        {
            "organization": world.unit.pk,
            "title": "市教育局开展春季开学安全检查",
            "carrier": carrier().pk,
            "body": "<p>3月1日，市教育局开展检查。</p>",
            "kind": "dynamic",
            "time_class": "day",
            "urgency": "normal",
            "authors": "信息员甲 0.6\n信息员乙 0.4",
        },
    )
    assert r.status_code == 302
    s = Submission.objects.get()
    assert r["Location"] == url("govinfo_submission", s.pk)
    assert [(a.name, str(a.share), a.user_id) for a in s.authors.all()] == [
        ("信息员甲", "0.600", world.writer.pk),
        ("信息员乙", "0.400", world.writer2.pk),
    ]
    assert s.length == 14  # 3 月 1 日 ， 市 教 育 局 开 展 检 查 。 : "3" is one word
    assert s.revisions.count() == 1


def test_bad_shares_are_a_form_error(world, client):
    c = _as(client, world.writer)
    r = c.post(
        url("govinfo_submission_new"),
        {
            "organization": world.unit.pk,
            "title": "标题",
            "body": "<p>正文</p>",
            "kind": "dynamic",
            "time_class": "day",
            "urgency": "normal",
            "authors": "甲 0.5\n乙 0.4",
        },
    )
    assert r.status_code == 200
    assert "各作者的份额合计应为1（现为0.9），请调整。" in r.content.decode()
    assert not Submission.objects.exists()


def test_page_as_each_role(world, client):
    s = draft(world)
    assert _as(client, world.writer).get(url("govinfo_submission", s.pk)).status_code == 200
    assert _as(client, world.writer2).get(url("govinfo_submission", s.pk)).status_code == 200
    # a signer does not see a draft that was never sent
    assert _as(client, world.section_head).get(url("govinfo_submission", s.pk)).status_code == 404
    assert _as(client, world.other_writer).get(url("govinfo_submission", s.pk)).status_code == 404
    assert _as(client, world.region.outsider).get(url("govinfo_submissions")).status_code == 403
    services.send_for_signoff(actor=world.writer, submission=s)
    r = _as(client, world.section_head).get(url("govinfo_submission", s.pk))
    assert r.status_code == 200 and "签发意见" in r.content.decode()
    r = _as(client, world.deputy).get(url("govinfo_submission", s.pk))
    assert "签发意见" not in r.content.decode()
    assert _as(client, world.deputy).get(url("govinfo_submission_edit", s.pk)).status_code == 403


def test_lists(world, client):
    s = services.send_for_signoff(actor=world.writer, submission=draft(world))
    r = _as(client, world.writer).get(url("govinfo_submissions"), {"state": "signing", "year": "2026"})
    assert r.status_code == 200 and s.title in r.content.decode()
    assert (
        _as(client, world.writer).get(url("govinfo_submissions"), {"year": "abc", "state": "x"}).status_code
        == 200
    )
    assert _as(client, world.writer).get(url("govinfo_submissions"), {"org": "99999"}).status_code == 404
    r = _as(client, world.section_head).get(url("govinfo_signing"))
    assert r.status_code == 200 and s.title in r.content.decode()
    r = _as(client, world.deputy).get(url("govinfo_signing"))
    assert s.title not in r.content.decode()


def test_sign_and_send_through_the_views(world, client, clock):
    s = draft(world)
    r = _as(client, world.writer).post(url("govinfo_submission_send", s.pk))
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.state == State.SIGNING
    r = _as(client, world.section_head).post(
        url("govinfo_submission_sign", s.pk), {"step": 1, "opinion": "同意"}
    )
    assert r.status_code == 302
    r = _as(client, world.deputy).post(url("govinfo_submission_sign", s.pk), {"step": 2})
    s.refresh_from_db()
    assert s.state == State.SUBMITTED
    # a stale or malformed form is a message, not a 500
    r = _as(client, world.deputy).post(url("govinfo_submission_sign", s.pk), {"step": "x"}, follow=True)
    assert r.status_code == 200 and "签发表单不完整" in r.content.decode()
    r = _as(client, world.head).post(url("govinfo_submission_sign", s.pk), {"step": 3})
    assert r.status_code == 403


def test_over_limit_send_refused_with_a_message(world, client):
    s = draft(world, body="<p>" + "字" * 205 + "</p>")
    r = _as(client, world.writer).post(url("govinfo_submission_send", s.pk), follow=True)
    assert "正文字数为205字，超过“普刊”不超过200字的上限，请删减5字后再送签。" in r.content.decode()
    s.refresh_from_db()
    assert s.state == State.DRAFT


def test_get_on_actions_is_405_and_unknown_ids_404(world, client):
    c = _as(client, world.writer)
    assert c.get(url("govinfo_submission_send", 1)).status_code == 405
    assert c.get(url("govinfo_submission", 99999)).status_code == 404
    assert c.get(url("govinfo_submission", 1) + "?compare=abc").status_code == 404


def test_menu_section_for_writers_and_signers_only(world):
    from gongkai.govinfo import access

    assert access.can_open_submissions(world.fresh(world.writer))
    assert access.can_open_submissions(world.fresh(world.deputy))
    assert not access.can_open_submissions(world.fresh(world.desk))
    assert not access.can_open_submissions(world.fresh(world.region.outsider))


def test_bad_form_input_is_a_form_error(world, client):
    c = _as(client, world.writer)
    base = {
        "title": "标题",
        "body": "<p>正文</p>",
        "kind": "dynamic",
        "time_class": "day",
        "urgency": "normal",
    }
    r = c.post(url("govinfo_submission_new"), {**base, "organization": world.region.county_dept.pk})
    assert r.status_code == 200 and r.context["form"].errors["organization"]
    r = c.post(url("govinfo_submission_new"), {**base, "organization": world.unit.pk, "carrier": "abc"})
    assert r.status_code == 200 and r.context["form"].errors["carrier"]
    r = c.post(url("govinfo_submission_new"), {**base, "organization": world.unit.pk, "kind": "nonsense"})
    assert r.status_code == 200 and r.context["form"].errors["kind"]
    r = c.post(url("govinfo_submission_new"), {**base, "organization": world.unit.pk, "authors": "甲\n乙"})
    assert "有多位作者时须为每位作者填写份额（甲、乙未填）。" in r.content.decode()
    assert not Submission.objects.exists()
    s = draft(world)
    r = c.post(url("govinfo_submission_edit", s.pk), {**base, "title": "", "commission": "999999"})
    assert (
        r.status_code == 200 and r.context["form"].errors["title"] and r.context["form"].errors["commission"]
    )


def test_edit_with_a_photo_then_download_and_remove(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    s = draft(world)
    c = _as(client, world.writer)
    r = c.post(
        url("govinfo_submission_edit", s.pk),
        {
            "title": s.title,
            "body": s.body,
            "kind": "dynamic",
            "time_class": "day",
            "urgency": "normal",
            "attachment": SimpleUploadedFile("现场照片.png", png, content_type="image/png"),
        },
    )
    assert r.status_code == 302
    photo = s.attachments.get()
    assert photo.is_photo
    r = c.get(url("govinfo_submission_attachment", s.pk, photo.pk))
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert (
        _as(client, world.other_writer).get(url("govinfo_submission_attachment", s.pk, photo.pk)).status_code
        == 404
    )
    c = _as(client, world.writer)
    assert c.post(url("govinfo_submission_attachment_remove", s.pk, photo.pk)).status_code == 302
    assert not s.attachments.exists()


def test_desk_reads_what_was_submitted_and_withdrawal_after_receipt_is_a_message(world, client, clock):
    from gongkai.govinfo.tests.submission_world import sign_all

    s = draft(world)
    assert _as(client, world.desk).get(url("govinfo_submission", s.pk)).status_code == 404
    s = sign_all(world, services.send_for_signoff(actor=world.writer, submission=s))
    assert _as(client, world.desk).get(url("govinfo_submission", s.pk)).status_code == 200
    s.receive()
    s.received_at = clock.now
    s.save()
    r = _as(client, world.writer).post(url("govinfo_submission_withdraw", s.pk), follow=True)
    assert (
        "信息科已于2026-03-02 10:00签收这份稿件，不能再撤回；如需更正，请与信息科联系。" in r.content.decode()
    )
    s.refresh_from_db()
    assert s.state == State.RECEIVED
    assert _as(client, world.deputy).post(url("govinfo_submission_withdraw", s.pk)).status_code == 403
