"""Indicator provider of 民主评议 (docs/SPEC.md §7 item 5): each body's figures in the survey of the
period's year — the number of questionnaires that rated it, its weighted score (0…100) and its
satisfaction rate (优秀 + 满意 + 基本满意 over all answers, with count and sample). The arithmetic is
``assessment.survey_kernel``'s; see ``base.py`` for what a provider gives.

A body rated in several surveys of one year (two authorities' surveys) is counted in the latest one
that was opened. :func:`survey_results` gives the same figures for one survey, per body and per body
and question, for the survey's pages (staff and public)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.indicators.base import Definition, Figure, Period, Record, Records
from gongkai.assessment.models import Panel, Survey, SurveyAnswer, SurveyState
from gongkai.assessment.survey_kernel import (
    BodyResult,
    GroupTally,
    body_result,
    default_grades,
    grades_from_json,
)

GROUP = _("民主评议")

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "survey_responses",
        _("民主评议答卷数"),
        "count",
        GROUP,
        explanation=_("当年民主评议中对本单位作出评价的答卷份数（社会公众和受邀评议代表）。"),
    ),
    Definition(
        "survey_score",
        _("民主评议得分"),
        "points",
        GROUP,
        explanation=_(
            "各评价等次的分值（默认优秀100、满意80、基本满意60、不满意0）先按评议代表类别（含社会公众）求平均，"
            "再按各类别的权重加权平均，满分100；某类别没有答卷的不参与加权。"
        ),
    ),
    Definition(
        "survey_satisfaction_rate",
        _("民主评议满意率"),
        "rate",
        GROUP,
        explanation=_("（优秀＋满意＋基本满意）÷全部评价数，注明样本数；“不了解”不计入。"),
    ),
)
CODES = {d.code for d in DEFINITIONS}


@dataclass
class BodyFigures:
    """One body's figures in one survey."""

    responses: int = 0
    result: BodyResult = field(default_factory=lambda: BodyResult(0, 0, None))
    #: grade label → answers
    grades: dict[str, int] = field(default_factory=dict)


@dataclass
class SurveyResults:
    survey: Survey
    bodies: dict[int, BodyFigures]
    #: (body id, question id) → BodyFigures of that question alone
    questions: dict[tuple[int, int], BodyFigures]
    responses: int


def _weights(survey: Survey) -> dict[int | None, Decimal]:
    weights: dict[int | None, Decimal] = {None: survey.public_weight}
    for panel in Panel.objects.filter(survey=survey):
        weights[panel.pk] = panel.weight
    return weights


def _figures(
    rows: list[tuple[int | None, str, int]], survey: Survey, weights: dict[int | None, Decimal]
) -> BodyFigures:
    grades = {g.label: g for g in (grades_from_json(survey.choices) if survey.choices else default_grades())}
    groups: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_grade: dict[str, int] = {}
    for panel_id, choice, n in rows:
        grade = grades.get(choice)
        if grade is None:
            continue
        tally = groups[panel_id]
        tally[0] += n
        tally[1] += grade.points * n
        tally[2] += n if grade.satisfied else 0
        by_grade[choice] = by_grade.get(choice, 0) + n
    result = body_result(
        GroupTally(weights.get(panel_id, Decimal(0)), a, p, s) for panel_id, (a, p, s) in groups.items()
    )
    return BodyFigures(0, result, by_grade)


def survey_results(survey: Survey, org_ids: list[int] | None = None) -> SurveyResults:
    """The figures of ``survey`` for each body it rates (or those in ``org_ids``), in grouped queries."""
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    if org_ids is not None:
        answers = answers.filter(organization_id__in=org_ids)
    weights = _weights(survey)
    per_body: dict[int, list[tuple[int | None, str, int]]] = defaultdict(list)
    per_question: dict[tuple[int, int], list[tuple[int | None, str, int]]] = defaultdict(list)
    grouped = answers.values_list("organization_id", "question_id", "response__panel_id", "choice").annotate(
        n=Count("id")
    )
    for org_id, question_id, panel_id, choice, n in grouped:
        per_body[org_id].append((panel_id, choice, n))
        per_question[(org_id, question_id)].append((panel_id, choice, n))
    counts = dict(
        answers.values_list("organization_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("organization_id", "n")
    )
    bodies = {}
    for org_id, rows in per_body.items():
        figures = _figures(rows, survey, weights)
        figures.responses = counts.get(org_id, 0)
        bodies[org_id] = figures
    questions = {key: _figures(rows, survey, weights) for key, rows in per_question.items()}
    return SurveyResults(survey, bodies, questions, survey.responses.count())


def _latest_surveys(year: int, org_ids: list[int]) -> dict[int, int]:
    """Body id → the id of the latest opened survey of ``year`` that rates it."""
    through = Survey.bodies.through
    pairs = (
        through.objects.filter(
            survey__year=year,
            organization_id__in=org_ids,
            survey__state__in=[SurveyState.OPEN, SurveyState.CLOSED],
        )
        .values_list("organization_id", "survey_id")
        .order_by("survey_id")
    )
    return dict(pairs)


def _as_figures(body: BodyFigures | None) -> dict[str, Figure]:
    if body is None or not body.result.answers:
        return {
            "survey_responses": Figure(body.responses if body else 0),
            "survey_score": Figure(None),
            "survey_satisfaction_rate": Figure(None, 0, 0),
        }
    result = body.result
    return {
        "survey_responses": Figure(body.responses),
        "survey_score": Figure(result.score),
        "survey_satisfaction_rate": Figure(
            result.rate, result.satisfied, result.answers, {"grades": dict(body.grades)}
        ),
    }


def compute(period: Period, org_ids: list[int]) -> dict[int, dict[str, Figure]]:
    """The figures of the survey of the period's (first) year, for every body in ``org_ids``; a body
    not rated that year has none."""
    latest = _latest_surveys(period.start.year, org_ids)
    by_survey: dict[int, list[int]] = defaultdict(list)
    for org_id, survey_id in latest.items():
        by_survey[survey_id].append(org_id)
    out: dict[int, dict[str, Figure]] = {}
    for survey in Survey.objects.filter(pk__in=by_survey):
        ids = by_survey[survey.pk]
        results = survey_results(survey, ids)
        for org_id in ids:
            out[org_id] = _as_figures(results.bodies.get(org_id))
    return out


def records(code: str, org_id: int, period: Period, limit: int) -> Records:
    """The survey's results page for the body (the answers themselves are anonymous)."""
    if code not in CODES:
        raise KeyError(code)
    survey_id = _latest_surveys(period.start.year, [org_id]).get(org_id)
    if survey_id is None:
        return Records([], 0)
    survey = Survey.objects.get(pk=survey_id)
    url = reverse("backoffice:assessment_survey_results", args=[survey.pk]) + f"?org={org_id}"
    return Records([Record(survey.title, url, survey.closes_on, str(survey.get_state_display()))], 1)
