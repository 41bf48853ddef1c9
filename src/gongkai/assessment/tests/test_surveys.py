"""民主评议 (docs/SPEC.md §7 item 5; 2019 条例 第四十六条 社会评议制度): the survey's actions, the
weighted score worked by hand, one access code one answer, closed surveys refusing, public answers
without personal data, the figures per body, and the public and staff pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.assessment import indicators
from gongkai.assessment.indicators import surveys as provider
from gongkai.assessment.indicators.base import Period
from gongkai.assessment.models import AccessCode, SurveyAnswer, SurveyResponse, SurveyState
from gongkai.assessment.services import surveys as svc
from gongkai.assessment.survey_kernel import default_grades
from gongkai.audit.models import AuditEvent
from gongkai.orgs.models import Organization
from gongkai.testing import login_verified

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 10)


def make_survey(region: Any, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "year": 2026,
        "title": "2026年度政务公开工作民主评议",
        "introduction": "请对以下单位的政务公开工作作出评价。",
        "opens_on": dt.date(2026, 11, 1),
        "closes_on": dt.date(2026, 11, 30),
        "open_to_public": True,
        "public_weight": Decimal("40"),
        "grades": default_grades(),
        "questions": ["政务公开工作总体评价", "信息公开及时准确"],
        "bodies": [region.dept, region.county_dept],
    }
    data.update(overrides)
    return svc.create_survey(actor=region.supervisor, authority=region.office, data=svc.SurveyData(**data))


def answer(survey: Any, grades: dict[tuple[Any, int], str], n: int, code: str = "") -> Any:
    questions = list(survey.questions.order_by("position"))
    answers = {(org.pk, questions[q].pk): g for (org, q), g in grades.items()}
    return svc.submit_response(
        survey=survey, answers=answers, token=f"test-survey-token-{n:06d}", code=code, today=DAY
    )


def test_survey_figures_per_body_worked_by_hand(region, clock) -> None:
    clock.set(DAY)
    survey = make_survey(region)
    npc = svc.add_panel(actor=region.supervisor, survey=survey, name="人大代表", weight=Decimal("60"))
    codes = svc.issue_codes(actor=region.supervisor, panel=npc, count=2)
    svc.open_survey(actor=region.supervisor, survey=survey, today=DAY)
    dept, county = region.dept, region.county_dept
    # 人大代表: dept 优秀, 满意 (q0) ; 满意 (q1) → points 100, 80, 80: mean 86.67 (260/3)
    answer(survey, {(dept, 0): "优秀", (dept, 1): "满意"}, 1, code=codes[0])
    answer(survey, {(dept, 0): "满意"}, 2, code=codes[1].lower().replace("-", ""))
    # the public: dept 基本满意, 不满意 → 60, 0: mean 30; county 满意 → 80
    answer(survey, {(dept, 0): "基本满意", (dept, 1): "不满意", (county, 0): "满意"}, 3)
    # score dept = (60 × 260/3 + 40 × 30) / 100 = (5200 + 1200) / 100 = 64.00
    figures = provider.compute(Period.year(2026), [dept.pk, county.pk, region.city.pk])
    d = figures[dept.pk]
    assert d["survey_responses"].value == 3
    assert d["survey_score"].value == Decimal("64.00")
    rate = d["survey_satisfaction_rate"]
    assert (rate.value, rate.count, rate.sample) == (Decimal("0.8000"), 4, 5)
    assert rate.detail["grades"] == {"优秀": 1, "满意": 2, "基本满意": 1, "不满意": 1}
    c = figures[county.pk]
    assert (c["survey_responses"].value, c["survey_score"].value) == (1, Decimal("80.00"))
    assert region.city.pk not in figures  # not rated
    via_all = indicators.compute(Period.year(2026), [dept.pk], codes=["survey_score"])
    assert via_all[dept.pk]["survey_score"].value == Decimal("64.00")
    # another year has no figures; the drill-down names the survey's results page
    assert not provider.compute(Period.year(2025), [dept.pk])
    rec = indicators.records("survey_score", dept.pk, Period.year(2026))
    assert rec.total == 1 and rec.rows[0].label == survey.title
    assert (
        rec.rows[0].url
        == reverse("backoffice:assessment_survey_results", args=[survey.pk]) + f"?org={dept.pk}"
    )


def test_one_code_one_answer_and_codes_stored_as_keyed_hashes(region, clock) -> None:
    clock.set(DAY)
    survey = make_survey(region, open_to_public=False)
    panel = svc.add_panel(actor=region.supervisor, survey=survey, name="企业代表", weight=Decimal("1"))
    (code,) = svc.issue_codes(actor=region.supervisor, panel=panel, count=1)
    stored = AccessCode.objects.get(panel=panel)
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    assert stored.code_hash == svc.code_hash(code)
    svc.open_survey(actor=region.supervisor, survey=survey, today=DAY)
    with pytest.raises(ValidationError) as no_code:
        answer(survey, {(region.dept, 0): "满意"}, 1)
    assert "评议码" in no_code.value.message_dict["code"][0]
    first, created = answer(survey, {(region.dept, 0): "满意"}, 2, code=code)
    assert created and first.panel == panel
    again, created_again = answer(survey, {(region.dept, 0): "满意"}, 2, code=code)  # same form again
    assert again == first and not created_again
    with pytest.raises(ValidationError) as used:
        answer(survey, {(region.dept, 0): "优秀"}, 3, code=code)
    assert used.value.message_dict["code"] == ["该评议码已经使用过，每个评议码只能提交一次答卷。"]
    with pytest.raises(ValidationError) as wrong:
        answer(survey, {(region.dept, 0): "优秀"}, 4, code="AAAA-BBBB-CCCC")
    assert "评议码不正确" in wrong.value.message_dict["code"][0]
    assert SurveyResponse.objects.count() == 1 and SurveyAnswer.objects.count() == 1


def test_closed_and_not_yet_open_surveys_refuse(region, clock) -> None:
    clock.set(DAY)
    survey = make_survey(region, opens_on=dt.date(2026, 11, 20))
    with pytest.raises(ValidationError) as draft:
        answer(survey, {(region.dept, 0): "满意"}, 1)
    assert draft.value.message_dict["__all__"] == ["本次评议尚未开始。"]
    svc.open_survey(actor=region.supervisor, survey=survey, today=DAY)
    with pytest.raises(ValidationError) as early:
        answer(survey, {(region.dept, 0): "满意"}, 2)
    assert early.value.message_dict["__all__"] == ["本次评议将于2026年11月20日开始，届时欢迎参加。"]
    svc.close_survey(actor=region.supervisor, survey=survey, today=DAY)
    survey.refresh_from_db()
    assert survey.state == SurveyState.CLOSED and survey.closes_on == DAY
    with pytest.raises(ValidationError) as closed:
        answer(survey, {(region.dept, 0): "满意"}, 3)
    assert closed.value.message_dict["__all__"] == ["本次评议已于2026年11月10日结束，不再接收答卷。"]
    assert not SurveyResponse.objects.exists()


def test_only_the_authoritys_supervisor_manages(region, clock) -> None:
    clock.set(DAY)
    data = svc.SurveyData(
        2026, "评议", "", None, None, True, Decimal(1), default_grades(), ["总体评价"], [region.dept]
    )
    with pytest.raises(PermissionError):
        svc.create_survey(actor=region.editor, authority=region.office, data=data)
    outside = Organization.objects.create(name="外市教育局", slug="elsewhere-edu")
    bad = svc.SurveyData(
        2026, "评议", "", None, None, True, Decimal(1), default_grades(), ["总体评价"], [outside]
    )
    with pytest.raises(ValidationError) as error:
        svc.create_survey(actor=region.supervisor, authority=region.office, data=bad)
    assert error.value.message_dict["bodies"] == ["被评议单位只能是本行政区域内的机构。"]
    assert svc.parse_grades("优秀=100\n较差＝20\n不满意=0")[1].satisfied
    with pytest.raises(ValidationError):
        svc.parse_grades("优秀")


def _post_public(client: Any, survey: Any, data: dict[str, str]) -> Any:
    return client.post(reverse("portal:survey", args=[survey.pk]), data, REMOTE_ADDR="203.0.113.7")


def test_public_questionnaire_stores_no_personal_data(client, region, clock) -> None:
    clock.set(DAY)
    survey = make_survey(region)
    svc.open_survey(actor=region.supervisor, survey=survey, today=DAY)
    q = survey.questions.order_by("position").first()
    page = client.get(reverse("portal:survey", args=[survey.pk]))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    token = page.context["form"].initial["token"]
    field = f"a_{region.dept.pk}_{q.pk}"
    sent = _post_public(client, survey, {"token": token, field: "满意", "website": ""})
    assert sent.status_code == 200 and "感谢您参加评议" in sent.content.decode()
    again = _post_public(client, survey, {"token": token, field: "满意", "website": ""})
    assert again.status_code == 200
    response = SurveyResponse.objects.get()
    assert response.panel is None
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {
        "id",
        "survey",
        "panel",
        "token",
        "submitted_at",
    }
    event = AuditEvent.objects.get(action="survey.response_received")
    assert event.actor is None and "203.0.113.7" not in str(event.data)
    # a honeypot filled: thanked, nothing kept
    bot = _post_public(client, survey, {"token": "bot-form-token-0000001", field: "优秀", "website": "x"})
    assert bot.status_code == 200 and SurveyResponse.objects.count() == 1
    # nothing chosen: 400 with the reason
    empty = _post_public(client, survey, {"token": "empty-form-token-00001"})
    assert empty.status_code == 400 and "请至少对一个单位的一项内容作出评价" in empty.content.decode()


def test_public_pages_refuse_closed_and_show_results(client, region, clock) -> None:
    clock.set(DAY)
    survey = make_survey(region)
    assert client.get(reverse("portal:survey", args=[survey.pk])).status_code == 404  # a draft
    svc.open_survey(actor=region.supervisor, survey=survey, today=DAY)
    q = survey.questions.order_by("position").first()
    answer(survey, {(region.dept, 0): "优秀"}, 1)
    early = client.get(reverse("portal:survey_results", args=[survey.pk]))
    assert early.status_code == 403 and "评议结束后公布" in early.content.decode()
    listing = client.get(reverse("portal:surveys"))
    assert listing.status_code == 200 and survey.title in listing.content.decode()
    svc.close_survey(actor=region.supervisor, survey=survey, today=DAY)
    closed = _post_public(
        client, survey, {"token": "late-form-token-00001", f"a_{region.dept.pk}_{q.pk}": "满意"}
    )
    assert closed.status_code == 410 and "本次评议已于2026年11月10日结束" in closed.content.decode()
    results = client.get(reverse("portal:survey_results", args=[survey.pk]))
    body = results.content.decode()
    assert results.status_code == 200 and region.dept.name in body and "100.00" in body


def test_staff_screens(client, region, clock) -> None:
    clock.set(DAY)
    login_verified(client, region.supervisor)
    new = client.post(
        reverse("backoffice:assessment_survey_new"),
        {
            "authority": region.office.pk,
            "year": "2026",
            "title": "2026年度民主评议",
            "introduction": "",
            "opens_on": "2026-11-01",
            "closes_on": "2026-11-30",
            "open_to_public": "on",
            "public_weight": "1",
            "grades": "优秀=100\n满意=80\n基本满意=60\n不满意=0",
            "questions": "政务公开工作总体评价\n互动回应",
            "bodies": [str(region.dept.pk)],
        },
    )
    assert new.status_code == 302, new.content.decode()[:2000]
    survey = svc.manageable_surveys(region.supervisor).get()
    assert list(survey.questions.values_list("text", flat=True)) == ["政务公开工作总体评价", "互动回应"]
    detail = reverse("backoffice:assessment_survey", args=[survey.pk])
    assert (
        client.post(
            reverse("backoffice:assessment_survey_panel_add", args=[survey.pk]),
            {"name": "政协委员", "weight": "2"},
        ).status_code
        == 302
    )
    panel = survey.panels.get()
    codes = client.post(
        reverse("backoffice:assessment_survey_codes", args=[survey.pk, panel.pk]),
        {"count": "3", "format": "html"},
    )
    assert codes.status_code == 200 and codes["Cache-Control"].startswith("no-store")
    assert AccessCode.objects.filter(panel=panel).count() == 3
    xlsx = client.post(
        reverse("backoffice:assessment_survey_codes", args=[survey.pk, panel.pk]),
        {"count": "2", "format": "xlsx"},
    )
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.post(reverse("backoffice:assessment_survey_open", args=[survey.pk])).status_code == 302
    assert client.get(detail).status_code == 200
    results = client.get(reverse("backoffice:assessment_survey_results", args=[survey.pk]))
    assert results.status_code == 200
    export = client.get(reverse("backoffice:assessment_survey_export", args=[survey.pk]))
    assert export.status_code == 200
    # someone else's screen: no entry, 403
    client.logout()
    login_verified(client, region.editor)
    assert client.get(reverse("backoffice:assessment_surveys")).status_code == 403
    assert client.get(detail).status_code in (403, 404)


def test_the_demo_holds_last_years_closed_survey_and_this_years_open_one(region, clock) -> None:
    from types import SimpleNamespace

    from gongkai.assessment.demo import surveys as demo_surveys

    clock.set(DAY)
    bodies = {o.slug: o for o in Organization.objects.all()}
    context = SimpleNamespace(
        region=SimpleNamespace(bodies=bodies, users={"supervisor": region.supervisor}),
        seed=7,
        today=DAY,
        echo=lambda _line: None,
        made={},
        city="city",
        city_office="office",
    )
    demo_surveys.build(context)
    old, new = svc.manageable_surveys(region.supervisor).order_by("year")
    assert (old.year, old.state, new.year) == (2025, SurveyState.CLOSED, 2026)
    assert svc.finished(old, DAY) and svc.accepting(new, DAY)
    # rated: the city and its departments (the competent authority itself is not rated)
    assert region.office not in old.bodies.all() and region.city in old.bodies.all()
    figures = provider.compute(Period.year(2025), [region.city.pk])[region.city.pk]
    assert figures["survey_responses"].value and figures["survey_score"].value is not None
    assert old.responses.exclude(panel=None).count() == 15  # 5 of the 8 codes of each of 3 panels
