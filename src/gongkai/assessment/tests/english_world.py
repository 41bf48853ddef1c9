"""The assessment's public pages for the English test of the public pages
(``gongkai/portal/tests/test_english.py``, issue 11 point 9): a world whose data are ASCII, so that
any Han character left on a page rendered in English comes from the interface.

What it builds, in the region ``ascii_region`` has renamed: the shipped standard scheme (its name,
source, criteria, rule labels, group labels and grades renamed: they are data) used by an opened
round, so that the methodology pages list it with every kind of rule in words; a published 考核结果通报
and a published 通报批评; an open 民主评议 and a closed one with a response, so that its results page
has figures.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.urls import reverse

from gongkai.assessment import bulletins
from gongkai.assessment.models import Round, RoundState, Scheme
from gongkai.assessment.shipped import STANDARD
from gongkai.assessment.survey_kernel import Grade

ASCII_GRADES = [Grade("Excellent", 100, True), Grade("Good", 80, True), Grade("Poor", 0, False)]


def _ascii_config(config: dict[str, Any]) -> dict[str, Any]:
    config = dict(config)
    config["groups"] = [{**g, "label": f"Group {g['code']}"} for g in config.get("groups", [])]
    grades = dict(config.get("grades") or {})
    if grades:
        grades["bands"] = [{**b, "grade": f"Grade from {b['from']}"} for b in grades.get("bands", [])]
        grades["veto_grade"] = "Vetoed"
        if grades.get("top"):
            grades["top"] = {**grades["top"], "grade": "Top"}
    config["grades"] = grades
    return config


def _ascii_rule(rule: dict[str, Any], n: int) -> dict[str, Any]:
    """A rule's words are data: its label and, for a condition described in words, its text."""
    rule = dict(rule)
    for key in ("label", "text"):
        if rule.get(key):
            rule[key] = f"Rule {n} {key}"
    return rule


def ascii_scheme(region: Any) -> Scheme:
    """The shipped standard scheme with ASCII data, used by an opened round of the region's office."""
    scheme = Scheme.objects.get(authority=None, code=STANDARD)
    scheme.name = "Standard assessment scheme"
    scheme.source_document = "Disclosure Regulations 2019 and common local rules"
    scheme.source_note = "Compiled from the common rules."
    scheme.config = _ascii_config(scheme.config or {})
    scheme.save()
    for criterion in scheme.criteria.all():
        criterion.title = f"Criterion {criterion.code}"
        criterion.guidance = f"Guidance of {criterion.code}." if criterion.guidance else ""
        criterion.rules = [_ascii_rule(rule, n) for n, rule in enumerate(criterion.rules or [], start=1)]
        criterion.save()
    Round.objects.create(
        authority=region.office,
        title="Assessment 2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        scheme=scheme,
        state=RoundState.SCORING,
    )
    return scheme


def ascii_bulletins(region: Any) -> list[Any]:
    sup = region.supervisor
    made: list[Any] = []
    for kind, title in (("results", "Results of the 2025 assessment"), ("criticism", "Notice on late work")):
        bulletin = bulletins.create_bulletin(
            actor=sup,
            authority=region.office,
            kind=kind,
            title=title,
            body="The results are as follows.\nEvery body is to improve.",
            number=f"CE-2026-{len(made) + 1}",
        )
        made.append(bulletins.publish_bulletin(actor=sup, bulletin=bulletin))
    return made


def ascii_surveys(region: Any) -> tuple[Any, Any]:
    from gongkai.assessment.services import surveys as svc

    today = svc.local_today()

    def make(title: str, year: int) -> Any:  # one survey per authority and year
        data = svc.SurveyData(
            year,
            title,
            "Tell us how the bodies disclose their information.",
            today - dt.timedelta(days=1),
            today + dt.timedelta(days=10),
            True,
            Decimal(1),
            ASCII_GRADES,
            ["Overall disclosure work", "Replies to requests"],
            [region.dept, region.county],
        )
        return svc.create_survey(actor=region.supervisor, authority=region.office, data=data)

    live = make("Open survey 2026", today.year)
    svc.open_survey(actor=region.supervisor, survey=live)
    done = make("Closed survey 2026", today.year - 1)
    svc.open_survey(actor=region.supervisor, survey=done)
    questions = list(done.questions.order_by("position"))
    svc.submit_response(
        survey=done,
        answers={(region.dept.pk, questions[0].pk): "Excellent", (region.county.pk, questions[1].pk): "Poor"},
        token=secrets.token_urlsafe(24),
    )
    svc.close_survey(actor=region.supervisor, survey=done)
    return live, done


def build(region: Any) -> list[tuple[str, int]]:
    """Build the world; return the public pages to read in English, with their status: the lists, a
    published 通报 of each kind, the methodology of a scheme, an open questionnaire, the results of a
    closed survey, and the refusals (a closed survey's form 410, an open survey's results 403)."""
    scheme = ascii_scheme(region)
    results, criticism = ascii_bulletins(region)
    live, done = ascii_surveys(region)
    pages = [
        reverse("portal:assessment_bulletins"),
        reverse("portal:assessment_bulletins") + "?kind=criticism",
        reverse("portal:assessment_bulletin", args=[results.pk]),
        reverse("portal:assessment_bulletin", args=[criticism.pk]),
        reverse("portal:assessment_body_bulletins", args=[region.dept.slug]),
        reverse("portal:assessment_methodology"),
        reverse("portal:assessment_methodology_scheme", args=[scheme.pk]),
        reverse("portal:surveys"),
        reverse("portal:survey", args=[live.pk]),
        reverse("portal:survey_results", args=[done.pk]),
    ]
    refusals = [
        (reverse("portal:survey", args=[done.pk]), 410),
        (reverse("portal:survey_results", args=[live.pk]), 403),
    ]
    return [(url, 200) for url in pages] + refusals


def answers_to_send(region: Any) -> tuple[str, dict[str, str], dict[str, str]]:
    """An open survey's questionnaire address, a form sent with a wrong access code and nothing chosen
    (400), and a good answer (thanked, 200)."""
    live, _done = ascii_surveys(region)
    question = live.questions.order_by("position").first()
    token = secrets.token_urlsafe(24)
    wrong = {"token": token, "code": "WRONG-CODE-0000"}
    good = {"token": token, f"a_{region.dept.pk}_{question.pk}": "Good"}
    return reverse("portal:survey", args=[live.pk]), wrong, good
