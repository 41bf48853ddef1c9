"""The indicators of requests, public participation, the annual report and 政务信息报送
(``assessment.indicators.requests``, ``participation``, ``reporting``), checked against records
built by hand in a frozen period, with the expected values worked out by hand.

Working days are those of the platform calendar for 2026 (State Council notice, ``chinese_calendar``):
春节 15–23 February off with 14 and 28 February worked; 清明 4–6 April off; 国庆/中秋 25–27 September
and 1–7 October off with 20 September and 10 October worked.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gongkai.assessment.indicators import Period, compute, records
from gongkai.assessment.tests.records import make_message, make_request
from gongkai.foi.models import InfoRequest
from gongkai.interaction.models import Message

pytestmark = pytest.mark.django_db

d = dt.date
MARCH = Period.month(2026, 3)
_numbers = itertools.count(1)


# -- requests: overdue ---------------------------------------------------------------------------


@pytest.fixture
def overdue_requests(region: Any, clock: Any) -> dict[str, InfoRequest]:
    """Requests of 测试市教育局 around March 2026 (due dates from the clock: 20 working days after
    the day of receipt, 第三十三条第一款)."""
    clock.set(d(2026, 6, 1))
    dept = region.dept
    return {
        # received Mon 2 March: due Mon 30 March (3–6, 9–13, 16–20, 23–27 March = 19, the 30th the 20th)
        "late": make_request(dept, d(2026, 3, 2), answered=d(2026, 3, 31)),  # one day late: answered late
        "on_due_day": make_request(dept, d(2026, 3, 2), answered=d(2026, 3, 30)),  # on time
        # received 2 Feb: 春节 skipped, 14 and 28 Feb worked: due Fri 6 March; still open: overdue
        "open_overdue": make_request(dept, d(2026, 2, 2)),
        # received 10 March: due 8 April (清明 4–6 April off): open at 31 March but not yet due
        "open_not_due": make_request(dept, d(2026, 3, 10)),
        # received 5 Jan: due 2 Feb; answered 3 March, in the period, late
        "late_old": make_request(dept, d(2026, 1, 5), answered=d(2026, 3, 3)),
        # received 27 Feb: due 26 March; answered only 2 April: open and past due on 31 March
        "answered_after": make_request(dept, d(2026, 2, 27), answered=d(2026, 4, 2)),
        # ended otherwise (withdrawn) on 5 March: not open, not answered
        "closed": make_request(dept, d(2026, 1, 5), closed=d(2026, 3, 5)),
        # awaiting correction: no period runs, no due date (第三十条)
        "correction": make_request(dept, d(2026, 3, 2), correction=True),
    }


def test_requests_overdue_answered_late_plus_open_past_due_at_period_end(region, overdue_requests):
    r = overdue_requests
    assert r["late"].due_date == d(2026, 3, 30)
    assert r["open_overdue"].due_date == d(2026, 3, 6)
    assert r["open_not_due"].due_date == d(2026, 4, 8)
    assert r["correction"].due_date is None
    figures = compute(MARCH, [region.dept.pk, region.county.pk], codes=["requests_overdue"])
    overdue = figures[region.dept.pk]["requests_overdue"]
    # answered late in March: "late" (31 March > 30 March) and "late_old" (3 March > 2 February);
    # open on 31 March past their due date: "open_overdue" (6 March) and "answered_after" (26 March).
    assert overdue.value == 4
    assert overdue.detail == {"answered_late": 2, "open_overdue": 2, "as_of": "2026-03-31"}
    assert figures[region.county.pk]["requests_overdue"].value == 0

    found = records("requests_overdue", region.dept.pk, MARCH, limit=10)
    assert found.total == 4
    # By due date: 2 Feb, 6 March, 26 March, 30 March.
    assert [row.label for row in found.rows] == [
        r[key].registration_number for key in ("late_old", "open_overdue", "answered_after", "late")
    ]
    assert found.rows[0].url == f"/staff/requests/{r['late_old'].pk}/"
    assert found.rows[0].note == "答复期限2026年2月2日，2026年3月3日逾期答复"
    assert found.rows[1].note == "答复期限2026年3月6日，截至2026年3月31日仍未办结"
    assert records("requests_overdue", region.dept.pk, MARCH, limit=1).total == 4


def test_requests_overdue_of_a_period_not_over_is_as_at_today(region, clock):
    clock.set(d(2026, 3, 20))
    dept = region.dept
    make_request(dept, d(2026, 1, 5), answered=d(2026, 3, 3))  # due 2 February: answered late
    make_request(dept, d(2026, 2, 2))  # due 6 March: open past due
    make_request(dept, d(2026, 2, 27))  # due 26 March: open, not yet due on 20 March

    def overdue() -> Any:
        return compute(MARCH, [dept.pk], codes=["requests_overdue"])[dept.pk]["requests_overdue"]

    # While March runs, the stock is taken today.
    assert (overdue().value, overdue().detail) == (
        2,
        {"answered_late": 1, "open_overdue": 1, "as_of": "2026-03-20"},
    )
    # Once March is over, at its last day (the third is past due since 26 March) …
    clock.set(d(2026, 4, 1))
    assert (overdue().value, overdue().detail["as_of"]) == (3, "2026-03-31")
    # … and a past month does not move as time goes on.
    clock.set(d(2026, 6, 1))
    assert (overdue().value, overdue().detail["as_of"]) == (3, "2026-03-31")


# -- 互动: overdue -----------------------------------------------------------------------------------


@pytest.fixture
def overdue_messages(region: Any, clock: Any) -> dict[str, Message]:
    """Messages of 测试市教育局 (咨询, 5 working days after the day of receipt)."""
    clock.set(d(2026, 6, 1))
    dept = region.dept
    return {
        "late": make_message(dept, d(2026, 3, 2), d(2026, 3, 9), d(2026, 3, 10)),  # answered a day late
        "in_limit": make_message(dept, d(2026, 3, 2), d(2026, 3, 9), d(2026, 3, 9)),  # on the due day
        "open_overdue": make_message(dept, d(2026, 3, 20), d(2026, 3, 27)),  # open past due on 31 March
        "stale": make_message(dept, d(2025, 12, 1), d(2025, 12, 8)),  # open, and for more than 3 months
        "open_not_due": make_message(dept, d(2026, 3, 25), d(2026, 4, 1)),  # not yet due on 31 March
        "answered_after": make_message(
            dept, d(2026, 2, 20), d(2026, 2, 27), d(2026, 4, 2)
        ),  # open on 31 March
    }


def test_messages_overdue_answered_late_plus_open_past_due_whole_month(region, overdue_messages):
    m = overdue_messages
    overdue = compute(MARCH, [region.dept.pk, region.county.pk], codes=["messages_overdue"])
    # answered late in March: "late"; open and past due on 31 March: "open_overdue", "stale",
    # "answered_after".
    assert overdue[region.dept.pk]["messages_overdue"].value == 4
    assert overdue[region.dept.pk]["messages_overdue"].detail == {
        "answered_late": 1,
        "open_overdue": 3,
        "as_of": "2026-03-31",
    }
    assert overdue[region.county.pk]["messages_overdue"].value == 0
    found = records("messages_overdue", region.dept.pk, MARCH, limit=10)
    assert found.total == 4
    assert [row.label for row in found.rows] == [
        f"{m[key].tracking_number} {m[key].subject}"
        for key in ("stale", "answered_after", "late", "open_overdue")
    ]
    assert found.rows[0].url == f"/staff/messages/{m['stale'].pk}/"
    assert found.rows[2].note == "答复期限2026年3月9日，2026年3月10日逾期答复"
    assert found.rows[3].note == "2026年3月20日收到，答复期限2026年3月27日，截至2026年3月31日未答复"


def test_messages_overdue_of_days_not_whole_months_counted_directly(region, overdue_messages):
    period = Period(d(2026, 3, 1), d(2026, 3, 20))
    overdue = compute(period, [region.dept.pk], codes=["messages_overdue"])[region.dept.pk][
        "messages_overdue"
    ]
    # answered late by 20 March: "late"; open past due on 20 March: "stale" (8 Dec), "answered_after"
    # (27 Feb); "open_overdue" was received that day and is due 27 March.
    assert overdue.detail == {"answered_late": 1, "open_overdue": 2, "as_of": "2026-03-20"}
    assert overdue.value == 3
    assert records("messages_overdue", region.dept.pk, period, limit=10).total == 3


# -- requests: time taken, on time, the last two days ---------------------------------------------

AUTUMN = Period(d(2026, 9, 1), d(2026, 10, 31))


@pytest.fixture
def autumn_requests(region: Any, clock: Any) -> dict[str, InfoRequest]:
    """Requests of 测试市教育局 answered in September–October 2026, across 中秋/国庆 (25–27 September
    and 1–7 October off, 10 October worked). Received Mon 21 September, the 20th working day after
    is Mon 26 October (the due date)."""
    clock.set(d(2026, 11, 16))
    dept = region.dept
    sep21 = d(2026, 9, 21)
    return {
        # 22, 23, 24, 28, 29 September: exactly 5 working days
        "five": make_request(dept, sep21, answered=d(2026, 9, 29)),
        # … and the 30th: 6, the next bucket
        "six": make_request(dept, sep21, answered=d(2026, 9, 30)),
        # received 29 September, answered 8 October: 30 September and 8 October, 2 (the holiday skipped)
        "across_holiday": make_request(dept, d(2026, 9, 29), answered=d(2026, 10, 8)),
        # 18 working days: 2 left after the answer day (23 and 26 October): not the last two days
        "eighteen": make_request(dept, sep21, answered=d(2026, 10, 22)),
        # 19: the working day before the due date
        "nineteen": make_request(dept, sep21, answered=d(2026, 10, 23)),
        # 20: on the due date
        "twenty": make_request(dept, sep21, answered=d(2026, 10, 26)),
        # 21: a day late
        "late": make_request(dept, sep21, answered=d(2026, 10, 27)),
        # received 3 August (due 31 August), answered 30 October: 60 working days, late
        "sixty": make_request(dept, d(2026, 8, 3), answered=d(2026, 10, 30)),
        # received in the period, not answered in it
        "open": make_request(dept, d(2026, 10, 28)),
    }


def test_request_buckets_on_time_and_last_two_days(region, autumn_requests):
    r = autumn_requests
    assert r["five"].due_date == d(2026, 10, 26)
    assert r["sixty"].due_date == d(2026, 8, 31)
    figures = compute(AUTUMN, [region.dept.pk])[region.dept.pk]
    # received in September–October: all but "sixty" (3 August)
    assert figures["requests_received"].value == 8
    assert figures["requests_answered"].value == 8
    assert figures["requests_buckets"].value == 8
    assert figures["requests_buckets"].detail == {
        "≤5": 2,  # five (5), across_holiday (2)
        "≤10": 1,  # six (6)
        "≤15": 0,
        "≤20": 3,  # eighteen, nineteen, twenty
        "≤25": 1,  # late (21)
        "≤30": 0,
        "≤40": 0,
        ">40": 1,  # sixty
    }
    # on time: all but "late" and "sixty": 6 of 8
    on_time = figures["requests_on_time"]
    assert (on_time.value, on_time.count, on_time.sample) == (Decimal("0.7500"), 6, 8)
    # the last two working days (23 and 26 October): "nineteen" and "twenty": 2 of 8
    last = figures["requests_last_two_days"]
    assert (last.value, last.count, last.sample) == (Decimal("0.2500"), 2, 8)
    # overdue: the two answered late; "open" (due 25 November) is not yet due
    assert figures["requests_overdue"].detail["answered_late"] == 2
    assert figures["requests_overdue"].detail["open_overdue"] == 0

    found = records("requests_last_two_days", region.dept.pk, AUTUMN, limit=2)
    assert found.total == 8
    assert [row.label for row in found.rows] == [
        r["nineteen"].registration_number,
        r["twenty"].registration_number,
    ]
    buckets = records("requests_buckets", region.dept.pk, AUTUMN, limit=10)
    assert buckets.rows[0].label == r["five"].registration_number
    assert buckets.rows[0].note == "用时5个工作日"


def test_a_period_without_answers_has_no_rate(region, clock):
    clock.set(d(2026, 6, 1))
    figures = compute(MARCH, [region.county_dept.pk])[region.county_dept.pk]
    assert figures["requests_on_time"].value is None
    assert figures["requests_on_time"].sample == 0
    assert figures["requests_buckets"].detail[">40"] == 0


def test_appeals_corrected_decided_in_the_period(region, clock):
    from gongkai.foi.models import Appeal

    clock.set(d(2026, 6, 1))
    request = make_request(region.dept, d(2025, 11, 3), answered=d(2025, 11, 20))

    def appeal(kind: str, result: str, decided: dt.date | None) -> Appeal:
        return Appeal.objects.create(
            request=request,
            kind=kind,
            filed_on=d(2025, 12, 1),
            authority="测试市人民政府",
            case_number=f"案{next(_numbers)}",
            result=result,
            decided_on=decided,
        )

    corrected_review = appeal("review", "corrected", d(2026, 3, 10))
    appeal("litigation", "corrected", d(2026, 3, 31))  # counts: decided on the period's last day
    appeal("review", "upheld", d(2026, 3, 12))  # upheld: the body was right
    appeal("review", "corrected", d(2026, 4, 1))  # decided after the period
    appeal("litigation", "pending", None)
    figure = compute(MARCH, [region.dept.pk])[region.dept.pk]["appeals_corrected"]
    assert figure.value == 2
    assert figure.detail == {"review": 1, "litigation": 1}
    found = records("appeals_corrected", region.dept.pk, MARCH, limit=10)
    assert found.total == 2
    assert found.rows[0].date == corrected_review.decided_on
    assert found.rows[0].url == f"/staff/requests/{request.pk}/"


# -- 互动: answered in the limit, the 3-month flag ------------------------------------------------


def test_messages_answered_in_limit_and_the_3_month_edge(region, overdue_messages):
    dept = region.dept
    # On 31 March, a message is flagged if received before 31 December (3 calendar months earlier).
    make_message(dept, d(2025, 12, 31), d(2026, 1, 8))  # exactly 3 months: not yet flagged
    edge = make_message(dept, d(2025, 12, 30), d(2026, 1, 7))  # more than 3 months: flagged
    make_message(dept, d(2025, 12, 29), d(2026, 1, 6), d(2026, 3, 31))  # answered on the last day: not open
    figures = compute(MARCH, [dept.pk])[dept.pk]
    # flagged: "stale" (1 December) and "edge" (30 December)
    assert figures["messages_unanswered_3_months"].value == 2
    # answered in March: "late" (10 March, due 9), "in_limit" (9 March) and the one of 31 March
    # (due 6 January): 1 of 3 in the limit
    in_limit = figures["messages_answered_in_limit"]
    assert (in_limit.value, in_limit.count, in_limit.sample) == (Decimal("0.3333"), 1, 3)
    assert figures["messages_received"].value == 4  # late, in_limit, open_overdue, open_not_due
    found = records("messages_unanswered_3_months", dept.pk, MARCH, limit=10)
    assert found.total == 2
    assert found.rows[1].url == f"/staff/messages/{edge.pk}/"
    # The same figures counted directly (a period of days) agree with the monthly ones.
    by_days = compute(Period(d(2026, 3, 1), d(2026, 3, 31)), [dept.pk])[dept.pk]
    assert by_days == figures
    # A period of days ending 30 March (flagged if received before 30 December): "edge" is then
    # exactly 3 months old, not flagged; the one of 29 December, answered only on 31 March, is.
    to_30 = Period(d(2026, 3, 2), d(2026, 3, 30))
    assert compute(to_30, [dept.pk])[dept.pk]["messages_unanswered_3_months"].value == 2
    assert edge.tracking_number not in {
        row.label.split()[0] for row in records("messages_unanswered_3_months", dept.pk, to_30, limit=10).rows
    }


def test_many_bodies_read_the_monthly_figures_of_every_body(region, overdue_messages, monkeypatch):
    """From ``ALL_BODIES_FROM`` bodies on, the apps' monthly figures are read for every body and the
    wanted ones picked out: the figures are the same, and a body with nothing gets zeros."""
    from gongkai.assessment.indicators import participation

    ids = [region.dept.pk, region.county.pk]
    few = compute(MARCH, ids)
    monkeypatch.setattr(participation, "ALL_BODIES_FROM", 1)
    many = compute(MARCH, ids)
    assert many == few
    assert many[region.dept.pk]["messages_overdue"].value == 4
    assert many[region.county.pk]["messages_received"].value == 0


# -- 社会评议, 意见征集, 申请引导 -------------------------------------------------------------------


def test_satisfaction_rate_and_ratings(region, clock):
    from gongkai.foi.models import DeflectionTally
    from gongkai.ratings.models import Rating

    clock.set(d(2026, 6, 1))
    dept = region.dept

    def rate(grade: str, day: dt.date) -> None:
        Rating.objects.create(
            kind="body",
            organization=dept,
            grade=grade,
            month=day.replace(day=1),
            created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(12))),
            token=f"t{next(_numbers)}",
        )

    for grade, day in [
        ("satisfied", d(2026, 3, 2)),
        ("satisfied", d(2026, 3, 9)),
        ("satisfied", d(2026, 4, 20)),
        ("basic", d(2026, 4, 21)),
        ("unsatisfied", d(2026, 3, 25)),
        ("unsatisfied", d(2026, 4, 2)),
        ("satisfied", d(2026, 5, 4)),  # outside March–April
    ]:
        rate(grade, day)
    DeflectionTally.objects.create(organization=dept, month=d(2026, 3, 1), shown=10, followed=3)
    DeflectionTally.objects.create(organization=dept, month=d(2026, 4, 1), shown=8, followed=2)
    spring = Period(d(2026, 3, 1), d(2026, 4, 30))
    figures = compute(spring, [dept.pk])[dept.pk]
    assert figures["ratings_total"].value == 6
    # (满意 3 + 基本满意 1) / 6
    satisfaction = figures["satisfaction_rate"]
    assert (satisfaction.value, satisfaction.count, satisfaction.sample) == (Decimal("0.6667"), 4, 6)
    assert satisfaction.detail == {"satisfied": 3, "basic": 1, "unsatisfied": 2}
    assert figures["deflection_followed"].value == 5
    # A period of days (15 March – 21 April): ratings by their day — 25 March, 2, 20 and 21 April:
    # 满意 1 + 基本满意 1 of 4; the tallies of the months beginning in it: April's 2.
    part = compute(Period(d(2026, 3, 15), d(2026, 4, 21)), [dept.pk])[dept.pk]
    assert (part["satisfaction_rate"].count, part["satisfaction_rate"].sample) == (2, 4)
    assert part["deflection_followed"].value == 2
    # Without ratings the rate is None, never 0.
    assert compute(MARCH, [region.county.pk])[region.county.pk]["satisfaction_rate"].value is None
    months = records("satisfaction_rate", dept.pk, spring, limit=10)
    assert [row.label for row in months.rows] == ["2026年3月", "2026年4月"]
    assert months.rows[0].url == f"/staff/ratings/?org={dept.pk}&year=2026&month=3"


def test_consultation_figures(region, clock):
    from gongkai.opinions.models import Comment, Consultation

    clock.set(d(2026, 6, 1))
    shanghai = timezone.get_current_timezone()
    dept = region.dept

    def consultation(title: str, opens: dt.date, summary: dt.datetime | None) -> Consultation:
        return Consultation.objects.create(
            organization=dept,
            title=title,
            drafter=region.editor,
            opens_on=opens,
            summary_published_at=summary,
        )

    march_draft = consultation("三月征求意见稿", d(2026, 3, 2), dt.datetime(2026, 4, 10, 9, tzinfo=shanghai))
    february_draft = consultation(
        "二月征求意见稿", d(2026, 2, 20), dt.datetime(2026, 3, 30, 23, 30, tzinfo=shanghai)
    )
    for moment in (
        dt.datetime(2026, 3, 3, 9, tzinfo=shanghai),
        dt.datetime(2026, 3, 31, 23, 59, tzinfo=shanghai),
        dt.datetime(2026, 4, 1, 0, 0, 30, tzinfo=shanghai),  # April, Beijing time
    ):
        Comment.objects.create(
            consultation=march_draft, text="建议", received_at=moment, submission_key=f"k{next(_numbers)}"
        )
    figures = compute(MARCH, [dept.pk])[dept.pk]
    # opened in March: the March draft; comments received in March (Beijing time): 2; 采纳情况
    # published in March: the February draft's (30 March, 23:30)
    assert [figures[c].value for c in CONSULTATION_CODES] == [1, 2, 1]
    part = compute(Period(d(2026, 3, 1), d(2026, 3, 30)), [dept.pk])[dept.pk]
    assert [part[c].value for c in CONSULTATION_CODES] == [1, 1, 1]
    published = records("consultations_feedback_published", dept.pk, MARCH, limit=5)
    assert [(r.label, r.date, r.url) for r in published.rows] == [
        ("二月征求意见稿", d(2026, 3, 30), f"/staff/opinions/{february_draft.pk}/")
    ]
    comments = records("consultation_comments", dept.pk, MARCH, limit=5)
    assert [(r.url, r.note) for r in comments.rows] == [
        (f"/staff/opinions/{march_draft.pk}/comments/", "收到意见2条")
    ]


CONSULTATION_CODES = ("consultations_opened", "consultation_comments", "consultations_feedback_published")


# -- the annual report -----------------------------------------------------------------------------


def _report(org: Any, year: int, published: dt.datetime | None) -> Any:
    from gongkai.reports.models import AnnualReport, ReportState

    return AnnualReport.objects.create(
        organization=org,
        year=year,
        state=ReportState.PUBLISHED if published else ReportState.SUBMITTED,
        submitted_at=timezone.make_aware(dt.datetime(year + 1, 1, 20, 9)),
        published_at=published,
    )


def test_annual_report_on_time_by_the_deadline_of_article_49(region, clock):
    """2019 条例 第四十九条: a department publishes its report on the year before by 31 January, a
    people's government by 31 March."""
    from gongkai.testing import OrganizationFactory

    clock.set(d(2026, 12, 20))
    shanghai = timezone.get_current_timezone()
    late_dept = OrganizationFactory.create(name="测试市民政局", slug="civil", parent=region.city)
    unpublished = OrganizationFactory.create(name="测试市水利局", slug="water", parent=region.city)
    _report(region.dept, 2025, dt.datetime(2026, 1, 31, 23, 30, tzinfo=shanghai))  # on the day: on time
    _report(late_dept, 2025, dt.datetime(2026, 2, 1, 0, 5, tzinfo=shanghai))  # 1 February: late
    _report(unpublished, 2025, None)  # submitted, never published
    _report(region.county, 2025, dt.datetime(2026, 3, 31, 16, tzinfo=shanghai))  # a government: 31 March
    _report(region.county_dept, 2026, dt.datetime(2026, 1, 10, tzinfo=shanghai))  # another year's report
    ids = [region.dept.pk, late_dept.pk, unpublished.pk, region.county.pk, region.county_dept.pk]
    figures = compute(Period.year(2026), ids)
    flags = {pk: figures[pk]["annual_report_on_time"].value for pk in ids}
    assert flags == {
        region.dept.pk: 1,
        late_dept.pk: 0,
        unpublished.pk: 0,
        region.county.pk: 1,
        region.county_dept.pk: 0,  # no report on 2025
    }
    assert figures[late_dept.pk]["annual_report_on_time"].detail == {
        "year": 2025,
        "due": "2026-01-31",
        "state": "published",
        "submitted_on": "2026-01-20",
        "published_on": "2026-02-01",
    }
    assert figures[region.county.pk]["annual_report_on_time"].detail["due"] == "2026-03-31"
    found = records("annual_report_on_time", late_dept.pk, Period.year(2026), limit=5)
    assert found.total == 1
    assert found.rows[0].note == "应于2026年1月31日前公布，2026年2月1日公布"
    assert records("annual_report_on_time", region.county_dept.pk, Period.year(2026), limit=5).total == 0


