"""The 民主评议 part of the assessment's URL walk (``url_world.py`` lists ``build_surveys`` and
``values_for_surveys``): a draft survey, an open one with a panel, codes and answers (the public's
and a panel member's), and a closed one with its results, all through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gongkai.assessment.services import surveys as svc
from gongkai.assessment.survey_kernel import default_grades


def _survey(region: Any, title: str, **overrides: Any) -> Any:
    today = svc.local_today()
    data: dict[str, Any] = {
        "year": today.year,
        "title": title,
        "introduction": "走查：请对各单位的政务公开工作作出评价。",
        "opens_on": today - dt.timedelta(days=5),
        "closes_on": today + dt.timedelta(days=20),
        "open_to_public": True,
        "public_weight": Decimal("40"),
        "grades": default_grades(),
        "questions": ["政务公开工作总体评价", "互动回应"],
        "bodies": [region.dept, region.county_dept],
    }
    data.update(overrides)
    return svc.create_survey(actor=region.supervisor, authority=region.office, data=svc.SurveyData(**data))


def _answer(survey: Any, region: Any, n: int, code: str = "") -> None:
    q = survey.questions.order_by("position").first()
    svc.submit_response(
        survey=survey,
        answers={(region.dept.pk, q.pk): "满意"},
        token=f"walk-survey-{survey.pk}-{n:08d}",
        code=code,
    )


def build_surveys(region: Any, people: dict[str, Any]) -> dict[str, str]:
    """Next year's draft, this year's open survey, last year's closed one (one per year)."""
    sup = region.supervisor
    draft = _survey(region, "走查：民主评议草稿", year=svc.local_today().year + 1)
    draft_panel = svc.add_panel(actor=sup, survey=draft, name="群众代表", weight=Decimal("20"))
    live = _survey(region, "走查：正在进行的民主评议")
    panel = svc.add_panel(actor=sup, survey=live, name="人大代表", weight=Decimal("60"))
    codes = svc.issue_codes(actor=sup, panel=panel, count=2)
    svc.open_survey(actor=sup, survey=live)
    _answer(live, region, 1)
    _answer(live, region, 2, code=codes[0])
    done = _survey(region, "走查：已结束的民主评议", year=svc.local_today().year - 1)
    svc.open_survey(actor=sup, survey=done)
    _answer(done, region, 1)
    svc.close_survey(actor=sup, survey=done)
    return {
        "assessment:survey:draft": str(draft.pk),
        "assessment:survey:draft_panel": str(draft_panel.pk),
        "assessment:survey:open": str(live.pk),
        "assessment:survey:open_panel": str(panel.pk),
        "assessment:survey:closed": str(done.pk),
    }


#: The survey each route acts on (by route name; the rest: the open one).
SURVEY_STATE = {
    "backoffice:assessment_survey_edit": "draft",
    "backoffice:assessment_survey_open": "draft",
    "backoffice:assessment_survey_panel_remove": "draft",
    "portal:survey_results": "closed",
}
SURVEY_ROUTES = {
    "backoffice:assessment_surveys",
    "backoffice:assessment_survey_new",
    "backoffice:assessment_survey",
    "backoffice:assessment_survey_panel_add",
    "backoffice:assessment_survey_codes",
    "backoffice:assessment_survey_close",
    "backoffice:assessment_survey_results",
    "backoffice:assessment_survey_export",
    "portal:surveys",
    "portal:survey",
    *SURVEY_STATE,
}


def values_for_surveys(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    if route.name not in SURVEY_ROUTES:
        return None
    state = SURVEY_STATE.get(route.name, "open")
    keys = {"pk": f"assessment:survey:{state}", "panel_pk": f"assessment:survey:{state}_panel"}
    found: dict[str, str] = {}
    missing: list[str] = []
    for p in route.params:
        value = values.get(keys.get(p.name, ""), "")
        if value:
            found[p.name] = value
        else:
            missing.append(p.name)
            found[p.name] = "1"
    return found, missing
