"""Every demo account finds work waiting for its role in the demo region (issue 9, "我的工作" for every
role): asked of the data itself, whatever screen later lists it."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.accounts.models import User
from gongkai.demo.builder import build_demo
from gongkai.disclosure import policy as item_policy
from gongkai.disclosure.models import ExemptionFiling, Item, ItemState, SecrecyReview
from gongkai.disclosure.models.review import ReviewConclusion
from gongkai.disclosure.selectors import publication_deadline
from gongkai.foi import policy as request_policy
from gongkai.foi.clock import EventKind
from gongkai.foi.models import OPEN_STATES, Consultation, InfoRequest, RequestState
from gongkai.foi.selectors import filter_due_soon
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.workdays.calendar import get_calendar

pytestmark = pytest.mark.django_db

#: The demo's "today" in these tests (as in test_builder and test_reports).
TODAY = dt.date(2026, 11, 16)

#: "Ends soon": within this many working days (today included).
SOON = 3


@pytest.fixture
def demo(db, clock):
    clock.set(TODAY)
    build_demo(items=300, seed=2008, echo=lambda _: None)


def account(username: str) -> User:
    return User.objects.get(username=username)


def ends_soon(day: dt.date | None) -> bool:
    return day is not None and day >= TODAY and get_calendar().workdays_between(TODAY, day) <= SOON


def test_the_handler_has_cases_overdue_due_soon_and_periods_ending(demo):
    handler = account("handler")
    mine = request_policy.handled_requests(handler).filter(state__in=OPEN_STATES)
    # 第三十三条: answered within 20 working days; one case is past that, one is near it.
    assert mine.filter(due_date__lt=TODAY).exists()
    assert filter_due_soon(mine, TODAY).exists()
    # 第三十条: the applicant's correction period ends within days.
    corrections = mine.filter(state=RequestState.CORRECTION).values_list("correction_due", flat=True)
    assert any(ends_soon(day) for day in corrections)
    # 第三十二条: a third party's 15 working days to answer end within days.
    answers = Consultation.objects.filter(request__in=mine, answer="").values_list("answer_due", flat=True)
    assert any(ends_soon(day) for day in answers)


def test_the_office_head_has_a_case_due_soon_to_decide_an_extension_on(demo):
    head = account("officehead")
    bodies = org_policy.org_ids_with_role(head, RoleName.OFFICE_HEAD)
    extended = InfoRequest.objects.filter(clock_events__kind=EventKind.EXTENDED.value)
    # 第三十三条第二款: an extension needs the office head's approval before the period ends.
    waiting = (
        filter_due_soon(InfoRequest.objects.filter(organization__in=bodies), TODAY)
        .exclude(state=RequestState.CORRECTION)
        .exclude(pk__in=extended.values("pk"))
    )
    assert waiting.exists()


def test_the_window_has_a_draft_reply_to_review_and_a_reply_to_deliver(demo):
    window = account("window")
    received = InfoRequest.objects.filter(
        organization__in=org_policy.org_ids_with_role(window, RoleName.REQUEST_HANDLER)
    )
    drafted = received.filter(state=RequestState.DRAFTED)
    assert drafted.exists()
    assert all(request_policy.can_review_draft(window, r) for r in drafted)
    approved = received.filter(state=RequestState.APPROVED)
    assert approved.exists()
    assert all(request_policy.can_deliver(window, r) for r in approved)


def test_the_supervisor_has_a_filing_a_referred_item_and_a_report_to_review(demo):
    supervisor = account("supervisor")
    authorities = org_policy.org_ids_with_role(supervisor, RoleName.SUPERVISOR)
    # 不予公开 filings with the competent authority, not acknowledged yet.
    assert ExemptionFiling.objects.filter(competent_authority__in=authorities, acknowledged_at=None).exists()
    # 呈报上级主管部门审定: an item of a body under the supervisor, whose last review referred it up.
    supervised = org_policy.supervised_orgs(supervisor)
    referred = [
        item
        for item in Item.objects.filter(state=ItemState.REVIEW, organization__in=supervised)
        if (last := SecrecyReview.objects.filter(item=item).order_by("-reviewed_at", "-pk").first())
        and last.conclusion == ReviewConclusion.REFER
    ]
    assert referred and all(r.title and r.organization.slug == "sz-jyj" for r in referred)
    # An annual report submitted for review.
    assert AnnualReport.objects.filter(state=ReportState.SUBMITTED, organization__in=supervised).exists()


def test_the_editor_has_a_draft_near_the_limit_and_a_returned_item(demo):
    editor = account("editor")
    edu = Organization.objects.get(slug="sz-jyj")
    drafts = Item.objects.filter(organization=edu, state=ItemState.DRAFT, author=editor)
    # 第二十六条: 20 working days from formation; one draft is near the limit (not past it).
    near = [d for d in drafts if publication_deadline(d, today=TODAY).warning]
    assert near and not any(publication_deadline(d, today=TODAY).overdue for d in near)
    returned = Item.objects.filter(organization=edu, state=ItemState.RETURNED, author=editor)
    assert returned.exclude(return_reason="").exists()


def test_the_reviewer_and_the_signers_have_items_waiting(demo):
    reviewer = account("reviewer")
    in_review = Item.objects.filter(state=ItemState.REVIEW, organization__slug="sz-jyj")
    assert any(item_policy.can_review_item(reviewer, item) for item in in_review)
    in_signoff = Item.objects.filter(state=ItemState.SIGNOFF, organization__slug="sz-jyj")
    for name in ("signer", "signer2"):
        signer = account(name)
        assert any(item_policy.can_sign_item(signer, item) for item in in_signoff), name