# -- 政务信息报送 ------------------------------------------------------------------------------------


def test_govinfo_figures_are_the_office_standings(clock):
    """The month of ``govinfo.tests.scoring_world`` (November 2026), whose table is worked out by
    hand in ``govinfo/tests/test_scoring_standings.py``: the indicators are those standings."""
    from gongkai.govinfo.tests.scoring_world import build_world, november

    clock.set(d(2026, 12, 5))
    w = november(build_world())
    nov = Period.month(2026, 11)
    ids = [w.edu.pk, w.finance.pk, w.police.pk, w.county.pk, w.health.pk, w.office.pk]
    figures = compute(nov, ids, codes=["govinfo_points"])

    def row(org: Any) -> tuple[Any, ...]:
        f = figures[org.pk]
        points = f["govinfo_points"]
        return (
            f["govinfo_submissions"].value,
            f["govinfo_adoptions"].value,
            points.value,
            points.detail["rank"],
            points.detail["tied"],
        )

    # 市教育局: city general 1 + province general forwarded 4×2 + province internet 2 = 11, a city
    # leader's instruction +40 → 51, first.
    assert row(w.edu) == (2, 3, Decimal("51.00"), 1, False)
    # 财政局 and 公安局: each half of the joint s4 (8 → 4), a city general 1, a county leader +20 → 25,
    # 并列第2.
    assert row(w.finance) == (2, 2, Decimal("25.00"), 2, True)
    assert row(w.police) == (2, 2, Decimal("25.00"), 2, True)
    # 测试县人民政府: 国办 8 + a province leader +80 + 迟报 −100 → −12, last of 7.
    assert row(w.county) == (1, 1, Decimal("-12.00"), 7, False)
    assert figures[w.county.pk]["govinfo_points"].detail["by_source"] == {
        "adoption": "8.00",
        "instruction": "80.00",
        "penalty": "-100.00",
    }
    assert row(w.health) == (0, 0, Decimal("0.00"), 5, True)
    # The office ranks the others: it has no figures of its own.
    assert figures[w.office.pk]["govinfo_points"].value is None

    lines = records("govinfo_points", w.edu.pk, nov, limit=10)
    # s1's two adoptions, s2's adoption and its instruction (the December adoption is outside)
    assert lines.total == 4
    assert all(
        r.url in (f"/staff/govinfo/submissions/{w.subs[k].pk}/" for k in ("s1", "s2")) for r in lines.rows
    )
    assert records("govinfo_adoptions", w.edu.pk, nov, limit=10).total == 3
    submissions = records("govinfo_submissions", w.edu.pk, nov, limit=10)
    assert [r.url for r in submissions.rows] == [
        f"/staff/govinfo/submissions/{w.subs[k].pk}/" for k in ("s1", "s2")
    ]
    penalty = records("govinfo_points", w.county.pk, nov, limit=10)
    assert penalty.total == 3
    assert f"/staff/govinfo/dashboard/offices/{w.office.pk}/points/{w.county.pk}/" in {
        r.url for r in penalty.rows
    }


@pytest.mark.django_db
def test_a_period_without_the_report_deadline_does_not_judge_the_report(region: Any) -> None:
    """A quarter from April on holds neither 31 January (departments) nor 31 March (governments):
    the annual report is judged in the period that holds its deadline (第四十九条), so the figure is
    None there — a scheme's rule reads it as no data and deducts nothing."""
    from gongkai.assessment.indicators import reporting

    ids = [region.dept.pk, region.county.pk]
    q3 = reporting.compute(Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30)), ids)
    assert q3 and all(figs["annual_report_on_time"].value is None for figs in q3.values())
    year = reporting.compute(Period.year(2026), ids)
    assert all(figs["annual_report_on_time"].value in (0, 1) for figs in year.values())
