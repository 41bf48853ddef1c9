"""The 民主评议 part of the demo region (``gongkai demo``): the city's competent authority held last
year's survey (closed, its results public) and holds this year's (open on the portal), each rating
the city government and its departments, answered by the public and by invited panels (人大代表,
政协委员, 企业代表) through the real services. Registered before the rounds' builder, so that last
year's figures exist when its round is scored."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from gongkai.core.registry import DemoBuilder, register_demo_builder

QUESTIONS = ["政务公开工作总体评价", "信息公开及时准确", "依申请公开答复质量", "互动回应"]
PANELS = [("人大代表", Decimal(30)), ("政协委员", Decimal(20)), ("企业代表", Decimal(20))]
GRADES = ["优秀", "满意", "基本满意", "不满意"]


def _answers(rng: random.Random, survey: Any, bias: dict[int, float]) -> dict[tuple[int, int], str]:
    out = {}
    for body in survey.bodies.all():
        if rng.random() < 0.25:  # 不了解 this body
            continue
        for q in survey.questions.all():
            good = bias[body.pk]
            weights = [good * 0.5, good * 0.5 + 0.2, 0.25, max(0.05, 0.6 - good)]
            out[(body.pk, q.pk)] = rng.choices(GRADES, weights)[0]
    if not out:  # everyone rates at least one body
        body, question = survey.bodies.first(), survey.questions.first()
        out[(body.pk, question.pk)] = "满意"
    return out


def _survey(context: Any, year: int, opens: dt.date, closes: dt.date) -> Any:
    from gongkai.assessment.services import surveys as svc
    from gongkai.assessment.survey_kernel import default_grades

    bodies = context.region.bodies
    authority = bodies[context.city_office]
    supervisor = context.region.users["supervisor"]
    city = bodies[context.city]
    rated = [city, *sorted((b for b in bodies.values() if b.parent_id == city.pk and b.pk != authority.pk),
                           key=lambda b: b.path)[:9]]  # fmt: skip
    data = svc.SurveyData(
        year=year,
        title=f"{year}年度政务公开工作民主评议",
        introduction="请您对以下单位一年来的政务公开工作作出评价。评议不收集任何个人信息；不了解的单位或内容请选择“不了解”。",
        opens_on=opens,
        closes_on=closes,
        open_to_public=True,
        public_weight=Decimal(30),
        grades=default_grades(),
        questions=QUESTIONS,
        bodies=rated,
    )
    survey = svc.create_survey(actor=supervisor, authority=authority, data=data)
    codes = {}
    for name, weight in PANELS:
        panel = svc.add_panel(actor=supervisor, survey=survey, name=name, weight=weight)
        codes[name] = svc.issue_codes(actor=supervisor, panel=panel, count=8)
    return survey, codes


def _answer(
    survey: Any, codes: dict[str, list[str]], *, rng: random.Random, public: int, day: dt.date
) -> int:
    from gongkai.assessment.services import surveys as svc

    bias = {b.pk: rng.uniform(0.35, 0.8) for b in survey.bodies.all()}
    sent = 0
    for n in range(public):
        svc.submit_response(
            survey=survey,
            answers=_answers(rng, survey, bias),
            token=f"demo-survey-{survey.pk}-p{n:06d}",
            today=day,
        )
        sent += 1
    for k, panel_codes in enumerate(codes.values()):
        for n, code in enumerate(panel_codes[:5]):  # three codes of each panel stay unused
            svc.submit_response(
                survey=survey,
                answers=_answers(rng, survey, bias),
                token=f"demo-survey-{survey.pk}-g{k}-{n:06d}",
                code=code,
                today=day,
            )
            sent += 1
    return sent


def build(context: Any) -> None:
    from gongkai.assessment.services import surveys as svc

    rng = random.Random(f"surveys-{context.seed}")
    today = context.today
    supervisor = context.region.users["supervisor"]
    with transaction.atomic():
        last = today.year - 1
        old, old_codes = _survey(context, last, dt.date(last, 11, 1), dt.date(last, 11, 30))
        svc.open_survey(actor=supervisor, survey=old, today=dt.date(last, 11, 1))
        answered = _answer(old, old_codes, rng=rng, public=30, day=dt.date(last, 11, 15))
        svc.close_survey(actor=supervisor, survey=old, today=dt.date(last, 11, 30))
        opens = today - dt.timedelta(days=7)
        new, new_codes = _survey(context, today.year, opens, today + dt.timedelta(days=21))
        svc.open_survey(actor=supervisor, survey=new, today=opens)
        answered += _answer(new, new_codes, rng=rng, public=10, day=today)
    context.made["assessment_surveys"] = 2
    context.echo(
        f"民主评议：2 次（{last}年度已结束并公布结果，{today.year}年度正在评议），{answered} 份答卷。"
    )


def register() -> None:
    # Before the rounds (order 80): last year's round reads last year's survey figures.
    register_demo_builder(DemoBuilder(key="assessment.surveys", label="民主评议", build=build, order=79))
