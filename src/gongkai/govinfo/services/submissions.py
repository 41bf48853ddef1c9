"""The author side of 政务信息报送 (docs/SPEC.md §8): a unit's submissions (信息稿件) from the draft
through the unit's sign-off chain to the office it reports to.

draft → 送签 (the chain of ``orgs.signoff``, workflow ``submission``: 科室负责人审核 → 分管副职签发,
and 主要负责人签发 for region-wide, urgent or major items) → 已报送 to ``orgs.hierarchy.reports_to``
(the unit's general office, whose information section runs the desk). Every step is time-stamped
(送签时间, each signature's time, 报送时间) so late, missed or concealed reports (迟报、漏报、瞒报) can
be proven (docs/SPEC.md §8). A submission returned by the desk is edited and sent again: a new
round, signed again from the first step. It can be withdrawn until the desk has received it.

Each function checks permission (``govinfo.access`` on ``govinfo.policy``), validates, writes,
records the audit event and notifies the people who must act next.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core.actors import SYSTEM, is_system
from gongkai.core.serials import next_serial
from gongkai.disclosure.services.content import check_upload
from gongkai.govinfo import access, lengths, revisions, text
from gongkai.govinfo.models import (
    SUBMISSION_WORKFLOW,
    Attachment,
    Author,
    Carrier,
    Commission,
    CreditedUnit,
    Signature,
    State,
    Submission,
)
from gongkai.govinfo.services.commissions import open_commissions_for
from gongkai.govinfo.signoff import signable
from gongkai.notifications.services import notify
from gongkai.orgs import hierarchy, signoff
from gongkai.orgs.models import Organization, RoleName, SignOffCondition, SignOffStep
from gongkai.orgs.selectors import staff_of
from gongkai.orgs.services import StepSpec, configure_signoff_chain

__all__ = [
    "EDITABLE_FIELDS",
    "PHOTO_KINDS",
    "SIGNED_MEANWHILE",
    "AuthorSpec",
    "add_attachment",
    "can_edit",
    "can_send",
    "can_withdraw",
    "create_submission",
    "default_chain_specs",
    "install_default_chain",
    "length_problem",
    "notify_returned",
    "open_commissions",
    "partner_choices",
    "remove_attachment",
    "send_back",
    "send_for_signoff",
    "sign_submission",
    "signers_now",
    "update_submission",
    "validate_shares",
    "withdraw_submission",
]

#: What the author sets on a draft; everything else is the workflow's.
EDITABLE_FIELDS = (
    "title",
    "body",
    "kind",
    "time_class",
    "urgency",
    "is_region_wide",
    "carrier",
    "commission",
)

#: Detected kinds (``core.files.kinds``) stored as photos.
PHOTO_KINDS = frozenset({"png", "jpg"})

#: Shown to the second of two signers who opened the same step at once.
SIGNED_MEANWHILE = "签发进度已变化（该环节可能已由他人签发，或稿件已被退回），请刷新页面后再操作。"

EDIT_STATES = (State.DRAFT, State.RETURNED)


@dataclass(frozen=True)
class AuthorSpec:
    """An author as the form gives it: a name, optionally the account, and a share (份额)."""

    name: str
    share: Decimal
    user: Any = None


# -- who may -------------------------------------------------------------------------------------


def can_edit(user: Any, submission: Submission) -> bool:
    """A 信息员 of the unit edits its draft, or a submission the desk returned."""
    return submission.state in EDIT_STATES and access.is_writer(user, submission.organization_id)


def can_send(user: Any, submission: Submission) -> bool:
    return can_edit(user, submission)


def received(submission: Submission) -> bool:
    """Has the desk taken the submission in (签收, or handled it in any way)?"""
    if submission.state == State.RETURNED:
        return False
    return submission.received_at is not None or submission.state not in (
        State.DRAFT,
        State.SIGNING,
        State.SUBMITTED,
    )


def can_withdraw(user: Any, submission: Submission) -> bool:
    """Withdrawal (撤回) is the author's until the desk has received the submission."""
    return (
        submission.state in (State.DRAFT, State.SIGNING, State.SUBMITTED, State.RETURNED)
        and not received(submission)
        and access.is_writer(user, submission.organization_id)
    )


