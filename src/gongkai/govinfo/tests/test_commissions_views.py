"""The 约稿 screens per role (docs/SPEC.md §8): the desk creates, issues and sees answers per target
and who missed; a unit's 信息员 sees what is addressed to them with a 报送稿件 link; others are refused;
bad input answers 4xx, never 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.govinfo.models import Commission, CommissionKind
from gongkai.govinfo.services import commissions as services
from gongkai.govinfo.tests.commission_world import World, at, build_world, submission
from gongkai.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = reverse("backoffice:govinfo_commissions")
NEW = reverse("backoffice:govinfo_commission_new")


@pytest.fixture
def world(clock: Any) -> World:
    clock.set(dt.date(2026, 3, 2))
    return build_world()


def as_user(client: Any, user: Any) -> Any:
    user.__dict__.pop("_gongkai_roles", None)
    client.force_login(user)
    return client


def issued_notice(world: World, deadline: dt.datetime) -> Commission:
    c = services.create_commission(
        actor=world.desk,
        office=world.office,
        kind=CommissionKind.NOTICE,
        year=2026,
        title="关于报送春耕备耕情况的约稿通知",
        deadline=deadline,
        targets=[(world.unit, None), (world.county, None)],
    )
    return services.issue_commission(actor=world.desk, commission=c)


def test_desk_creates_and_issues_a_notice(client: Any, world: World) -> None:
    as_user(client, world.desk)
    assert client.get(LIST).status_code == 200
    assert client.get(NEW + "?kind=notice").status_code == 200
    response = client.post(
        NEW,
        {
            "office": world.office.pk,
            "kind": "notice",
            "year": "2026",
            "quarter": "",
            "title": "关于报送春耕备耕情况的约稿通知",
            "body": "请于3月9日前报送。",
            "deadline": "2026-03-09T17:00",
            "units": [world.unit.pk],
            "people": [world.county_writer.pk],
        },
    )
    c = Commission.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "backoffice:govinfo_commission", args=[c.pk]
    )
    assert {(t.organization_id, t.user_id) for t in c.targets.all()} == {
        (world.unit.pk, None),
        (world.county.pk, world.county_writer.pk),
    }
    assert c.issued_at is None
    client.post(reverse("backoffice:govinfo_commission_issue", args=[c.pk]))
    c.refresh_from_db()
    assert c.issued_at is not None
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"xxy", "xxy2", "cxxy"}


def test_a_bad_form_answers_400_with_the_message(client: Any, world: World) -> None:
    as_user(client, world.desk)
    response = client.post(
        NEW,
        {"office": world.office.pk, "kind": "notice", "year": "2026", "title": "约稿", "deadline": "明天"},
    )
    assert response.status_code == 400
    assert "请按“2026-03-09 17:00”的格式填写时间。" in response.content.decode()
    response = client.post(
        NEW, {"office": world.office.pk, "kind": "notice", "year": "2026", "title": "约稿"}
    )
    assert response.status_code == 400
    assert "约稿通知须有截止时间。" in response.content.decode()
    assert client.get(NEW + "?office=abc").status_code == 404
    assert client.get(NEW + f"?office={world.county_office.pk}").status_code == 404
    assert Commission.objects.count() == 0


def test_the_desk_sees_answers_per_target_and_who_missed(client: Any, world: World, clock: Any) -> None:
    c = issued_notice(world, at(dt.date(2026, 3, 9)))
    submission(
        world.unit,
        world.writer,
        commission=c,
        submitted_at=at(dt.date(2026, 3, 9), 16),
        title="教育局春耕答稿",
    )
    clock.set(dt.date(2026, 3, 10))
    page = (
        as_user(client, world.desk)
        .get(reverse("backoffice:govinfo_commission", args=[c.pk]))
        .content.decode()
    )
    assert "教育局春耕答稿" in page and "按期报送" in page
    assert "1个单位未按期报送。" in page and "未报送" in page


def test_an_information_officer_sees_what_is_addressed_with_a_link_to_answer(
    client: Any, world: World
) -> None:
    c = issued_notice(world, at(dt.date(2026, 3, 9)))
    as_user(client, world.writer)
    page = client.get(LIST).content.decode()
    assert "关于报送春耕备耕情况的约稿通知" in page
    assert f"{reverse('backoffice:govinfo_submission_new')}?commission={c.pk}" in page
    due = client.get(LIST + "?work=due").content.decode()
    assert "关于报送春耕备耕情况的约稿通知" in due
    detail = client.get(reverse("backoffice:govinfo_commission", args=[c.pk]))
    assert detail.status_code == 200 and "报送稿件" in detail.content.decode()
    # Not the desk's actions.
    assert client.get(NEW).status_code == 403
    assert client.post(reverse("backoffice:govinfo_commission_issue", args=[c.pk])).status_code == 403


def test_others_are_refused(client: Any, world: World) -> None:
    c = issued_notice(world, at(dt.date(2026, 3, 9)))
    as_user(client, world.county_unit_writer)  # reports to the county office: not addressed
    assert client.get(LIST).status_code == 200
    assert client.get(reverse("backoffice:govinfo_commission", args=[c.pk])).status_code == 404
    as_user(client, world.region.outsider)
    assert client.get(LIST).status_code == 403
    as_user(client, world.county_desk)
    assert client.get(reverse("backoffice:govinfo_commission", args=[c.pk])).status_code == 404
    assert client.get(LIST + "?work=nonsense").status_code == 404


def test_an_issued_commission_is_not_edited(client: Any, world: World) -> None:
    c = issued_notice(world, at(dt.date(2026, 3, 9)))
    response = as_user(client, world.desk).get(reverse("backoffice:govinfo_commission_edit", args=[c.pk]))
    assert response.status_code == 302


def test_the_menu_and_inbox_of_an_information_officer(client: Any, world: World) -> None:
    from gongkai.govinfo.hooks.commissions import entries

    issued_notice(world, at(dt.date(2026, 3, 9)))
    entry = next(e for e in entries(world.writer, dt.date(2026, 3, 2)) if e.key == "govinfo_commissions_due")
    assert (entry.count, entry.url) == (1, LIST + "?work=due")
    page = as_user(client, world.writer).get(entry.url).content.decode()
    assert page.count(reverse("backoffice:govinfo_commission", args=[Commission.objects.get().pk])) == 1
    assert not any(e.key == "govinfo_commissions_due" for e in entries(world.desk, dt.date(2026, 3, 2)))


def test_the_desk_list_shows_the_years_missed_commissions_per_unit(
    client: Any, world: World, clock: Any
) -> None:
    """Two notices missed by 县政府 (it answered neither), one by 市教育局 (it answered the first on
    time): 县政府 is marked, since missing 2 or more zeroes the year (docs/SPEC.md §8)."""
    first = issued_notice(world, at(dt.date(2026, 3, 9)))
    issued_notice(world, at(dt.date(2026, 3, 20)))
    submission(world.unit, world.writer, commission=first, submitted_at=at(dt.date(2026, 3, 9), 10))
    clock.set(dt.date(2026, 4, 1))
    page = as_user(client, world.desk).get(LIST).content.decode()
    page = page[page.index("2026年未按期报送约稿的单位") :]
    county_row = page[page.index("<td>测试县人民政府") :].split("</tr>")[0]
    assert "<td>2 <span" in county_row and "漏报2次及以上，全年得分清零" in county_row
    unit_row = page[page.index("<td>测试市教育局") :].split("</tr>")[0]
    assert "<td>1</td>" in unit_row and "全年得分清零" not in unit_row
