"""Figures per body and month for the supervision module (docs/SPEC.md §7)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.opinions import services
from gongkai.opinions.figures import ConsultationFigures, monthly_figures
from gongkai.opinions.tests.world import comment, office_head, opened


def test_monthly_figures_per_body(region, clock):
    clock.set(dt.date(2026, 3, 20))
    head = office_head(region)
    c = opened(region)  # opens 2026-03-20, closes 2026-04-19
    a, b, _pending = comment(c, "甲"), comment(c, "乙"), comment(c, "丙")
    services.moderate_comment(actor=head, comment=a, accept=True)
    services.moderate_comment(actor=head, comment=b, accept=False, reason="spam")
    clock.set(dt.date(2026, 4, 3))
    comment(c, "丁")
    services.answer_comment(actor=head, comment=a, answer="采纳", adoption="adopted")
    clock.set(dt.date(2026, 4, 20))
    services.close_due(clock.today)
    c.refresh_from_db()
    for m in c.comments.filter(moderation="pending"):
        services.moderate_comment(actor=head, comment=m, accept=False, reason="duplicate")
    services.publish_summary(actor=region.signer, consultation=c, text="采纳1条")

    with CaptureQueriesContext(connection) as queries:
        march = monthly_figures(2026, 3)
    assert len(queries) == 6  # one grouped query per figure, whatever the number of bodies
    assert march == {region.dept.pk: ConsultationFigures(opened=1, comments_received=3, comments_accepted=1)}
    april = monthly_figures(2026, 4, org_ids=[region.dept.pk, region.county_dept.pk])
    assert april[region.dept.pk] == ConsultationFigures(
        closed=1, comments_received=1, comments_answered=1, comments_adopted=1
    )
    assert april[region.county_dept.pk] == ConsultationFigures()
