"""通报, penalties and rule sets (docs/SPEC.md §8): the services (permission, audit, notices), the
通报 generated from the hand-worked month of ``scoring_world``, its DOCX read back, the console verbs."""

from __future__ import annotations

import copy
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.govinfo import bulletin_render, bulletins
from gongkai.govinfo.console import govinfo
from gongkai.govinfo.models import Bulletin, Penalty, PointsRuleSet
from gongkai.govinfo.points_defaults import SHIPPED_RULES
from gongkai.govinfo.tests.scoring_world import World, build_world, november
from gongkai.notifications.models import Notification

pytestmark = pytest.mark.django_db

D = Decimal
FOREWORD = (
    "2026年11月份，全市7个单位共报送政务信息8条（联合报送的信息分别计入各署名单位），被各级信息刊物采用9条次，"
    "获领导批示4条次。测试市教育局得分第一。测试市交通运输局、测试市卫生健康委员会本期未报送信息。"
    "测试县人民政府因迟报、漏报、瞒报或信息失实被扣分。现将有关情况通报如下。"
)


@pytest.fixture
def world(clock: Any) -> World:
    clock.set(dt.date(2026, 12, 5))
    return november(build_world())


def draft(world: World, **kw: Any) -> Bulletin:
    return bulletins.draft_bulletin(
        actor=world.desk, office=world.office, period_kind="month", on=dt.date(2026, 11, 15), **kw
    )