def signers_now(submission: Submission) -> list[Any]:
    """The people who may sign the step the submission has reached."""
    if submission.state != State.SIGNING:
        return []
    subject = signable(submission)
    return [u for u in staff_of(submission.organization_id, RoleName.SIGNER) if signoff.can_sign(u, subject)]


# -- what the form offers -----------------------------------------------------------------------


def open_commissions(organization: Organization) -> QuerySet[Commission]:
    """The commissions a unit's submission may answer today: the rule of
    ``services.commissions.open_commissions_for`` (the 约稿 screens and 我的工作 read the same)."""
    return open_commissions_for(organization, timezone.localdate())


def partner_choices(organization: Organization) -> QuerySet[Organization]:
    """The units a submission may be written jointly with (联合报送): the other active units that
    report to the same office."""
    office = hierarchy.reports_to(organization)
    if office is None:
        return Organization.objects.none()
    ids = [o.pk for o in hierarchy.bodies_reporting_to(office) if o.pk != organization.pk]
    return Organization.objects.filter(pk__in=ids).order_by("path")


# -- length --------------------------------------------------------------------------------------


def length_problem(submission: Submission) -> str | None:
    """Why the submission's body is too long for its carrier (``govinfo.lengths``), or None.

    The message names the count, the carrier's limit and how many characters must go."""
    carrier: Carrier | None = submission.carrier
    if carrier is None:
        return None
    verdict = lengths.check(
        submission.plain_text,
        limit=carrier.limit,
        kind=carrier.limit_kind,
        tolerance_percent=carrier.tolerance_percent,
    )
    if verdict.accepted:
        return None
    if carrier.limit_kind == lengths.ABOUT:
        rule = f"{carrier.limit}字左右（最多{verdict.ceiling}字）"
    else:
        rule = f"不超过{carrier.limit}字"
    return (
        f"正文字数为{verdict.count}字，超过“{carrier.name}”{rule}的上限，请删减{verdict.excess}字后再送签。"
    )


# -- drafts --------------------------------------------------------------------------------------


def validate_shares(authors: Sequence[AuthorSpec]) -> None:
    """Every author has a name and a positive share; the shares add up to 1 (docs/SPEC.md §8: points
    are split among the authors by their shares)."""
    if not authors:
        raise ValidationError("至少须有一名作者。")
    total = Decimal(0)
    for i, a in enumerate(authors, start=1):
        if not a.name.strip():
            raise ValidationError(f"第{i}位作者须填写姓名。")
        try:
            share = Decimal(a.share)
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationError(f"作者“{a.name}”的份额不是有效的数字。") from None
        if not share.is_finite() or share <= 0 or share > 1:
            raise ValidationError(f"作者“{a.name}”的份额应大于0且不超过1。")
        if share != share.quantize(Decimal("0.001")):
            raise ValidationError(f"作者“{a.name}”的份额最多保留三位小数。")
        total += share
    if total != 1:
        raise ValidationError(f"各作者的份额合计应为1（现为{total.normalize():f}），请调整。")


