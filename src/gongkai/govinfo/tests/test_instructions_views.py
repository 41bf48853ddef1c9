"""The 领导批示 screens per role (docs/SPEC.md §8 "Leader instructions (批示) … with follow-up"): a leader
writes from an issue, the desk records a paper one, a leader of another government is refused, the
follow-up is opened, reported and closed on its pages; bad input answers 4xx, never 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.govinfo.models import FollowUp, FollowUpState, Instruction, Issue, Submission
from gongkai.govinfo.services import instructions as services
from gongkai.govinfo.tests.commission_world import (
    World,
    at,
    build_world,
    issued_issue,
    publication,
    submission,
)

pytestmark = pytest.mark.django_db

NEW = reverse("backoffice:govinfo_instruction_new")
LIST = reverse("backoffice:govinfo_instructions")


@pytest.fixture
def world(clock: Any) -> World:
    clock.set(dt.date(2026, 3, 2))
    return build_world()


@pytest.fixture
def item(world: World) -> Submission:
    return submission(
        world.unit, world.writer, submitted_at=at(dt.date(2026, 3, 2), 9), recipient=world.office
    )


@pytest.fixture
def issue(world: World, item: Submission) -> Issue:
    return issued_issue(publication(world.office), world.desk, items=(item,))


def as_user(client: Any, user: Any) -> Any:
    user.__dict__.pop("_gongkai_roles", None)
    client.force_login(user)
    return client


def test_a_leader_writes_from_an_issue(client: Any, world: World, issue: Issue) -> None:
    as_user(client, world.leader)
    assert client.get(f"{NEW}?issue={issue.pk}").status_code == 200
    response = client.post(f"{NEW}?issue={issue.pk}", {"text": "请市教育局总结经验。", "given_on": ""})
    ins = Instruction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:govinfo_instruction", args=[ins.pk])
    assert (ins.leader, ins.text, ins.given_on) == (world.leader, "请市教育局总结经验。", dt.date(2026, 3, 2))
    page = client.get(LIST).content.decode()
    assert "请市教育局总结经验。" in page


def test_a_leader_of_another_government_is_refused(client: Any, world: World) -> None:
    county_item = submission(
        world.county_unit, world.county_unit_writer, submitted_at=at(dt.date(2026, 3, 2))
    )
    county_issue = issued_issue(
        publication(world.county_office, "xzwxx"), world.county_desk, items=(county_item,)
    )
    as_user(client, world.leader)
    assert client.get(f"{NEW}?issue={county_issue.pk}").status_code == 403
    assert client.post(f"{NEW}?issue={county_issue.pk}", {"text": "阅。"}).status_code == 403
    assert Instruction.objects.count() == 0


def test_the_desk_records_a_paper_instruction_on_an_item(client: Any, world: World, item: Submission) -> None:
    as_user(client, world.desk)
    page = client.get(f"{NEW}?submission={item.pk}").content.decode()
    assert "登记领导批示" in page
    data = {
        "leader_name": "王副省长",
        "leader_title": "副省长",
        "level": "province",
        "given_on": "2026-02-27",
        "text": "经验可推广。",
    }
    assert client.post(f"{NEW}?submission={item.pk}", data).status_code == 302
    ins = Instruction.objects.get()
    assert (ins.leader, ins.leader_name, ins.level, ins.submission) == (None, "王副省长", "province", item)
    # The unit's 信息员 sees it on their item; the county's does not.
    assert "经验可推广。" in as_user(client, world.writer).get(LIST).content.decode()
    assert client.get(reverse("backoffice:govinfo_instruction", args=[ins.pk])).status_code == 200
    assert (
        as_user(client, world.county_unit_writer)
        .get(reverse("backoffice:govinfo_instruction", args=[ins.pk]))
        .status_code
        == 404
    )


def test_bad_input_never_500(client: Any, world: World, item: Submission, issue: Issue) -> None:
    as_user(client, world.desk)
    assert client.get(NEW).status_code == 404
    assert client.get(f"{NEW}?issue=abc").status_code == 404
    assert client.get(f"{NEW}?issue=999999").status_code == 404
    assert client.get(f"{NEW}?issue={issue.pk}&submission={item.pk}").status_code == 404
    response = client.post(
        f"{NEW}?issue={issue.pk}", {"leader_name": "", "level": "x", "given_on": "昨天", "text": ""}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "请按“2026-03-09”的格式填写日期。" in body
    response = client.post(
        f"{NEW}?issue={issue.pk}",
        {"leader_name": "甲", "level": "city", "given_on": "2026-03-05", "text": "阅。"},
    )
    assert response.status_code == 400 and "批示日期不能晚于今天。" in response.content.decode()
    assert client.get(LIST + "?work=zzz").status_code == 404
    as_user(client, world.region.outsider)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{NEW}?issue={issue.pk}").status_code == 403


def test_follow_up_on_its_pages(client: Any, world: World, issue: Issue, clock: Any) -> None:
    ins = services.write_instruction(actor=world.leader, issue=issue, text="请教育局落实。")
    as_user(client, world.desk)
    page = client.get(reverse("backoffice:govinfo_instruction", args=[ins.pk])).content.decode()
    assert "交办落实" in page
    bad = client.post(
        reverse("backoffice:govinfo_followup_new", args=[ins.pk]),
        {"organization": world.unit.pk, "deadline": ""},
    )
    assert bad.status_code == 400
    response = client.post(
        reverse("backoffice:govinfo_followup_new", args=[ins.pk]),
        {"organization": world.unit.pk, "deadline": "2026-03-09"},
    )
    fu = FollowUp.objects.get()
    assert response["Location"] == reverse("backoffice:govinfo_followup", args=[fu.pk])
    # The 信息员 of the unit reports; the inbox counts the open follow-up.
    from gongkai.govinfo.hooks.commissions import entries

    entry = next(e for e in entries(world.writer, dt.date(2026, 3, 2)) if e.key == "govinfo_followups")
    assert (entry.count, entry.urgent) == (1, False)
    as_user(client, world.writer)
    assert "请教育局落实。" in client.get(entry.url).content.decode()
    assert client.post(reverse("backoffice:govinfo_followup_close", args=[fu.pk])).status_code == 403
    response = client.post(
        reverse("backoffice:govinfo_followup_report", args=[fu.pk]), {"text": "已部署。", "closes": "on"}
    )
    assert response.status_code == 302
    # Overdue from 3月10日: the inbox marks it urgent and the page flags it.
    today = clock.set(dt.date(2026, 3, 10))
    entry = next(e for e in entries(world.writer, today) if e.key == "govinfo_followups")
    assert entry.urgent
    assert "已超期" in client.get(reverse("backoffice:govinfo_followup", args=[fu.pk])).content.decode()
    # Another unit's 信息员 cannot open it.
    as_user(client, world.county_unit_writer)
    assert client.get(reverse("backoffice:govinfo_followup", args=[fu.pk])).status_code == 404
    as_user(client, world.desk)
    assert client.post(reverse("backoffice:govinfo_followup_close", args=[fu.pk])).status_code == 302
    fu.refresh_from_db()
    assert fu.state == FollowUpState.CLOSED
    assert (
        client.post(reverse("backoffice:govinfo_followup_close", args=[fu.pk])).status_code == 302
    )  # message, no 500


def test_the_leaders_inbox_lists_unread_issues(client: Any, world: World, issue: Issue) -> None:
    from gongkai.govinfo.hooks.commissions import entries

    entry = next(e for e in entries(world.leader, dt.date(2026, 3, 2)) if e.key == "govinfo_issues_unread")
    assert entry.count == 1
    assert entry.rows[0][1] == reverse("backoffice:govinfo_issue", args=[issue.pk])


def test_opening_the_issue_clears_the_leaders_unread_entry(client: Any, world: World, issue: Issue) -> None:
    """The desk part's issue page records the opening (传阅); the entry counts what its link lists."""
    from gongkai.govinfo.hooks.commissions import entries

    entry = next(e for e in entries(world.leader, dt.date(2026, 3, 2)) if e.key == "govinfo_issues_unread")
    as_user(client, world.leader)
    assert entry.url == reverse("backoffice:govinfo_issues") + "?work=unread"
    assert (
        client.get(entry.url).content.decode().count(reverse("backoffice:govinfo_issue", args=[issue.pk]))
        >= 1
    )
    assert client.get(reverse("backoffice:govinfo_issue", args=[issue.pk])).status_code == 200
    entry = next(e for e in entries(world.leader, dt.date(2026, 3, 2)) if e.key == "govinfo_issues_unread")
    assert entry.count == 0


