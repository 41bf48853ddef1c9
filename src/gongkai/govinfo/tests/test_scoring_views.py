"""The 排名通报 screens per role (docs/SPEC.md §8): the desk sees every row, drills down, drafts,
edits, recomputes and issues 通报, records penalties and revises the rules; a unit's 信息员 sees their
own row and the issued 通报; others are refused; bad input answers 4xx, never 500."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse

from gongkai.govinfo import bulletins
from gongkai.govinfo.models import Bulletin, Penalty, PointsRuleSet
from gongkai.govinfo.points_defaults import SHIPPED_RULES
from gongkai.govinfo.tests.scoring_world import World, build_world, november
from gongkai.orgs.models import RoleName
from gongkai.testing import UserFactory, grant

pytestmark = pytest.mark.django_db

RANKINGS = reverse("backoffice:govinfo_rankings")
LINES = reverse("backoffice:govinfo_ranking_lines")
BULLETINS = reverse("backoffice:govinfo_bulletins")
RULES = reverse("backoffice:govinfo_rules")
PENALTIES = reverse("backoffice:govinfo_penalties")


@pytest.fixture
def world(clock: Any) -> World:
    clock.set(dt.date(2026, 12, 5))
    return november(build_world())


def as_user(client: Any, user: Any) -> Any:
    user.__dict__.pop("_gongkai_roles", None)
    client.force_login(user)
    return client


def query(world: World, **extra: Any) -> dict[str, Any]:
    return {"office": world.office.pk, "period": "month", "date": "2026-11-15", **extra}


def test_desk_sees_every_row_with_drill_down_links(client: Any, world: World) -> None:
    page = as_user(client, world.desk).get(RANKINGS, query(world))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("测试市教育局", "测试市财政局", "测试县人民政府", "测试市卫生健康委员会"):
        assert name in html
    assert "2（并列）" in html
    assert "本期未报送信息的单位：测试市交通运输局、测试市卫生健康委员会" in html.replace("\n", "")
    link = f"unit={world.edu.pk}"
    assert link in html and "kind=instruction" in html
    lines = client.get(LINES, query(world, unit=world.edu.pk))
    assert lines.status_code == 200
    text = lines.content.decode()
    assert "张市长批示《市教育局信息s2》（市领导）" in text
    assert reverse("backoffice:govinfo_submission", args=[world.subs["s1"].pk]) in text
    assert "51.00" in text
    subs = client.get(LINES, query(world, unit=world.police.pk, kind="submissions"))
    assert subs.status_code == 200
    assert reverse("backoffice:govinfo_submission", args=[world.subs["s4"].pk]) in subs.content.decode()
    csv = client.get(RANKINGS, query(world, format="csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert "测试市教育局" in csv.content.decode("utf-8-sig")


def test_a_unit_officer_sees_only_their_own_row(client: Any, world: World) -> None:
    page = as_user(client, world.writer).get(RANKINGS)
    assert page.status_code == 200
    html = page.content.decode()
    assert "测试市教育局" in html and "测试市财政局" not in html
    assert client.get(LINES, query(world, unit=world.edu.pk)).status_code == 200
    assert client.get(LINES, query(world, unit=world.finance.pk)).status_code == 404
    # Not the desk: no drafting, no penalties, no rule editing.
    assert client.post(reverse("backoffice:govinfo_bulletin_new"), query(world)).status_code == 403
    assert client.get(reverse("backoffice:govinfo_penalty_new")).status_code == 403
    assert client.get(reverse("backoffice:govinfo_rule_new")).status_code == 403


def test_bulletin_flow_through_the_screens(client: Any, world: World) -> None:
    c = as_user(client, world.desk)
    response = c.post(reverse("backoffice:govinfo_bulletin_new"), query(world))
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "backoffice:govinfo_bulletin", args=[bulletin.pk]
    )
    page = c.get(reverse("backoffice:govinfo_bulletin", args=[bulletin.pk]))
    assert page.status_code == 200
    assert f"unit={world.county.pk}&amp;kind=penalty" in page.content.decode()
    # The writer does not see a draft.
    assert (
        as_user(client, world.writer)
        .get(reverse("backoffice:govinfo_bulletin", args=[bulletin.pk]))
        .status_code
        == 404
    )
    c = as_user(client, world.desk)
    drafts = c.get(BULLETINS, {"work": "draft"})
    assert bulletin.title in drafts.content.decode()
    # Issue refuses without a number, then works.
    c.post(reverse("backoffice:govinfo_bulletin_issue", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.issued_at is None
    c.post(
        reverse("backoffice:govinfo_bulletin_edit", args=[bulletin.pk]),
        {"title": bulletin.title, "number": "测政办通〔2026〕15号", "foreword": bulletin.foreword},
    )
    c.post(reverse("backoffice:govinfo_bulletin_issue", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.issued_at is not None
    docx = c.get(reverse("backoffice:govinfo_bulletin_docx", args=[bulletin.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    # Recompute under another rule set: old vs new per unit.
    rules = copy.deepcopy(SHIPPED_RULES)
    rules["instruction"]["province"] = 100
    newer = PointsRuleSet.objects.create(
        name="新", effective_from=dt.date(2027, 1, 1), source_document="x", rules=rules
    )
    compare = c.get(reverse("backoffice:govinfo_bulletin", args=[bulletin.pk]), {"rules": newer.pk})
    assert compare.status_code == 200
    changed = [row for row in compare.context["changes"] if row["change"].changed]
    # 测试县人民政府: 8 + 100 − 100 = 8, from 7th to 4th; the three below it move down one place.
    assert {
        (r["name"], r["change"].old_rank, r["change"].new_rank, str(r["change"].new_points)) for r in changed
    } == {
        ("测试县人民政府", 7, 4, "8.00"),
        ("测试市交通运输局", 4, 5, "1.00"),
        ("测试市农业农村局", 5, 6, "0.00"),
        ("测试市卫生健康委员会", 5, 6, "0.00"),
    }
    # The issued 通报 is read by the unit's 信息员, in full, their row marked.
    page = as_user(client, world.writer).get(reverse("backoffice:govinfo_bulletin", args=[bulletin.pk]))
    assert page.status_code == 200
    assert "测试市财政局" in page.content.decode()
    assert client.get(reverse("backoffice:govinfo_bulletin_docx", args=[bulletin.pk])).status_code == 200


def test_penalty_screen(client: Any, world: World) -> None:
    c = as_user(client, world.desk)
    assert c.get(reverse("backoffice:govinfo_penalty_new")).status_code == 200
    data = {"office": world.office.pk, "organization": world.edu.pk, "kind": "late", "points": "-50",
            "on": "2026-11-28", "reason": "迟报", "notice": "", "submission": "", "event": ""}  # fmt: skip
    bad = c.post(reverse("backoffice:govinfo_penalty_new"), data)
    assert bad.status_code == 400 and "迟报应扣100分（填写 -100）" in bad.content.decode()
    data["points"] = "-100"
    ok = c.post(reverse("backoffice:govinfo_penalty_new"), data)
    assert ok.status_code == 302
    assert Penalty.objects.filter(organization=world.edu).count() == 1
    listing = c.get(PENALTIES, {"office": world.office.pk})
    assert "测政办通〔2026〕9号" in listing.content.decode()


def test_rule_screens(client: Any, world: World) -> None:
    c = as_user(client, world.desk)
    assert c.get(RULES).status_code == 200
    rule_set = PointsRuleSet.objects.get()
    page = c.get(reverse("backoffice:govinfo_rule", args=[rule_set.pk]))
    assert page.status_code == 200 and "全年漏报约稿2次及以上，全年得分清零" in page.content.decode()
    form = c.get(reverse("backoffice:govinfo_rule_new"))
    assert form.status_code == 200
    new = reverse("backoffice:govinfo_rule_new")
    fields = {"name": "2027年版", "effective_from": "2027-01-01", "source_document": "y"}
    bad = c.post(new, {**fields, "rules": "{oops"})
    assert bad.status_code == 400 and "JSON 格式有误（第1行第2列）" in bad.content.decode()
    rules = copy.deepcopy(SHIPPED_RULES)
    rules["adoption"]["city"]["general"] = -1
    bad = c.post(new, {**fields, "rules": json.dumps(rules)})
    assert bad.status_code == 400 and "采用计分：市级综合刊不能为负数" in bad.content.decode()
    rules["adoption"]["city"]["general"] = 2
    ok = c.post(new, {**fields, "rules": json.dumps(rules)})
    assert ok.status_code == 302
    assert PointsRuleSet.objects.count() == 2


@pytest.mark.parametrize(
    "params",
    [
        {"period": "week"},
        {"date": "2026-13-45"},
        {"date": "1066-01-01"},
        {"office": "abc"},
        {"office": "999999"},
        {"rules": "999999"},
        {"rules": "x"},
    ],
)
def test_bad_query_answers_400(client: Any, world: World, params: dict[str, str]) -> None:
    c = as_user(client, world.desk)
    assert c.get(RANKINGS, query(world, **params)).status_code == 400
    assert c.get(LINES, query(world, unit=world.edu.pk, **params)).status_code == 400


def test_other_bad_input(client: Any, world: World) -> None:
    c = as_user(client, world.desk)
    assert c.get(LINES, query(world)).status_code == 400  # no unit
    assert c.get(LINES, query(world, unit="x")).status_code == 400
    assert c.get(LINES, query(world, unit=world.edu.pk, kind="bogus")).status_code == 400
    assert c.get(LINES, query(world, unit=world.region.county_dept.pk)).status_code == 404
    assert c.get(reverse("backoffice:govinfo_bulletin", args=[999999])).status_code == 404
    assert c.get(PENALTIES, {"office": "x"}).status_code == 404
    assert c.get(reverse("backoffice:govinfo_penalty_new"), {"office": "999999"}).status_code == 404
    assert c.post(reverse("backoffice:govinfo_bulletin_new"), {"period": "x"}).status_code == 400
    b = bulletins.draft_bulletin(
        actor=world.desk, office=world.office, period_kind="month", on=dt.date(2026, 11, 1)
    )
    assert (
        c.post(reverse("backoffice:govinfo_bulletin_recompute", args=[b.pk]), {"rules": "x"}).status_code
        == 302
    )
    assert c.get(reverse("backoffice:govinfo_bulletin", args=[b.pk]), {"rules": "x"}).status_code == 200


def test_people_without_a_role_are_refused(client: Any, world: World) -> None:
    c = as_user(client, world.region.outsider)
    for url in (RANKINGS, LINES, BULLETINS, RULES, PENALTIES):
        assert c.get(url).status_code == 403


def test_leader_and_supervisor_read_in_full(client: Any, world: World) -> None:
    page = as_user(client, world.leader).get(RANKINGS)
    assert page.status_code == 200 and "测试市财政局" in page.content.decode()
    page = as_user(client, world.region.supervisor).get(RANKINGS)
    assert page.status_code == 200 and "测试市财政局" in page.content.decode()
    assert client.post(reverse("backoffice:govinfo_bulletin_new"), query(world)).status_code == 403


def test_inbox_counts_the_drafts(world: World) -> None:
    from gongkai.govinfo.hooks.scoring import entries

    bulletins.draft_bulletin(
        actor=world.desk, office=world.office, period_kind="month", on=dt.date(2026, 11, 1)
    )
    [entry] = list(entries(world.desk, dt.date(2026, 12, 5)))
    assert (entry.key, entry.count, entry.url) == ("govinfo_bulletins_draft", 1, BULLETINS + "?work=draft")
    assert list(entries(world.writer, dt.date(2026, 12, 5))) == []
    other = grant(UserFactory.create(username="x2"), world.region.county_office, RoleName.INFO_EDITOR)
    assert [e.count for e in entries(other, dt.date(2026, 12, 5))] == [0]
