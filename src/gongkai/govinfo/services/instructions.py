"""Leaders' instructions (领导批示) on an item or an issue, and their follow-up (落实反馈), docs/SPEC.md §8:
"recorded against an item or issue (leader, date, text), with follow-up".

- A leader (``RoleName.LEADER``) writes their own instruction on an issue of an office whose
  publications they read (``policy.reading_offices``), or on an item adopted into such an issue.
- The office's desk (信息科编辑) records an instruction a leader gave on paper, outside the platform
  (no ``leader`` account: name, title and level typed). docs/SPEC.md §8's source papers:
  "市政府领导经常在信息刊物上做出批示".
- Each instruction can open follow-up tasks (落实反馈): an owner unit (and optionally a person), a
  deadline; the owner reports until the desk (or the instructing leader) closes it. The round
  reminds the owner on the last working day before the deadline and once more when it is overdue.

Every change is one function here: permission (``govinfo.policy``), audit, notices.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.govinfo import commission_rules as rules
from gongkai.govinfo import policy
from gongkai.govinfo.models import (
    FollowUp,
    FollowUpReport,
    FollowUpState,
    Instruction,
    Issue,
    IssueState,
    LeaderLevel,
    Submission,
)
from gongkai.notifications.services import notify
from gongkai.orgs.models import Level, Organization, RoleName
from gongkai.orgs.selectors import staff_of
from gongkai.workdays.calendar import get_calendar

#: The round reminds the owner of an open follow-up on the last working day before its deadline
#: (the same rule as the 约稿通知 reminder, ``services.commissions.REMIND_WORKDAYS``).
REMIND_WORKDAYS = 1

OPENED_KIND = "govinfo.followup"
DUE_KIND = "govinfo.followup_due"
OVERDUE_KIND = "govinfo.followup_overdue"

#: The level of a leader's instruction from the level of the body where they hold the role.
LEVEL_OF_BODY = {
    Level.NATIONAL: LeaderLevel.NATIONAL,
    Level.PROVINCE: LeaderLevel.PROVINCE,
    Level.CITY: LeaderLevel.CITY,
    Level.COUNTY: LeaderLevel.COUNTY,
    Level.TOWNSHIP: LeaderLevel.COUNTY,
}


def instruction_url(instruction: Instruction) -> str:
    return reverse("backoffice:govinfo_instruction", args=[instruction.pk])


def followup_url(follow_up: FollowUp) -> str:
    return reverse("backoffice:govinfo_followup", args=[follow_up.pk])


# -- subjects and offices -------------------------------------------------------------------------------


def issued_issues_of(offices: Any) -> QuerySet[Issue]:
    return Issue.objects.filter(state=IssueState.ISSUED, publication__organization__in=offices)


def office_of_issue(issue: Issue) -> Organization | None:
    return issue.publication.organization


def office_of_submission(submission: Submission) -> Organization | None:
    return submission.recipient


def office_of(instruction: Instruction) -> Organization | None:
    """The office whose desk the instruction belongs to: the issue's publisher, or the office the
    item was submitted to."""
    if instruction.issue_id is not None:
        return office_of_issue(instruction.issue)  # type: ignore[arg-type]
    return office_of_submission(instruction.submission)  # type: ignore[arg-type]


def leader_may_instruct_issue(user: Any, issue: Issue) -> bool:
    """A leader instructs on an issued issue of an office whose publications they read."""
    office_id = issue.publication.organization_id
    if not policy.is_leader(user) or issue.state != IssueState.ISSUED or office_id is None:
        return False
    return policy.reading_offices(user).filter(pk=office_id).exists()


def leader_may_instruct_submission(user: Any, submission: Submission) -> bool:
    """A leader instructs on an item adopted into an issued issue of an office they read."""
    if not policy.is_leader(user):
        return False
    return issued_issues_of(policy.reading_offices(user)).filter(entries__submission=submission).exists()


def desk_may_record_issue(user: Any, issue: Issue) -> bool:
    office = issue.publication.organization_id
    return office is not None and policy.can_use_desk(user, office)


def desk_may_record_submission(user: Any, submission: Submission) -> bool:
    return submission.recipient_id is not None and policy.can_use_desk(user, submission.recipient_id)


def _office_q(prefix: str, offices: Any) -> Q:
    return Q(**{f"{prefix}issue__publication__organization__in": offices}) | Q(
        **{f"{prefix}issue__isnull": True, f"{prefix}submission__recipient__in": offices}
    )


def visible_instructions(user: Any) -> QuerySet[Instruction]:
    """A leader's own; the office's for its desk; those on the items of the units where ``user`` is
    信息员; and those with a follow-up owned by ``user`` or one of their units."""
    units = policy.writing_units(user)
    q = Q(leader=user) | _office_q("", policy.desk_offices(user))
    q |= Q(submission__organization__in=units)
    q |= Q(follow_ups__owner=user) | Q(follow_ups__organization__in=units)
    return Instruction.objects.filter(q).distinct()


def visible_follow_ups(user: Any) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(instruction__in=visible_instructions(user))


def is_overdue(follow_up: FollowUp, today: dt.date) -> bool:
    """An open follow-up past its deadline day."""
    return rules.follow_up_overdue(follow_up.state == FollowUpState.OPEN, follow_up.deadline, today)


def may_manage(user: Any, instruction: Instruction) -> bool:
    """Open and close follow-ups: the office's desk, or the leader who wrote the instruction."""
    if instruction.leader_id is not None and instruction.leader_id == getattr(user, "pk", None):
        return True
    office = office_of(instruction)
    return office is not None and policy.can_use_desk(user, office)