def test_draft_is_generated_from_the_data(world: World) -> None:
    b = draft(world)
    assert b.title == "关于2026年11月份全市政务信息报送采用情况的通报"
    assert (b.period_start, b.period_end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert b.rule_set == PointsRuleSet.objects.get()
    assert b.foreword == FOREWORD
    # Within a tie, units are listed in the tree's order: compare sorted by rank, then name.
    assert sorted(
        ((r["name"], r["rank"], r["tied"], r["points"]) for r in b.table), key=lambda t: (t[1], t[0])
    ) == [
        ("测试市教育局", 1, False, "51.00"),
        ("测试市公安局", 2, True, "25.00"),
        ("测试市财政局", 2, True, "25.00"),
        ("测试市交通运输局", 4, False, "1.00"),
        ("测试市农业农村局", 5, True, "0.00"),
        ("测试市卫生健康委员会", 5, True, "0.00"),
        ("测试县人民政府", 7, False, "-12.00"),
    ]
    county = b.table[-1]
    assert [(p["kind_label"], p["points"], p["notice"]) for p in county["penalties"]] == [
        ("迟报", "-100.00", "测政办通〔2026〕9号")
    ]
    assert AuditEvent.objects.filter(action="govinfo.bulletin_draft", target_id=str(b.pk)).count() == 1


def test_only_the_desk_drafts_and_issues(world: World) -> None:
    with pytest.raises(PermissionDenied):
        bulletins.draft_bulletin(
            actor=world.writer, office=world.office, period_kind="month", on=dt.date(2026, 11, 1)
        )
    b = draft(world)
    with pytest.raises(PermissionDenied):
        bulletins.issue_bulletin(actor=world.writer, bulletin=b)
    with pytest.raises(ValidationError, match="请选择月度、季度或年度"):
        bulletins.draft_bulletin(
            actor=world.desk, office=world.office, period_kind="week", on=dt.date(2026, 11, 1)
        )


def test_issue_needs_a_number_fixes_the_table_and_tells_the_units(world: World, clock: Any) -> None:
    b = draft(world)
    with pytest.raises(ValidationError, match="印发前请填写文号"):
        bulletins.issue_bulletin(actor=world.desk, bulletin=b)
    bulletins.update_bulletin(
        actor=world.desk, bulletin=b, title=b.title, number="测政办通〔2026〕15号", foreword_text=b.foreword
    )
    issued = bulletins.issue_bulletin(actor=world.desk, bulletin=b)
    assert issued.issued_at is not None
    note = Notification.objects.get(recipient=world.writer, kind="govinfo_bulletin")
    assert note.title == "信息通报：关于2026年11月份全市政务信息报送采用情况的通报"
    assert note.url == f"/staff/govinfo/bulletins/{b.pk}/"
    with pytest.raises(ValidationError, match="通报已印发，不能再修改"):
        bulletins.update_bulletin(actor=world.desk, bulletin=issued, title="x", number="y", foreword_text="")
    # Later records do not change what was issued.
    bulletins.record_penalty(
        actor=world.desk, office=world.office, organization=world.edu, kind="false",
        points=D(-60), on=dt.date(2026, 11, 28), reason="数据不实",
    )  # fmt: skip
    issued.refresh_from_db()
    assert issued.table[0]["points"] == "51.00"


def test_recompute_a_draft_under_another_rule_set(world: World) -> None:
    b = draft(world)
    rules = copy.deepcopy(SHIPPED_RULES)
    rules["instruction"]["province"] = 100
    newer = bulletins.create_rule_set(
        actor=_admin(),
        name="2027年版",
        effective_from=dt.date(2027, 1, 1),
        source_document="测政办〔2026〕20号",
        rules=rules,
    )
    bulletins.recompute_bulletin(actor=world.desk, bulletin=b, rule_set=newer)
    county = next(r for r in b.table if r["name"] == "测试县人民政府")
    assert county["points"] == "8.00"  # 8 + 100 − 100
    assert county["rank"] == 4


def _admin() -> Any:
    from gongkai.testing import UserFactory

    return UserFactory.create(username="root", is_superuser=True)


def test_rule_sets_are_checked_and_restricted(world: World) -> None:
    bad = copy.deepcopy(SHIPPED_RULES)
    bad["instruction"]["city"] = "四十"
    with pytest.raises(ValidationError) as caught:
        bulletins.create_rule_set(
            actor=_admin(), name="x", effective_from=dt.date(2027, 1, 1), source_document="y", rules=bad
        )
    assert caught.value.message_dict == {"rules": ["领导批示加分：市领导应为数字"]}
    with pytest.raises(ValidationError, match="该生效日期已有一个规则版本"):
        bulletins.create_rule_set(
            actor=_admin(),
            name="x",
            effective_from=dt.date(2020, 1, 1),
            source_document="y",
            rules=SHIPPED_RULES,
        )
    # The test office's government is at the top of the installation: its desk may revise the rules.
    assert bulletins.can_edit_rules(world.desk)
    assert not bulletins.can_edit_rules(world.writer)
    with pytest.raises(PermissionDenied):
        bulletins.create_rule_set(
            actor=world.writer,
            name="x",
            effective_from=dt.date(2027, 1, 1),
            source_document="y",
            rules=SHIPPED_RULES,
        )


def test_penalties_are_recorded_within_the_rules_range(world: World) -> None:
    record = bulletins.record_penalty
    with pytest.raises(ValidationError) as caught:
        record(actor=world.desk, office=world.office, organization=world.edu, kind="late", points=D(-50),
               on=dt.date(2026, 11, 28), reason="迟报")  # fmt: skip
    assert caught.value.message_dict == {"points": ["迟报应扣100分（填写 -100）"]}
    with pytest.raises(ValidationError) as caught:
        record(actor=world.desk, office=world.office, organization=world.region.county_dept, kind="late",
               points=D(-100), on=dt.date(2026, 11, 28), reason="迟报")  # fmt: skip
    assert caught.value.message_dict == {"organization": ["该单位不向本办公室报送信息。"]}
    with pytest.raises(PermissionDenied):
        record(actor=world.writer, office=world.office, organization=world.edu, kind="late", points=D(-100),
               on=dt.date(2026, 11, 28), reason="迟报")  # fmt: skip
    penalty = record(actor=world.desk, office=world.office, organization=world.edu, kind="false",
                     points=D(-80), on=dt.date(2026, 11, 28), reason="数据有误",
                     notice="测政办通〔2026〕10号")  # fmt: skip
    assert Penalty.objects.get(pk=penalty.pk).points == D(-80)
    assert AuditEvent.objects.filter(action="govinfo.penalty_record", target_id=str(penalty.pk)).exists()
    assert (
        Notification.objects.get(recipient=world.writer, kind="govinfo_penalty").title
        == "政务信息扣分：信息失实 -80分"
    )


def test_the_docx_reads_back(world: World) -> None:
    b = draft(world)
    bulletins.update_bulletin(
        actor=world.desk, bulletin=b, title=b.title, number="测政办通〔2026〕15号", foreword_text=b.foreword
    )
    document = docx.Document(io.BytesIO(bulletin_render.bulletin_docx(b)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:4] == ["测试市人民政府办公室", "测政办通〔2026〕15号", b.title, "各有关单位："]
    assert FOREWORD in texts
    assert "测试市交通运输局、测试市卫生健康委员会本期未报送信息，请予重视。" in texts
    assert (
        "测试县人民政府：迟报，扣100分。11月8日交通事故迟报（测政办通〔2026〕9号）（2026年11月21日）" in texts
    )
    assert texts[-2:] == ["测试市人民政府办公室", "2026年12月5日"]
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["名次", "单位", "报送（条）", "采用（条次）", "批示（条次）", "扣分", "得分"]
    assert sorted(rows[1:], key=lambda r: (int(r[0].split("（")[0]), r[1])) == [
        ["1", "测试市教育局", "2", "3", "1", "—", "51"],
        ["2（并列）", "测试市公安局", "2", "2", "1", "—", "25"],
        ["2（并列）", "测试市财政局", "2", "2", "1", "—", "25"],
        ["4", "测试市交通运输局", "0", "1", "0", "—", "1"],
        ["5（并列）", "测试市农业农村局", "1", "0", "0", "—", "0"],
        ["5（并列）", "测试市卫生健康委员会", "0", "0", "0", "—", "0"],
        ["7", "测试县人民政府", "1", "1", "1", "-100", "-12"],
    ]


def test_console_ranking_and_bulletin(world: World, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        govinfo, ["ranking", "--office", "office", "--period", "month", "--date", "2026-11-15"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    title = "测试市人民政府办公室 2026年11月份政务信息得分排名"
    assert lines[0] == f"{title}（计分规则：政务信息计分办法（默认）（2020-01-01起））"
    assert lines[1].startswith("1       测试市教育局")
    assert lines[2].startswith("2（并列）   测试市")
    assert "[未报送]" in lines[4]
    result = CliRunner().invoke(govinfo, ["ranking", "--office", "office", "--date", "2026-11-15", "--csv"])
    assert "2,是,测试市财政局,2,2,1,5.00,20.00,0,25.00,," in result.output.splitlines()
    out = tmp_path / "tb.docx"
    result = CliRunner().invoke(
        govinfo, ["bulletin", "--office", "office", "--date", "2026-11-15", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "关于2026年11月份全市政务信息报送采用情况的通报" in [
        p.text for p in docx.Document(str(out)).paragraphs
    ]
    assert not Bulletin.objects.exists()
    bad = CliRunner().invoke(govinfo, ["ranking", "--office", "nowhere", "--date", "2026-11-15"])
    assert bad.exit_code == 2 and "没有网址标识为“nowhere”的机构" in bad.output
