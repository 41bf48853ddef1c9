"""The information section's desk (信息科, docs/SPEC.md §8): what it does with the submissions the
units below send it, each a service that checks permission (``govinfo.desk_access``), writes the
audit log and notifies whoever must act.

* 签收 (receive), 编辑 (edit: the author sees the editor's changes as a diff, ``govinfo.revisions``),
  退回 (return, with a reason), 储备 (keep in reserve);
* 采用 into an issue of the section's publications, issuing, archive and circulation
  (``govinfo.services.issues``, re-exported here);
* 转报 (forward upward): to the next office on the platform, which receives a new submission in the
  forwarding office's name, or to an office outside the platform, recorded by hand;
* 合并 (merge) of near-duplicates (the same event from several units, ``govinfo.duplicates``) into
  one item that credits every unit;
* adoption above (``govinfo.services.adoptions``, re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.govinfo import desk_access, policy, revisions
from gongkai.govinfo.models import CreditedUnit, Forward, State, Submission
from gongkai.govinfo.services.adoptions import adopt_chain, record_adoption_above
from gongkai.govinfo.services.issues import (
    adopt,
    archive_issue,
    delete_issue,
    draft_issue,
    issue_issue,
    issue_label,
    move_entry,
    record_opening,
    remove_entry,
    save_publication,
    update_entry,
    update_issue,
)
from gongkai.govinfo.text import set_body
from gongkai.notifications.services import notify
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import staff_of

__all__ = [
    "adopt",
    "adopt_chain",
    "archive_issue",
    "delete_issue",
    "draft_issue",
    "edit",
    "forward_off_platform",
    "forward_target",
    "forward_up",
    "issue_issue",
    "issue_label",
    "merge",
    "move_entry",
    "receive",
    "record_adoption_above",
    "record_opening",
    "remove_entry",
    "reserve",
    "return_submission",
    "save_publication",
    "update_entry",
    "update_issue",
]

#: The states from which a submission may be forwarded upward.
FORWARDABLE = (State.SUBMITTED, State.RECEIVED, State.RESERVED, State.ADOPTED)


def _require(actor: Any, submission: Submission) -> None:
    if actor is None:
        raise TypeError("actor is required (use gongkai.core.actors.SYSTEM for the platform)")
    if not desk_access.can_handle(actor, submission):
        raise PermissionDenied("只有收文单位的信息科编辑可以处理该信息。")


def _submission_url(submission: Submission) -> str:
    return reverse("backoffice:govinfo_submission", args=[submission.pk])


def _desk_url(submission: Submission) -> str:
    return reverse("backoffice:govinfo_desk_item", args=[submission.pk])


def _writers(submission: Submission) -> list[Any]:
    """Who hears of the desk's decisions: the drafter and the authors who have accounts."""
    people = [submission.drafter]
    people += [a.user for a in submission.authors.select_related("user") if a.user is not None]
    return people


def _mark_received(submission: Submission, actor: Any) -> None:
    if submission.received_at is None:
        submission.received_at = timezone.now()
        submission.received_by = actor


@transaction.atomic
def receive(submission: Submission, *, actor: Any) -> Submission:
    """签收: the desk has taken the submission in hand."""
    _require(actor, submission)
    if submission.state != State.SUBMITTED:
        raise ValidationError(f"该信息{submission.get_state_display()}，无需签收。")
    submission.receive()
    _mark_received(submission, actor)
    submission.save()
    record(actor=actor, action="govinfo.received", target=submission)
    return submission


