"""The 民主评议 part of the assessment's leak sweep (``leak_probes.PARTS``): the list, a draft survey
(404, its title never public), an open survey's questionnaire (its results 403 until it ends), a
closed survey (its form 410, its results shown). Hidden: a draft's title and a panel member's
access code; shown: the open and closed surveys' titles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gongkai.portal.tests.leaksweep import Probe, Sweep

HIDDEN = ["隐民主评议草稿庚十二"]
SHOWN = ["显民主评议辛十二", "显已结束评议壬十二"]


def build(region: Any) -> Sweep:
    from gongkai.assessment.services import surveys as svc
    from gongkai.assessment.survey_kernel import default_grades

    today = svc.local_today()

    def make(title: str, year: int) -> Any:  # one survey per authority and year
        data = svc.SurveyData(
            year,
            title,
            "",
            today - dt.timedelta(days=1),
            today + dt.timedelta(days=10),
            True,
            Decimal(1),
            default_grades(),
            ["政务公开工作总体评价"],
            [region.dept],
        )
        return svc.create_survey(actor=region.supervisor, authority=region.office, data=data)

    draft = make(HIDDEN[0], today.year + 1)
    live = make(SHOWN[0], today.year)
    panel = svc.add_panel(actor=region.supervisor, survey=live, name="企业代表", weight=Decimal(1))
    code = svc.issue_codes(actor=region.supervisor, panel=panel, count=1)[0]
    svc.open_survey(actor=region.supervisor, survey=live)
    done = make(SHOWN[1], today.year - 1)
    svc.open_survey(actor=region.supervisor, survey=done)
    svc.close_survey(actor=region.supervisor, survey=done)
    return Sweep(
        probes={
            "surveys": [Probe([])],
            "survey": [Probe([live.pk]), Probe([draft.pk], status=404), Probe([done.pk], status=410)],
            "survey_results": [
                Probe([done.pk]),
                Probe([live.pk], status=403),
                Probe([draft.pk], status=404),
            ],
        },
        hidden=[*HIDDEN, code],
        shown=list(SHOWN),
    )