def _apply_fields(submission: Submission, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能直接修改这些字段：{', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name == "body":
            text.set_body(submission, value or "")
        elif name == "title":
            submission.title = (value or "").strip()
        else:
            setattr(submission, name, value)
    if not submission.title:
        raise ValidationError({"title": "须填写标题。"})
    if submission.commission_id is not None:
        ok = open_commissions(submission.organization).filter(pk=submission.commission_id).exists()
        if not ok and "commission" in fields:
            raise ValidationError({"commission": "所选约稿已截止或不是发给本单位的。"})


def _set_authors(submission: Submission, authors: Sequence[AuthorSpec]) -> None:
    validate_shares(authors)
    submission.authors.all().delete()
    Author.objects.bulk_create(
        Author(submission=submission, user=a.user, name=a.name.strip(), share=Decimal(a.share), position=i)
        for i, a in enumerate(authors)
    )


def _set_partners(submission: Submission, partners: Iterable[Organization]) -> None:
    """The credited units (署名单位): the submitting unit always, and the partners of a joint one."""
    wanted = {p.pk for p in partners} - {submission.organization_id}
    if wanted:
        allowed = set(partner_choices(submission.organization).values_list("pk", flat=True))
        bad = wanted - allowed
        if bad:
            raise ValidationError("联合报送单位须为报送至同一办公室的其他单位。")
    keep = wanted | {submission.organization_id}
    submission.credits.exclude(organization_id__in=keep).delete()
    have = set(submission.credits.values_list("organization_id", flat=True))
    CreditedUnit.objects.bulk_create(
        CreditedUnit(submission=submission, organization_id=pk) for pk in sorted(keep - have)
    )


def _drafter_author(actor: Any) -> list[AuthorSpec]:
    return [AuthorSpec(name=getattr(actor, "display_name", "") or str(actor), share=Decimal(1), user=actor)]


@transaction.atomic
def create_submission(
    *,
    actor: Any,
    organization: Organization,
    fields: dict[str, Any],
    authors: Sequence[AuthorSpec] | None = None,
    partners: Iterable[Organization] = (),
) -> Submission:
    """A new draft of ``organization`` by ``actor`` (a 信息员 of it); the drafter is its author with
    share 1 unless ``authors`` says otherwise."""
    if not access.is_writer(actor, organization):
        raise PermissionDenied("您不是本单位的信息员，不能起草信息稿件。")
    submission = Submission(organization=organization, drafter=actor)
    _apply_fields(submission, fields)
    submission.save()
    _set_authors(submission, list(authors) if authors else _drafter_author(actor))
    _set_partners(submission, partners)
    revisions.record(submission, by=actor, note="起草")
    record(actor=actor, action="govinfo.submission_created", target=submission)
    return submission


@transaction.atomic
def update_submission(
    *,
    actor: Any,
    submission: Submission,
    fields: dict[str, Any],
    authors: Sequence[AuthorSpec] | None = None,
    partners: Iterable[Organization] | None = None,
) -> Submission:
    if not can_edit(actor, submission):
        raise PermissionDenied("该稿件当前不能修改（仅草稿或被退回的稿件可由本单位信息员修改）。")
    _apply_fields(submission, fields)
    submission.save()
    if authors is not None:
        _set_authors(submission, authors)
    if partners is not None:
        _set_partners(submission, partners)
    revisions.record(submission, by=actor)
    record(
        actor=actor, action="govinfo.submission_updated", target=submission, data={"fields": sorted(fields)}
    )
    return submission


@transaction.atomic
def add_attachment(*, actor: Any, submission: Submission, data: bytes, filename: str) -> Attachment:
    """An attachment or photo, accepted only for what its bytes are (``disclosure``'s checks)."""
    if not can_edit(actor, submission):
        raise PermissionDenied("该稿件当前不能修改附件。")
    checked = check_upload(data, filename)
    attachment = Attachment(
        submission=submission,
        original_name=checked.name,
        content_type=checked.content_type,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        is_photo=checked.kind in PHOTO_KINDS,
    )
    attachment.file.save(checked.stored_name, ContentFile(data), save=False)
    attachment.save()
    record(
        actor=actor,
        action="govinfo.attachment_added",
        target=submission,
        data={"file": checked.name, "kind": checked.kind},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor: Any, attachment: Attachment) -> None:
    submission = attachment.submission
    if not can_edit(actor, submission):
        raise PermissionDenied("该稿件当前不能修改附件。")
    record(
        actor=actor,
        action="govinfo.attachment_removed",
        target=submission,
        data={"file": attachment.original_name},
    )
    attachment.delete()


# -- sign-off ------------------------------------------------------------------------------------


def _lock(submission: Submission) -> None:
    """Read the row again under a lock and check it is still where the actor saw it."""
    current = (
        Submission.objects.select_for_update()
        .filter(pk=submission.pk)
        .values("state", "signoff_position", "signoff_round", "received_at")
        .first()
    )
    if current is None:
        raise ValidationError("该稿件已不存在。")
    seen = (submission.state, submission.signoff_position, submission.signoff_round, submission.received_at)
    if tuple(current.values()) != seen:
        raise ValidationError(SIGNED_MEANWHILE)


def _check_ready(submission: Submission) -> None:
    errors: list[str] = []
    if not submission.plain_text.strip():
        errors.append("正文不能为空。")
    problem = length_problem(submission)
    if problem:
        errors.append(problem)
    authors = [AuthorSpec(a.name, a.share, a.user) for a in submission.authors.all()]
    try:
        validate_shares(authors)
    except ValidationError as e:
        errors.extend(e.messages)
    if hierarchy.reports_to(submission.organization) is None:
        errors.append("本单位没有可报送的上级办公室（信息科），请联系系统管理员。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def send_for_signoff(*, actor: Any, submission: Submission) -> Submission:
    """送签: the author sends a draft (or a returned submission) to the unit's chain. The length is
    counted again here, and the server's count decides (``govinfo.lengths``). Each sending is a new
    round, signed from the first step."""
    _lock(submission)
    if not can_send(actor, submission):
        raise PermissionDenied("只有本单位信息员可以送签草稿或被退回的稿件。")
    _check_ready(submission)
    submission.send_for_signoff()
    submission.signoff_round += 1
    submission.signoff_position = 0
    submission.sent_for_signoff_at = timezone.now()
    submission.save()
    record(
        actor=actor,
        action="govinfo.submission_sent",
        target=submission,
        data={"round": submission.signoff_round, "length": submission.length},
    )
    _notify_to_sign(submission)
    return submission


@transaction.atomic
def sign_submission(
    *, actor: Any, submission: Submission, opinion: str = "", step: int | None = None
) -> Submission:
    """签发 one step of the unit's chain; the last signature submits it to the office above.

    ``step`` is the position the signer saw (the form sends it): a step signed meanwhile by someone
    else refuses this signature rather than putting it on the next step."""
    _lock(submission)
    refused = "您不能签发这份稿件（须为本单位签发人，不能签发本人起草的稿件，同一人不能签发两个环节）。"
    if submission.state != State.SIGNING:
        raise PermissionDenied(refused)
    subject = signable(submission)
    signing = signoff.step_to_sign(actor, subject, seen=step, moved=SIGNED_MEANWHILE, refused=refused)
    Signature.objects.create(
        submission=submission,
        position=signing.position,
        title=signing.title,
        round=submission.signoff_round,
        signer=actor,
        opinion=(opinion or "").strip()[:200],
    )
    submission.signoff_position = signing.position
    record(
        actor=actor,
        action="govinfo.submission_signed",
        target=submission,
        reason=opinion,
        data={"step": signing.title, "round": submission.signoff_round},
    )
    if signoff.current_step(subject) is None:
        _submit(actor=actor, submission=submission)
    else:
        submission.save()
        _notify_to_sign(submission)
    return submission


def _submit(*, actor: Any, submission: Submission) -> None:
    recipient = hierarchy.reports_to(submission.organization)
    if recipient is None:
        raise ValidationError("本单位没有可报送的上级办公室（信息科），请联系系统管理员。")
    now = timezone.now()
    submission.submit()
    submission.submitted_at = now
    submission.recipient = recipient
    submission.received_at = None
    submission.received_by = None
    if not submission.serial:
        year = timezone.localdate(now).year
        n = next_serial(f"govinfo.submission:{submission.organization_id}:{year}")
        submission.serial = f"{year}-{n:04d}"
    submission.save()
    record(
        actor=actor,
        action="govinfo.submission_submitted",
        target=submission,
        data={"serial": submission.serial, "recipient": recipient.pk, "round": submission.signoff_round},
    )
    notify(
        staff_of(recipient, RoleName.INFO_EDITOR),
        kind="govinfo.submitted",
        title=f"新报送信息：{submission.title}",
        body=f"{submission.organization.display_short}报送了信息稿件（{submission.serial}），请签收处理。",
        url=_url(submission),
        key=f"govinfo.submitted:{submission.pk}:{submission.signoff_round}",
    )


@transaction.atomic
def send_back(*, actor: Any, submission: Submission, reason: str) -> Submission:
    """A signer who may sign the current step sends the submission back to its author (退回修改)
    instead; the author edits it and sends it again (a new round)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回必须填写理由。")
    _lock(submission)
    if submission.state != State.SIGNING or not signoff.can_sign(actor, signable(submission)):
        raise PermissionDenied("只有当前环节的签发人可以退回这份稿件。")
    submission.recall()
    submission.return_reason = reason
    submission.save()
    record(actor=actor, action="govinfo.submission_sent_back", target=submission, reason=reason)
    notify_returned(submission, reason)
    return submission


@transaction.atomic
def withdraw_submission(*, actor: Any, submission: Submission, reason: str = "") -> Submission:
    """撤回: the author takes a submission back until the desk has received it; after that the
    information section decides on it and withdrawal is refused."""
    _lock(submission)
    if not access.is_writer(actor, submission.organization_id):
        raise PermissionDenied("只有本单位信息员可以撤回稿件。")
    if received(submission):
        when = timezone.localtime(submission.received_at) if submission.received_at else None
        at = f"已于{when:%Y-%m-%d %H:%M}签收" if when else "已签收处理"
        raise ValidationError(f"信息科{at}这份稿件，不能再撤回；如需更正，请与信息科联系。")
    if not can_withdraw(actor, submission):
        raise ValidationError("这份稿件当前不能撤回。")
    submission.withdraw()
    submission.save()
    record(actor=actor, action="govinfo.submission_withdrawn", target=submission, reason=reason)
    return submission


# -- notices -------------------------------------------------------------------------------------


def _url(submission: Submission) -> str:
    return reverse("backoffice:govinfo_submission", args=[submission.pk])


def _notify_to_sign(submission: Submission) -> None:
    notify(
        signers_now(submission),
        kind="govinfo.sign",
        title=f"待签发信息：{submission.title}",
        body=f"{submission.organization.display_short}的信息稿件等待您签发。",
        url=_url(submission),
        key=f"govinfo.sign:{submission.pk}:{submission.signoff_round}:{submission.signoff_position}",
    )


def notify_returned(submission: Submission, reason: str) -> None:
    """Tell the drafter their submission came back (from a signer, or from the desk: helper B's
    return service calls this too), with the reason."""
    notify(
        [submission.drafter],
        kind="govinfo.returned",
        title=f"信息稿件被退回：{submission.title}",
        body=f"退回理由：{reason}",
        url=_url(submission),
        key=f"govinfo.returned:{submission.pk}:{submission.signoff_round}:{submission.state}",
    )


# -- the unit's chain ------------------------------------------------------------------------------


def default_chain_specs(*, section_head: Any, deputy: Any, head: Any) -> list[StepSpec]:
    """科室负责人审核 → 分管副职签发, and 主要负责人签发 for region-wide, urgent or major items
    (docs/SPEC.md §8)."""
    return [
        StepSpec(position=1, title="科室负责人审核", signers=(section_head,)),
        StepSpec(position=2, title="分管副职签发", signers=(deputy,)),
        StepSpec(
            position=3,
            title="主要负责人签发",
            condition=SignOffCondition.REGION_WIDE_OR_URGENT,
            signers=(head,),
        ),
    ]


@transaction.atomic
def install_default_chain(
    organization: Organization, *, section_head: Any, deputy: Any, head: Any, actor: Any = None
) -> list[SignOffStep]:
    """Configure the unit's submission chain as the platform expects it (``default_chain_specs``);
    the three people must hold the 签发人 role in the unit.

    With an ``actor`` (an organization administrator) it goes through
    ``orgs.services.configure_signoff_chain``; without one (setup, the demo) the platform installs
    it itself (``SYSTEM`` in the audit log), with the same checks."""
    specs = default_chain_specs(section_head=section_head, deputy=deputy, head=head)
    if actor is not None and not is_system(actor):
        return configure_signoff_chain(
            actor=actor, organization=organization, steps=specs, workflow=SUBMISSION_WORKFLOW
        )
    signer_ids = set(staff_of(organization, RoleName.SIGNER, active_only=False).values_list("pk", flat=True))
    bad = [str(u) for s in specs for u in s.signers if u.pk not in signer_ids]
    if bad:
        raise ValidationError(f"{'、'.join(bad)}不是本单位的签发人。")
    SignOffStep.objects.filter(organization=organization, workflow=SUBMISSION_WORKFLOW).delete()
    created = []
    for s in specs:
        step = SignOffStep.objects.create(
            organization=organization,
            workflow=SUBMISSION_WORKFLOW,
            position=s.position,
            title=s.title,
            condition=s.condition,
        )
        step.signers.set(list(s.signers))
        created.append(step)
    record(
        actor=SYSTEM,
        action="org.signoff_chain_configured",
        target=organization,
        data={
            "workflow": SUBMISSION_WORKFLOW,
            "steps": [
                {
                    "position": s.position,
                    "title": s.title,
                    "condition": s.condition,
                    "signers": [u.pk for u in s.signers],
                }
                for s in specs
            ],
        },
    )
    return created