@transaction.atomic
def edit(submission: Submission, *, actor: Any, title: str, body: str, note: str = "") -> Submission:
    """编辑: the desk changes the title and body; the change is a revision by the editor, so the
    author sees it as a diff."""
    _require(actor, submission)
    if submission.state not in (*desk_access.OPEN_STATES, State.ADOPTED):
        raise ValidationError(f"该信息{submission.get_state_display()}，不能再编辑。")
    title = title.strip()
    if not title:
        raise ValidationError({"title": "请填写标题。"})
    if not body.strip():
        raise ValidationError({"body": "请填写正文。"})
    submission.title = title[:200]
    set_body(submission, body)
    if not submission.plain_text.strip():
        raise ValidationError({"body": "请填写正文。"})
    _mark_received(submission, actor)
    if submission.state == State.SUBMITTED:
        submission.receive()
    submission.save()
    revision = revisions.record(
        submission, by=actor, by_editor=True, note=note.strip()[:200] or "信息科编辑修改"
    )
    if revision is None:
        return submission
    record(
        actor=actor, action="govinfo.edited_by_desk", target=submission, data={"revision": revision.number}
    )
    notify(
        _writers(submission),
        kind="govinfo.edited",
        title=f"信息科修改了您报送的信息《{submission.title}》",
        body="可在信息页面查看修改前后的对照。",
        url=_submission_url(submission),
        key=f"govinfo.edited:{submission.pk}:{revision.number}",
    )
    return submission


@transaction.atomic
def return_submission(submission: Submission, *, actor: Any, reason: str) -> Submission:
    """退回: back to the unit with the reason (it may change and send it again)."""
    _require(actor, submission)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因。"})
    if submission.state not in desk_access.OPEN_STATES:
        raise ValidationError(f"该信息{submission.get_state_display()}，不能退回。")
    submission.send_back()
    submission.return_reason = reason
    submission.decided_at = timezone.now()
    submission.save()
    record(actor=actor, action="govinfo.returned", target=submission, reason=reason)
    notify(
        _writers(submission),
        kind="govinfo.returned",
        title=f"您报送的信息《{submission.title}》被退回",
        body=f"退回原因：{reason}",
        url=_submission_url(submission),
        key=f"govinfo.returned:{submission.pk}:{submission.decided_at:%Y%m%d%H%M%S}",
    )
    return submission


@transaction.atomic
def reserve(submission: Submission, *, actor: Any) -> Submission:
    """储备: kept for later use (a later issue, a round-up)."""
    _require(actor, submission)
    if submission.state not in (State.SUBMITTED, State.RECEIVED):
        raise ValidationError(f"该信息{submission.get_state_display()}，不能列入储备。")
    submission.reserve()
    _mark_received(submission, actor)
    submission.decided_at = timezone.now()
    submission.save()
    record(actor=actor, action="govinfo.reserved", target=submission)
    return submission


# -- forwarding upward (转报) ------------------------------------------------------------------------


def forward_target(office: Organization) -> Organization | None:
    """The office on the platform that ``office``'s desk forwards to: the competent authority its
    government reports to (a county's office → the city's office); None at the top of the platform
    (forwards go outside it, recorded by hand)."""
    above = hierarchy.reports_to(office)
    if above is not None and above.pk == office.pk and office.parent_id is not None:
        parent = Organization.objects.get(pk=office.parent_id)
        above = hierarchy.reports_to(parent)
    if above is None or above.pk == office.pk:
        return None
    return above


def _check_forwardable(submission: Submission) -> None:
    if submission.state not in FORWARDABLE:
        raise ValidationError(f"该信息{submission.get_state_display()}，不能转报。")


@transaction.atomic
def forward_up(submission: Submission, *, actor: Any) -> Forward:
    """转报 to the next office on the platform: a new submission in the forwarding office's name,
    sent to the office above (``forwarded_from`` the original), and the ``Forward`` linking them.
    When that office adopts it, the units down the chain are credited (``services.adoptions``)."""
    _require(actor, submission)
    _check_forwardable(submission)
    office = submission.recipient
    assert office is not None  # can_handle checked it
    target = forward_target(office)
    if target is None:
        raise ValidationError("本单位的上级不在平台上，请登记为平台外转报。")
    if submission.forwarded.filter(to_organization=target).exists():
        raise ValidationError(f"该信息已转报{target.name}。")
    now = timezone.now()
    created = Submission(
        organization=office,
        recipient=target,
        title=submission.title,
        kind=submission.kind,
        time_class=submission.time_class,
        urgency=submission.urgency,
        is_region_wide=submission.is_region_wide,
        carrier=submission.carrier,
        state=State.SUBMITTED,
        drafter=actor,
        submitted_at=now,
        forwarded_from=submission,
    )
    set_body(created, submission.body)
    created.save()
    revisions.record(created, by=actor, note=f"转报自{submission.organization.name}")
    _mark_received(submission, actor)
    if submission.state == State.SUBMITTED:
        submission.receive()
    submission.save()
    forward = Forward.objects.create(submission=submission, to_organization=target, created=created, by=actor)
    record(
        actor=actor,
        action="govinfo.forwarded",
        target=submission,
        data={"to": target.pk, "created": created.pk},
    )
    notify(
        staff_of(target, *policy.DESK_ROLES),
        kind="govinfo.submitted",
        title=f"{office.name}转报信息《{created.title}》",
        body="请签收并处理。",
        url=_desk_url(created),
        key=f"govinfo.forwarded:{created.pk}",
    )
    notify(
        _writers(submission),
        kind="govinfo.forwarded",
        title=f"您报送的信息《{submission.title}》已由{office.name}转报{target.name}",
        url=_submission_url(submission),
        key=f"govinfo.forwarded.author:{created.pk}",
    )
    return forward


