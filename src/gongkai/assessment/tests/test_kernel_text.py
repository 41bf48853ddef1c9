"""The pure kernels' words in the reader's language (assessment.kernel_text): the explanation lines of
a score, the problems of a scheme and 样本不足 are Chinese from marked templates; in the English back
office they read English — lines stored long ago (the same Chinese text) too — and a scheme's JSON
written wrong is refused with a Chinese message naming the criterion, the field, the line and the
column, never the JSON reader's English."""

from __future__ import annotations

import re
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from gongkai.assessment import kernel_text, marks, scoring, standings
from gongkai.assessment.services import schemes as svc

HAN = re.compile(r"[\u3400-\u9fff]")


def spec() -> scoring.SchemeSpec:
    c = scoring.CriterionSpec
    return scoring.SchemeSpec(
        (
            c("1", "主动公开", "group", D(40)),
            c(
                "1.1",
                "公开时效",
                "indicator",
                D(20),
                "1",
                rules=(
                    {
                        "type": "per_unit",
                        "indicator": "items_late",
                        "points": "5",
                        "cap": "10",
                        "label": "LATE",
                    },
                    {
                        "type": "when",
                        "indicator": "report_late",
                        "op": "eq",
                        "value": "1",
                        "points": "5",
                        "label": "REPORT",
                    },
                    {"type": "per_unit", "indicator": "missing", "points": "1", "label": "MISSING"},
                ),
            ),
            c(
                "1.2",
                "答复率",
                "indicator",
                D(20),
                "1",
                rules=(
                    {
                        "type": "rate",
                        "indicator": "on_time",
                        "zero_at": "0.6",
                        "full_at": "1",
                        "label": "RATE",
                    },
                ),
            ),
            c(
                "2",
                "加分",
                "bonus",
                D(3),
                rules=({"type": "per_unit", "indicator": "praise", "points": "1", "label": "PRAISE"},),
            ),
            c(
                "3",
                "否决",
                "veto",
                D(0),
                rules=({"type": "veto", "indicator": "empty", "op": "ge", "value": "5", "label": "EMPTY"},),
            ),
            c("4", "制度", "manual", D(10)),
        ),
        {},
    )


def test_every_line_of_a_score_reads_english_and_chinese_stays_as_it_was() -> None:
    indicators: dict[str, D | int | None] = {
        "items_late": 3,
        "report_late": 1,
        "missing": 0,
        "on_time": D("0.8"),
        "praise": 5,
        "empty": 6,
    }
    result = scoring.score(spec(), "", indicators, {"4": D(12)})
    lines = [line for r in result.criteria.values() for line in r.lines]
    assert "LATE 3 × 5分 = 扣15分（本项最多扣10分）" in lines
    with translation.override("zh-hans"):
        assert kernel_text.translate_all(lines) == lines
    with translation.override("en"):
        english = kernel_text.translate_all(lines)
    assert [line for line in english if HAN.search(line)] == []
    assert "LATE 3 × 5 points = −15 points (at most −10 points for this rule)" in english
    assert "REPORT (1 = 1): −5 points" in english
    assert "MISSING 0, nothing deducted" in english
    assert "RATE 80% (0 points at 60% or below, full points at 100% or above): 10 points" in english
    assert "Bonus points are capped at 3 points" in english
    assert "EMPTY 6 (≥ 5): veto" in english
    assert "The assessed 12 points are outside 0–10 points; counted as 10 points" in english
    assert "1.1 5 points" in english  # a category's part


def test_stored_lines_and_words_no_template_makes() -> None:
    """computed_detail of a round scored before holds the Chinese text: it is read back by its template;
    content (a rule's label) stays Chinese; a hand-written text stays as it is."""
    with translation.override("en"):
        assert kernel_text.translate("逾期发布 2 × 5分 = 扣10分") == "逾期发布 2 × 5 points = −10 points"
        assert kernel_text.translate("年度报告未按时公布：扣5分") == "年度报告未按时公布: −5 points"
        assert kernel_text.translate("未评分") == "Not scored"
        assert kernel_text.translate("由人工说明的一行字") == "由人工说明的一行字"
        template = Template("{% load assessment_text %}{% for l in lines %}[{{ l|kernel_text }}]{% endfor %}")
        rendered = template.render(Context({"lines": ["系统计算18分，评定16分", "A1 5分"]}))
        assert rendered == "[Computed 18 points, assessed 16 points][A1 5 points]"


def test_every_marked_template_has_its_english() -> None:
    assert len(marks.MARKED) > 60
    with translation.override("en"):
        missing = [t for t in marks.MARKED if translation.gettext(t) == t]
    assert missing == []


def test_insufficient_sample_reads_english() -> None:
    standing = standings.rate_ranking({"a": 1}, {"a": 2}, 5)["a"]
    assert standing.label == "样本不足（2）"
    with translation.override("en"):
        assert kernel_text.translate(standing.label) == "Insufficient sample (2)"
        assert kernel_text.translate(standings.INSUFFICIENT) == "Sample too small"


def test_scheme_problems_read_english() -> None:
    bad = scoring.SchemeSpec((scoring.CriterionSpec("9", "空", "group", D(10)),), {"groups": "x"})
    problems = scoring.check_scheme(bad)
    assert problems == ["分类“9 空”下没有评分项", "参评分组（groups）应为列表"]
    with translation.override("en"):
        assert kernel_text.translate_all(problems) == [
            "The category “9 空” has no scored items",
            "The peer groups (groups) must be a list",
        ]


@pytest.mark.django_db
def test_json_written_wrong_is_refused_in_chinese_naming_the_place(region: Any) -> None:
    scheme = svc.create_scheme(
        actor=region.supervisor,
        authority=region.office,
        fields={"code": "own", "name": "本市考核细则", "source_document": "《测试市考核办法》"},
    )
    fields = {"code": "A1", "title": "公开时效", "kind": "indicator", "max_points": "20"}
    with pytest.raises(ValidationError) as bad:
        svc.save_criterion(
            actor=region.supervisor,
            scheme=scheme,
            criterion=None,
            fields={**fields, "rules": '[{"type": "per_unit", "indicator": "items_late" "points": "5"}]'},
        )
    assert bad.value.message_dict["rules"] == [
        "指标“A1”的计分规则不是有效的JSON：第1行第49列附近缺少英文逗号，或括号不配对。"
    ]
    with pytest.raises(ValidationError) as bad:
        svc.save_criterion(
            actor=region.supervisor,
            scheme=scheme,
            criterion=None,
            fields={
                **fields,
                "rules": '[{"type": "rate", "indicator": "x", "zero_at": "0.9", "full_at": "0.5"}]',
            },
        )
    assert bad.value.message_dict["rules"] == [
        "“A1 公开时效”的第1条规则：应满足 0 ≤ 零分点（zero_at）< 满分点（full_at）≤ 1"
    ]
    config = {"name": "本市考核细则", "source_document": "《测试市考核办法》"}
    with pytest.raises(ValidationError) as bad:
        svc.update_scheme(
            actor=region.supervisor, scheme=scheme, fields={**config, "config": '{"groups": [,]}'}
        )
    assert bad.value.message_dict["config"] == [
        "计分配置不是有效的JSON：第1行第13列附近缺少值，或有多余的逗号。"
    ]
    with translation.override("en"), pytest.raises(ValidationError) as bad:
        svc.update_scheme(
            actor=region.supervisor, scheme=scheme, fields={**config, "config": '{"groups": 1}'}
        )
    assert bad.value.message_dict["config"] == ["The peer groups (groups) must be a list"]