def may_report(user: Any, follow_up: FollowUp) -> bool:
    """Report on a follow-up: its owner person, or (when none is named) the owner unit's 信息员 and
    签发人. The desk and the leader close; they do not report."""
    if follow_up.state != FollowUpState.OPEN:
        return False
    if follow_up.owner_id is not None:
        return bool(follow_up.owner_id == getattr(user, "pk", None))
    return (
        staff_of(follow_up.organization_id, *policy.WRITER_ROLES, RoleName.SIGNER)
        .filter(pk=getattr(user, "pk", None))
        .exists()
    )


# -- instructions ---------------------------------------------------------------------------------------


def _subject_check(submission: Submission | None, issue: Issue | None) -> None:
    if (submission is None) == (issue is None):
        raise ValidationError("批示须针对一篇稿件或一期刊物。")


def _validate_text(text: str, given_on: dt.date, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = ["请填写批示内容。"]
    if given_on > today:
        errors["given_on"] = ["批示日期不能晚于今天。"]
    if errors:
        raise ValidationError(errors)


def _leader_level(user: Any) -> str:
    levels = [LEVEL_OF_BODY.get(Level(o.level), LeaderLevel.COUNTY) for o in policy.leader_orgs(user)]
    order = [LeaderLevel.NATIONAL, LeaderLevel.PROVINCE, LeaderLevel.CITY, LeaderLevel.COUNTY]
    return next((lv for lv in order if lv in levels), LeaderLevel.COUNTY)


def _leader_title(user: Any) -> str:
    org = policy.leader_orgs(user).order_by("path").first()
    return f"{org.short_name or org.name}领导" if org is not None else ""


def _notify_instruction(instruction: Instruction) -> None:
    """Tell the office's desk of a leader's own instruction and the unit's 信息员 of an instruction
    on their item."""
    people: list[Any] = []
    office = office_of(instruction)
    if instruction.leader_id is not None and office is not None:
        people.extend(staff_of(office.pk, *policy.DESK_ROLES))
    if instruction.submission_id is not None:
        people.extend(staff_of(instruction.submission.organization_id, *policy.WRITER_ROLES))  # type: ignore[union-attr]
    people = [p for p in people if p.pk != instruction.recorded_by_id]
    notify(
        people,
        kind="govinfo.instruction",
        title=f"{instruction.leader_name}作出批示",
        body=instruction.text[:200],
        url=instruction_url(instruction),
        key=f"govinfo.instruction:{instruction.pk}",
    )


@transaction.atomic
def write_instruction(
    *,
    actor: Any,
    text: str,
    given_on: dt.date | None = None,
    submission: Submission | None = None,
    issue: Issue | None = None,
) -> Instruction:
    """A leader's own instruction, written on the platform from the issue or item they read."""
    _subject_check(submission, issue)
    allowed = (
        leader_may_instruct_issue(actor, issue)
        if issue is not None
        else leader_may_instruct_submission(actor, submission)  # type: ignore[arg-type]
    )
    if not allowed:
        raise PermissionDenied("您只能对本级政府办公室已印发的刊物及其所载信息作出批示。")
    today = timezone.localdate()
    given_on = given_on or today
    _validate_text(text, given_on, today)
    instruction = Instruction.objects.create(
        submission=submission,
        issue=issue,
        leader=actor,
        leader_name=actor.display_name,
        leader_title=_leader_title(actor),
        level=_leader_level(actor),
        given_on=given_on,
        text=text.strip(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="govinfo.instruction_written",
        target=instruction,
        organization=office_of(instruction),
        data={"level": instruction.level},
    )
    _notify_instruction(instruction)
    return instruction


@transaction.atomic
def record_instruction(
    *,
    actor: Any,
    leader_name: str,
    level: str,
    text: str,
    given_on: dt.date,
    leader_title: str = "",
    submission: Submission | None = None,
    issue: Issue | None = None,
) -> Instruction:
    """The desk records an instruction a leader gave outside the platform (on the paper issue)."""
    _subject_check(submission, issue)
    allowed = (
        desk_may_record_issue(actor, issue)
        if issue is not None
        else desk_may_record_submission(actor, submission)  # type: ignore[arg-type]
    )
    if not allowed:
        raise PermissionDenied("只有本办信息科编辑可以登记本办刊物和收到稿件的领导批示。")
    errors: dict[str, list[str]] = {}
    if not leader_name.strip():
        errors["leader_name"] = ["请填写批示领导。"]
    if level not in LeaderLevel.values:
        errors["level"] = ["请选择领导层级。"]
    if errors:
        raise ValidationError(errors)
    _validate_text(text, given_on, timezone.localdate())
    instruction = Instruction.objects.create(
        submission=submission,
        issue=issue,
        leader=None,
        leader_name=leader_name.strip(),
        leader_title=leader_title.strip(),
        level=level,
        given_on=given_on,
        text=text.strip(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="govinfo.instruction_recorded",
        target=instruction,
        organization=office_of(instruction),
        data={"level": level, "leader": instruction.leader_name},
    )
    _notify_instruction(instruction)
    return instruction


# -- follow-ups -----------------------------------------------------------------------------------------


def _owners(follow_up: FollowUp) -> list[Any]:
    if follow_up.owner_id is not None:
        return [follow_up.owner]
    return list(staff_of(follow_up.organization_id, *policy.WRITER_ROLES))


def _managers(instruction: Instruction) -> list[Any]:
    people: list[Any] = []
    office = office_of(instruction)
    if office is not None:
        people.extend(staff_of(office.pk, *policy.DESK_ROLES))
    if instruction.leader is not None:
        people.append(instruction.leader)
    return people


@transaction.atomic
def open_follow_up(
    *,
    actor: Any,
    instruction: Instruction,
    organization: Organization,
    deadline: dt.date,
    owner: Any = None,
) -> FollowUp:
    """Open a follow-up task (落实反馈) on ``instruction``; the owner is notified."""
    if not may_manage(actor, instruction):
        raise PermissionDenied("只有本办信息科编辑或作出批示的领导可以交办落实。")
    errors: dict[str, list[str]] = {}
    if not organization.is_active:
        errors["organization"] = ["承办单位已停用。"]
    if owner is not None and not staff_of(organization.pk).filter(pk=owner.pk).exists():
        errors["owner"] = [f"{owner}不是{organization.name}的人员。"]
    if deadline < timezone.localdate():
        errors["deadline"] = ["反馈期限不能早于今天。"]
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp.objects.create(
        instruction=instruction, organization=organization, owner=owner, deadline=deadline
    )
    record(
        actor=actor,
        action="govinfo.followup_opened",
        target=follow_up,
        organization=organization,
        data={"instruction": instruction.pk, "deadline": deadline.isoformat()},
    )
    notify(
        _owners(follow_up),
        kind=OPENED_KIND,
        title=f"请落实{instruction.leader_name}批示",
        body=f"{instruction.text[:200]}\n反馈期限：{deadline:%Y年%-m月%-d日}。",
        url=followup_url(follow_up),
        key=f"{OPENED_KIND}:{follow_up.pk}",
    )
    return follow_up


@transaction.atomic
def report_follow_up(*, actor: Any, follow_up: FollowUp, text: str, closes: bool = False) -> FollowUpReport:
    """The owner reports how the instruction is carried out (``closes``: asks to close it)."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.state != FollowUpState.OPEN:
        raise ValidationError("该落实任务已办结。")
    if not may_report(actor, follow_up):
        raise PermissionDenied("只有承办单位的责任人可以反馈落实情况。")
    if not text.strip():
        raise ValidationError({"text": ["请填写落实情况。"]})
    report = FollowUpReport.objects.create(follow_up=follow_up, text=text.strip(), by=actor, closes=closes)
    record(
        actor=actor,
        action="govinfo.followup_reported",
        target=follow_up,
        organization=follow_up.organization,
        data={"closes": closes},
    )
    instruction = follow_up.instruction
    notify(
        [p for p in _managers(instruction) if p.pk != actor.pk],
        kind="govinfo.followup_report",
        title=f"{follow_up.organization.name}反馈批示落实情况" + ("（申请办结）" if closes else ""),
        body=report.text[:200],
        url=followup_url(follow_up),
    )
    return report


@transaction.atomic
def close_follow_up(*, actor: Any, follow_up: FollowUp) -> FollowUp:
    """The desk (or the instructing leader) closes a follow-up (办结)."""
    follow_up = FollowUp.objects.select_for_update().select_related("instruction").get(pk=follow_up.pk)
    if not may_manage(actor, follow_up.instruction):
        raise PermissionDenied("只有本办信息科编辑或作出批示的领导可以办结。")
    if follow_up.state != FollowUpState.OPEN:
        raise ValidationError("该落实任务已办结。")
    follow_up.state = FollowUpState.CLOSED
    follow_up.closed_at = timezone.now()
    follow_up.save(update_fields=["state", "closed_at"])
    record(
        actor=actor, action="govinfo.followup_closed", target=follow_up, organization=follow_up.organization
    )
    notify(
        [p for p in _owners(follow_up) if p.pk != actor.pk],
        kind="govinfo.followup_closed",
        title=f"批示落实已办结：{follow_up.instruction.leader_name}批示",
        url=followup_url(follow_up),
    )
    return follow_up


def remind_follow_ups(today: dt.date) -> dict[str, int]:
    """The round: open follow-ups due by the next working day remind their owners (once per
    follow-up); overdue ones are flagged to the owners and the desk (once per follow-up). Idempotent
    through the notices' keys."""
    horizon = get_calendar().add_workdays(today, REMIND_WORKDAYS)
    counts = {"due": 0, "overdue": 0}
    open_ones = FollowUp.objects.filter(state=FollowUpState.OPEN).select_related(
        "instruction", "organization", "owner"
    )
    for follow_up in open_ones.filter(deadline__gte=today, deadline__lte=horizon):
        sent = notify(
            _owners(follow_up),
            kind=DUE_KIND,
            title=f"批示落实即将到期：{follow_up.instruction.leader_name}批示",
            body=f"反馈期限：{follow_up.deadline:%Y年%-m月%-d日}。",
            url=followup_url(follow_up),
            key=f"{DUE_KIND}:{follow_up.pk}",
        )
        counts["due"] += bool(sent)
    for follow_up in open_ones.filter(deadline__lt=today):
        sent = notify(
            [*_owners(follow_up), *_managers(follow_up.instruction)],
            kind=OVERDUE_KIND,
            title=f"批示落实已超期：{follow_up.organization.name}",
            body=f"反馈期限：{follow_up.deadline:%Y年%-m月%-d日}，尚未办结。",
            url=followup_url(follow_up),
            key=f"{OVERDUE_KIND}:{follow_up.pk}",
        )
        counts["overdue"] += bool(sent)
    return counts