@transaction.atomic
def forward_off_platform(submission: Submission, *, actor: Any, to_name: str) -> Forward:
    """转报 to an office outside the platform (the province's, 国办), recorded by hand."""
    _require(actor, submission)
    _check_forwardable(submission)
    to_name = to_name.strip()
    if not to_name:
        raise ValidationError({"to_name": "请填写转报单位。"})
    if len(to_name) > 100:
        raise ValidationError({"to_name": "转报单位名称不能超过100字。"})
    if submission.forwarded.filter(to_name=to_name).exists():
        raise ValidationError(f"该信息已登记转报{to_name}。")
    _mark_received(submission, actor)
    if submission.state == State.SUBMITTED:
        submission.receive()
    submission.save()
    forward = Forward.objects.create(submission=submission, to_name=to_name, by=actor)
    record(actor=actor, action="govinfo.forwarded", target=submission, data={"to_name": to_name})
    return forward


# -- merging near-duplicates (合并) ------------------------------------------------------------------


@transaction.atomic
def merge(keep: Submission, others: Iterable[Submission], *, actor: Any) -> Submission:
    """合并: reports of the same event from several units become one item (``keep``) that credits
    every unit; the others are 已合并 into it (docs/SPEC.md §8: joint items are split evenly)."""
    _require(actor, keep)
    merged = [s for s in others if s.pk != keep.pk]
    if not merged:
        raise ValidationError("请选择要合并的信息。")
    if keep.state not in (*desk_access.OPEN_STATES, State.ADOPTED):
        raise ValidationError(f"保留的信息{keep.get_state_display()}，不能合并其他信息。")
    for other in merged:
        _require(actor, other)
        if other.recipient_id != keep.recipient_id:
            raise ValidationError("只能合并报送到同一信息科的信息。")
        if other.state not in desk_access.OPEN_STATES:
            raise ValidationError(f"《{other.title}》{other.get_state_display()}，不能合并。")
    units = [keep.organization_id]
    units += [c.organization_id for c in keep.credits.all()]
    for other in merged:
        units.append(other.organization_id)
        units += [c.organization_id for c in other.credits.all()]
    have = set(keep.credits.values_list("organization_id", flat=True))
    for org_id in dict.fromkeys(units):
        if org_id not in have:
            CreditedUnit.objects.create(submission=keep, organization_id=org_id)
    now = timezone.now()
    _mark_received(keep, actor)
    if keep.state == State.SUBMITTED:
        keep.receive()
    keep.save()
    for other in merged:
        other.merge()
        other.merged_into = keep
        other.decided_at = now
        _mark_received(other, actor)
        other.save()
        record(actor=actor, action="govinfo.merged", target=other, data={"into": keep.pk})
        notify(
            _writers(other),
            kind="govinfo.merged",
            title=f"您报送的信息《{other.title}》已与其他单位报送的同一事项合并",
            body=f"合并为《{keep.title}》，各单位共同署名。",
            url=_submission_url(other),
            key=f"govinfo.merged:{other.pk}",
        )
    record(actor=actor, action="govinfo.merge_kept", target=keep, data={"merged": [o.pk for o in merged]})
    return keep
