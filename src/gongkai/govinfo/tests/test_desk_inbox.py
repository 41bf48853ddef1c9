"""The desk's part of "我的工作": what waits for a desk editor (docs/SPEC.md §8), each entry's count
equal to the rows of the list it opens."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from gongkai.core.registry import inbox_contributions
from gongkai.govinfo.services import desk
from gongkai.govinfo.tests.desk_world import DeskWorld, build_desk_world, publication, submitted

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def world(clock: object) -> DeskWorld:
    clock.set(DAY)  # type: ignore[attr-defined]
    return build_desk_world()


def entries(user: object) -> dict[str, object]:
    (part,) = [c for c in inbox_contributions() if c.key == "govinfo_desk"]
    return {e.key: e for e in part.entries(user, DAY)}


def rows_of(user: object, url: str) -> int:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    return len(re.findall(r'<tr>\s*<th scope="row">', body))


def test_to_receive_counts_the_rows_it_opens(world: DeskWorld) -> None:
    waiting = submitted(world.unit, world.writer, title="待签收甲")
    submitted(world.unit, world.writer, title="待签收乙", urgency="urgent")
    desk.receive(submitted(world.unit, world.writer, title="已签收"), actor=world.editor)
    submitted(world.county_unit, world.county_writer, title="县里的")  # another desk
    got = entries(world.editor)
    entry = got["govinfo_to_receive"]
    assert entry.count == 2  # type: ignore[attr-defined]
    assert entry.url == "/staff/govinfo/desk/?state=submitted"  # type: ignore[attr-defined]
    assert entry.urgent  # type: ignore[attr-defined]
    assert entry.rows[0] == (  # type: ignore[attr-defined]
        "市教育局 · 待签收甲",
        f"/staff/govinfo/desk/{waiting.pk}/",
        "报送于 2026-03-02 10:00",
    )
    assert rows_of(world.editor, entry.url) == 2  # type: ignore[attr-defined]
    county = entries(world.county_editor)["govinfo_to_receive"]
    assert county.count == 1  # type: ignore[attr-defined]


def test_draft_issues_count_the_rows_they_open(world: DeskWorld) -> None:
    pub = publication(world)
    desk.adopt(submitted(world.unit, world.writer), actor=world.editor, publication=pub)
    desk.draft_issue(pub, actor=world.editor, new=True)
    entry = entries(world.editor)["govinfo_draft_issues"]
    assert entry.count == 2  # type: ignore[attr-defined]
    assert entry.url == "/staff/govinfo/issues/?work=draft"  # type: ignore[attr-defined]
    assert rows_of(world.editor, entry.url) == 2  # type: ignore[attr-defined]


def test_nothing_for_people_without_a_desk(world: DeskWorld) -> None:
    assert entries(world.writer) == {}
    assert entries(world.leader) == {}
