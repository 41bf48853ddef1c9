"""The drill-down of 政务信息报送 (``assessment.indicators.reporting``) links each record only to a
page its reader opens (UX walk): a supervisor and a body's 公开工作机构负责人 read the submissions as
figures — no link, never a 404 —, the office's desk editor gets the desk's page of each, the unit's
信息员 its page, and a line without a submission (a penalty) leads to the unit's points page for
whoever opens it. The month is ``govinfo.tests.scoring_world``'s November 2026."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.assessment.indicators import Period, records
from gongkai.orgs.models import RoleName
from gongkai.testing import UserFactory, grant, login_verified

pytestmark = pytest.mark.django_db

NOV = Period.month(2026, 11)
CODES = ("govinfo_submissions", "govinfo_adoptions", "govinfo_points")


@pytest.fixture
def w(clock: Any) -> Any:
    from gongkai.govinfo.tests.scoring_world import build_world, november

    clock.set(dt.date(2026, 12, 5))
    return november(build_world())


def _urls(viewer: Any, code: str, org: Any) -> list[str]:
    found = records(code, org.pk, NOV, viewer=viewer)
    assert found.rows, code
    return [r.url for r in found.rows]


def _answers(client: Any, viewer: Any, urls: list[str]) -> set[int]:
    login_verified(client, viewer)
    return {client.get(url).status_code for url in dict.fromkeys(urls)}


def test_supervisor_and_office_head_get_no_link_they_cannot_open(w: Any, client: Any) -> None:
    region = w.region
    head = grant(UserFactory.create(username="gkhead"), w.edu, RoleName.OFFICE_HEAD)
    for viewer in (region.supervisor, head):
        for code in CODES:
            assert set(_urls(viewer, code, w.edu)) == {""}, code
    # Without a reader the links are the records' own (callers that check access themselves).
    assert all("/govinfo/submissions/" in r.url for r in records("govinfo_submissions", w.edu.pk, NOV).rows)
    # The county's penalty has no submission: the supervisor opens the unit's points page.
    penalty = [u for u in _urls(region.supervisor, "govinfo_points", w.county) if u]
    assert penalty == [f"/staff/govinfo/dashboard/offices/{w.office.pk}/points/{w.county.pk}/"]
    assert _answers(client, region.supervisor, penalty) == {200}
    # The body's 公开工作机构负责人 is no 信息员 of the county: not even the points page.
    assert set(_urls(head, "govinfo_points", w.county)) == {""}


def test_desk_editor_and_the_units_writer_get_the_pages_they_open(w: Any, client: Any) -> None:
    desk = [u for code in CODES for u in _urls(w.desk, code, w.edu)]
    assert desk and all(u.startswith("/staff/govinfo/desk/") for u in desk)
    assert _answers(client, w.desk, desk) == {200}
    mine = [u for code in CODES for u in _urls(w.writer, code, w.edu)]
    assert mine and all(u.startswith("/staff/govinfo/submissions/") for u in mine)
    assert _answers(client, w.writer, mine) == {200}
    # The bureau's 签发人 (also its 公开工作机构负责人) opens what was sent to them to sign.
    signed = [u for u in _urls(w.region.head, "govinfo_submissions", w.edu) if u]
    assert signed and _answers(client, w.region.head, signed) == {200}


def test_the_dashboard_s_drill_down_links_only_what_its_reader_opens(w: Any, client: Any) -> None:
    from django.urls import reverse

    login_verified(client, w.region.supervisor)
    url = reverse("backoffice:assessment_dashboard_records")
    query = {"code": "govinfo_submissions", "org": w.edu.pk, "from": "2026-11-01", "to": "2026-11-30"}
    r = client.get(url, query)
    html = r.content.decode()
    assert r.status_code == 200 and "/staff/govinfo/submissions/" not in html
