"""The desk's near-duplicate selector (docs/SPEC.md §8: the same event reported by several units is
shown side by side): which items of the desk's last 30 days it offers, and in what order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.govinfo.duplicates import near_duplicates
from gongkai.govinfo.services import desk
from gongkai.govinfo.tests.desk_world import DeskWorld, build_desk_world, submitted

pytestmark = pytest.mark.django_db

RAIN = (
    "<p>7月10日夜，埇桥区突降暴雨，城区多处积水，区应急管理局组织力量排涝，"
    "转移群众120人，未造成人员伤亡。</p>"
)
RAIN_2 = (
    "<p>7月10日晚，埇桥区出现强降雨天气，城区部分路段积水。区应急管理局连夜组织排涝抢险，"
    "共转移群众120余人，无人员伤亡。</p>"
)
RAIN_3 = "<p>埇桥区强降雨致城区积水，应急管理部门组织排涝，转移群众，无人员伤亡。</p>"
SCHOOL = "<p>市教育局召开全市中小学安全工作会议，部署暑期学生防溺水工作，要求各校落实家校联系制度。</p>"


@pytest.fixture
def world(clock: object) -> DeskWorld:
    clock.set(dt.date(2026, 7, 11))  # type: ignore[attr-defined]
    return build_desk_world()


def test_reports_of_one_event_are_offered_most_similar_first(world: DeskWorld) -> None:
    county = world.region.county
    now = timezone.now()
    item = submitted(world.unit, world.writer, title="埇桥区遭遇强降雨", body=RAIN)
    close = submitted(county, world.writer, title="埇桥区全力应对强降雨", body=RAIN_2)
    closer = submitted(county, world.writer, title="埇桥区强降雨城区积水", body=RAIN_3)
    submitted(world.unit, world.writer, title="市教育局部署暑期防溺水", body=SCHOOL)
    submitted(
        world.unit, world.writer, title="埇桥区强降雨（上月）", body=RAIN_2, at=now - dt.timedelta(days=31)
    )
    submitted(world.county_unit, world.county_writer, title="埇桥区强降雨（县里的信息科）", body=RAIN_2)
    returned = submitted(county, world.writer, title="埇桥区强降雨（被退回）", body=RAIN_2)
    desk.return_submission(returned, actor=world.editor, reason="重复")
    found = near_duplicates(item)
    assert [n.submission for n in found] == [closer, close]
    assert [round(n.score, 2) for n in found] == [0.79, 0.62]
    assert [n.percent for n in found] == [79, 62]


def test_nothing_for_an_item_without_a_desk(world: DeskWorld) -> None:
    item = submitted(world.unit, world.writer, title="埇桥区遭遇强降雨", body=RAIN)
    item.recipient = None
    assert near_duplicates(item) == []
