"""The submissions' entries in "我的工作" (docs/SPEC.md §8): each count is the rows its link opens."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.govinfo.hooks import submissions as hooks
from gongkai.govinfo.services import submissions as services
from gongkai.govinfo.tests.submission_world import build_world, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    clock.set(dt.date(2026, 3, 2))
    return build_world()


def _entries(world, user):
    world.fresh(user)
    return {e.key: e for e in hooks.entries(user, dt.date(2026, 3, 2))}


def test_inbox_counts_match_the_lists(world, client):
    draft(world)
    sent = services.send_for_signoff(actor=world.writer, submission=draft(world, title="第二篇"))
    mine = _entries(world, world.writer)
    assert mine["govinfo_drafts"].count == 1
    assert mine["govinfo_returned"].count == 0
    assert "govinfo_to_sign" not in mine
    client.force_login(world.writer)
    r = client.get(mine["govinfo_drafts"].url)
    assert r.status_code == 200 and len(r.context["page_obj"].object_list) == 1

    head = _entries(world, world.section_head)
    assert head["govinfo_to_sign"].count == 1
    assert head["govinfo_to_sign"].rows[0][0] == "第二篇"
    assert "govinfo_drafts" not in head
    assert _entries(world, world.deputy)["govinfo_to_sign"].count == 0
    services.sign_submission(actor=world.section_head, submission=sent)
    assert _entries(world, world.deputy)["govinfo_to_sign"].count == 1
    assert _entries(world, world.section_head)["govinfo_to_sign"].count == 0


def test_sent_back_by_a_signer_is_a_draft_again_and_the_author_is_told(world):
    from gongkai.notifications.models import Notification

    s = services.send_for_signoff(actor=world.writer, submission=draft(world))
    services.send_back(actor=world.section_head, submission=s, reason="数据需核实")
    s.refresh_from_db()
    assert s.state == "draft" and s.return_reason == "数据需核实"
    note = Notification.objects.get(recipient=world.writer, kind="govinfo.returned")
    assert note.body == "退回理由：数据需核实"
    entry = _entries(world, world.writer)["govinfo_drafts"]
    assert entry.count == 1 and entry.rows[0][2] == "签发人退回：数据需核实"


def test_inbox_page_and_menu_show_the_entries(world, client):
    from django.urls import reverse

    services.send_for_signoff(actor=world.writer, submission=draft(world, title="待签的稿件"))
    world.fresh(world.section_head)
    client.force_login(world.section_head)
    r = client.get(reverse("backoffice:inbox"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "待我签发的信息" in html and "待签的稿件" in html
    assert reverse("backoffice:govinfo_submissions") in html  # the 信息报送 menu entry