JUNK = ("abc", str(2**63), "a\x00b")
#: The query parameters these pages read.
QUERY = ("office", "kind", "work", "submission", "issue")


def test_junk_in_every_parameter_never_500(client: Any, world: World, item: Submission, issue: Issue) -> None:
    """Malformed ids, dates and strings in the query and the forms of the 约稿 and 批示 routes give 4xx
    or a form with its message, never a 5xx."""
    from gongkai.govinfo.models import CommissionKind
    from gongkai.govinfo.services import commissions

    c = commissions.create_commission(
        actor=world.desk,
        office=world.office,
        kind=CommissionKind.NOTICE,
        year=2026,
        title="约稿",
        deadline=at(dt.date(2026, 3, 9)),
        targets=[(world.unit, None)],
    )
    ins = services.write_instruction(actor=world.leader, issue=issue, text="阅。")
    fu = services.open_follow_up(
        actor=world.desk, instruction=ins, organization=world.unit, deadline=dt.date(2026, 3, 9)
    )
    routes = [
        ("backoffice:govinfo_commissions", []),
        ("backoffice:govinfo_commission_new", []),
        ("backoffice:govinfo_commission", [c.pk]),
        ("backoffice:govinfo_commission_edit", [c.pk]),
        ("backoffice:govinfo_commission_issue", [c.pk]),
        ("backoffice:govinfo_instructions", []),
        ("backoffice:govinfo_instruction_new", []),
        ("backoffice:govinfo_instruction", [ins.pk]),
        ("backoffice:govinfo_followup_new", [ins.pk]),
        ("backoffice:govinfo_followup", [fu.pk]),
        ("backoffice:govinfo_followup_report", [fu.pk]),
        ("backoffice:govinfo_followup_close", [fu.pk]),
    ]
    names = (
        "office", "kind", "work", "submission", "issue", "year", "quarter", "title", "deadline", "units",
        "people", "organization", "owner", "given_on", "level", "leader_name", "text", "closes",
    )  # fmt: skip
    for user in (world.desk, world.leader, world.writer):
        as_user(client, user)
        for name, args in routes:
            url = reverse(name, args=args)
            for junk in JUNK:
                for param in QUERY:
                    got = client.get(url, {param: junk}).status_code
                    assert got < 500, (user, url, "GET", param, junk)
                posted = client.post(url, dict.fromkeys(names, junk)).status_code
                assert posted < 500, (user, url, "POST", junk)
