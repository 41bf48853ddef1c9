"""One 民主评议 per competent authority and year (UX walk: 新建民主评议 made a second survey of the same
year, whose figures then competed with the first's): the service refuses it in words on the year
field — on creating, and on moving another survey to that year —, the screen answers 400 with that
message, and the database's constraint holds whatever writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from gongkai.assessment.models import Survey
from gongkai.assessment.services import surveys as svc
from gongkai.assessment.tests.test_surveys import make_survey
from gongkai.testing import login_verified

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 10)
TAKEN = "测试市人民政府办公室已有2026年度的民主评议“2026年度政务公开工作民主评议”，每个年度只能组织一次。"


def _data(survey: Survey, **changes: Any) -> svc.SurveyData:
    """The survey's configuration as the form would send it back, with ``changes``."""
    data = svc.SurveyData(
        survey.year,
        survey.title,
        survey.introduction,
        survey.opens_on,
        survey.closes_on,
        survey.open_to_public,
        survey.public_weight,
        svc.grades(survey),
        list(survey.questions.values_list("text", flat=True)),
        list(survey.bodies.all()),
    )
    return replace(data, **changes)


def test_a_second_survey_of_the_year_is_refused_in_words(region: Any, clock: Any) -> None:
    clock.set(DAY)
    first = make_survey(region)
    with pytest.raises(ValidationError) as err:
        make_survey(region, title="2026年度第二次民主评议")
    assert err.value.message_dict["year"][0].startswith(TAKEN)
    assert Survey.objects.filter(authority=region.office, year=2026).count() == 1
    # Another year is another survey; moved onto 2026 it is refused too; the first keeps its year.
    other = make_survey(region, year=2025, title="2025年度政务公开工作民主评议")
    with pytest.raises(ValidationError) as err:
        svc.update_survey(actor=region.supervisor, survey=other, data=_data(other, year=2026))
    assert err.value.message_dict["year"][0].startswith(TAKEN)
    renamed = _data(first, title="2026年度民主评议（修改）")
    assert svc.update_survey(actor=region.supervisor, survey=first, data=renamed).year == 2026


def test_the_database_holds_one_survey_per_authority_and_year(region: Any, clock: Any) -> None:
    clock.set(DAY)
    first = make_survey(region)
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.create(authority=region.office, year=2026, title="重复")
    # Another authority may rate the same bodies the same year.
    Survey.objects.create(authority=region.county_office, year=2026, title="县级民主评议")
    assert first.year == 2026


def test_the_new_survey_screen_answers_400_with_the_message(region: Any, clock: Any, client: Any) -> None:
    clock.set(DAY)
    make_survey(region)
    login_verified(client, region.supervisor)
    page = client.post(
        reverse("backoffice:assessment_survey_new"),
        {
            "authority": region.office.pk,
            "year": "2026",
            "title": "2026年度民主评议",
            "grades": "优秀=100\n满意=80\n基本满意=60\n不满意=0",
            "public_weight": "1",
            "questions": "政务公开工作总体评价",
            "bodies": [str(region.dept.pk)],
        },
    )
    assert page.status_code == 400
    assert TAKEN in page.content.decode()
    assert Survey.objects.filter(authority=region.office).count() == 1
