"""The desk's publications and their issues (信息刊物 / 期, docs/SPEC.md §8: the information section
"adopts (采用) items into its own publications (《政务信息》, 《每日要情》, 专报, 简报) as numbered
issues (期) with a distribution list"; "Archive (信息建档) and circulation log (传阅) of every
issue").

* An item is adopted into the current **draft** issue of a publication (an ``IssueEntry`` with the
  title and body copied, editable and ordered). The ``Adoption`` rows are made when the issue is
  **issued**, so only issued issues count (``adopted_on`` is the issue's date).
* The number (第N期) is taken when issuing, from the counter of the publication and year
  (``core.serials.next_serial``) inside the issuing transaction: numbers run without gaps, a
  draft deleted before issuing never held one. 总第N期 is a counter of the publication.
* An issued issue is filed (信息建档) under an archive code such as ``GX-2026-政务信息-015``; every
  opening of its page by a person is a ``Circulation`` row (传阅).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core.serials import next_serial
from gongkai.govinfo import desk_access, policy
from gongkai.govinfo.models import (
    Adoption,
    Circulation,
    Edition,
    Issue,
    IssueEntry,
    IssueState,
    Publication,
    PublicationLevel,
    State,
    Submission,
)
from gongkai.govinfo.services.adoptions import adopt_chain
from gongkai.govinfo.text import clean_body
from gongkai.orgs.models import Organization

__all__ = [
    "ARCHIVE_PREFIX",
    "adopt",
    "archive_code",
    "archive_issue",
    "delete_issue",
    "draft_issue",
    "issue_issue",
    "issue_label",
    "move_entry",
    "record_opening",
    "remove_entry",
    "save_publication",
    "update_entry",
    "update_issue",
]

#: The series of the archive codes of issues (信息建档): ``GX-<year>-<publication>-<number>``.
ARCHIVE_PREFIX = "GX"

#: The states from which a submission may be adopted into an issue.
ADOPTABLE = (State.SUBMITTED, State.RECEIVED, State.RESERVED, State.ADOPTED)


def _require_desk(actor: Any, publication: Publication) -> None:
    if not desk_access.can_edit_publication(actor, publication):
        raise PermissionDenied("只有本刊物编印单位的信息科编辑可以编辑刊期。")


def _require_draft(issue: Issue) -> None:
    if issue.state != IssueState.DRAFT:
        raise ValidationError("本期已印发，不能再修改。")


def issue_label(issue: Issue) -> str:
    """``2026年第3期`` (empty before issuing)."""
    return f"{issue.year}年第{issue.number}期" if issue.number else ""


def archive_code(issue: Issue, prefix: str = ARCHIVE_PREFIX) -> str:
    """``GX-2026-政务信息-015``: series, year, the publication's name without 《》, number."""
    name = issue.publication.name.replace("《", "").replace("》", "").replace(" ", "")
    return f"{prefix}-{issue.year}-{name}-{issue.number or 0:03d}"


# -- publications -----------------------------------------------------------------------------------


PUBLICATION_FIELDS = (
    "name",
    "level",
    "edition",
    "publisher_name",
    "default_bao",
    "default_song",
    "default_fa",
    "is_active",
)


@transaction.atomic
def save_publication(
    office: Organization, *, actor: Any, publication: Publication | None = None, **values: Any
) -> Publication:
    """Create (``publication`` None) or change a publication of ``office``'s desk: 《政务信息》,
    《每日要情》, 专报, 简报 with their level, edition and default 报/送/发."""
    if not policy.can_use_desk(actor, office):
        raise PermissionDenied("只有本单位的信息科编辑可以设置信息刊物。")
    unknown = set(values) - set(PUBLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown publication fields: {sorted(unknown)}")
    name = str(values.get("name", publication.name if publication else "")).strip()
    if not name:
        raise ValidationError({"name": "请填写刊物名称。"})
    level = values.get("level", publication.level if publication else "")
    if level not in PublicationLevel.values:
        raise ValidationError({"level": "请选择刊物层级。"})
    edition = values.get("edition", publication.edition if publication else Edition.GENERAL)
    if edition not in Edition.values:
        raise ValidationError({"edition": "请选择刊物类别。"})
    clash = Publication.objects.filter(organization=office, name=name)
    if publication is not None:
        if publication.organization_id != office.pk:
            raise PermissionDenied("只能修改本单位的信息刊物。")
        clash = clash.exclude(pk=publication.pk)
    if clash.exists():
        raise ValidationError({"name": f"本单位已有刊物“{name}”。"})
    created = publication is None
    if publication is None:
        publication = Publication(organization=office, code=_new_code(office))
    for field in PUBLICATION_FIELDS:
        if field in values:
            value = values[field]
            setattr(publication, field, value.strip() if isinstance(value, str) else value)
    publication.name = name
    if not publication.publisher_name:
        publication.publisher_name = office.name
    publication.save()
    record(
        actor=actor,
        action="govinfo.publication_created" if created else "govinfo.publication_changed",
        target=publication,
        organization=office,
        data={"name": publication.name, "level": publication.level},
    )
    return publication


def _new_code(office: Organization) -> str:
    base = f"{office.slug or 'org'}-{office.pk}"[:30]
    n = Publication.objects.filter(code__startswith=f"{base}-").count() + 1
    while Publication.objects.filter(code=f"{base}-{n}").exists():
        n += 1
    return f"{base}-{n}"


# -- draft issues -----------------------------------------------------------------------------------


def draft_issue(publication: Publication, *, actor: Any, new: bool = False) -> Issue:
    """The current draft issue of ``publication`` (the newest), or a new one when there is none or
    ``new`` is asked; a new issue takes the publication's default 报/送/发."""
    _require_desk(actor, publication)
    if not publication.is_active:
        raise ValidationError("该刊物已停用。")
    if not new:
        current = publication.issues.filter(state=IssueState.DRAFT).order_by("-pk").first()
        if current is not None:
            return current
    issue = Issue.objects.create(
        publication=publication,
        year=timezone.localdate().year,
        bao=publication.default_bao,
        song=publication.default_song,
        fa=publication.default_fa,
        created_by=actor,
    )
    record(actor=actor, action="govinfo.issue_created", target=issue, organization=publication.organization)
    return issue


@transaction.atomic
def adopt(
    submission: Submission, *, actor: Any, publication: Publication, issue: Issue | None = None
) -> IssueEntry:
    """采用: put ``submission`` into a draft issue of one of the desk's publications (the current
    draft when ``issue`` is not given). Its title and body are copied into the entry, to be edited
    for the publication; the adoption counts once the issue is issued."""
    if not desk_access.can_handle(actor, submission):
        raise PermissionDenied("只有收文单位的信息科编辑可以采用该信息。")
    if publication.organization_id != submission.recipient_id:
        raise ValidationError({"publication": "只能采用到本单位的信息刊物。"})
    if submission.state not in ADOPTABLE:
        raise ValidationError(f"该信息{submission.get_state_display()}，不能采用。")
    if issue is None:
        issue = draft_issue(publication, actor=actor)
    else:
        _require_desk(actor, issue.publication)
        _require_draft(issue)
        if issue.publication_id != publication.pk:
            raise ValidationError({"publication": "所选刊期不属于该刊物。"})
    if issue.entries.filter(submission=submission).exists():
        raise ValidationError(f"该信息已编入{issue}。")
    position = (issue.entries.aggregate(p=Max("position"))["p"] or 0) + 1
    entry = IssueEntry.objects.create(
        issue=issue, submission=submission, position=position, title=submission.title, body=submission.body
    )
    now = timezone.now()
    if submission.received_at is None:
        submission.received_at, submission.received_by = now, actor
    submission.adopt()
    submission.decided_at = now
    submission.save()
    record(
        actor=actor,
        action="govinfo.adopted",
        target=submission,
        organization=submission.recipient,
        data={"issue": issue.pk, "publication": publication.pk},
    )
    return entry


def _moment(day: dt.date) -> dt.datetime:
    """10:00 local time on ``day`` (when a past issue is entered)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _lock_draft(issue: Issue) -> Issue:
    locked = Issue.objects.select_for_update().select_related("publication").get(pk=issue.pk)
    _require_draft(locked)
    return locked


@transaction.atomic
def update_issue(
    issue: Issue,
    *,
    actor: Any,
    editor_note: str,
    bao: str,
    song: str,
    fa: str,
    copies: int | None = None,
) -> Issue:
    """Change a draft issue's 编者按, distribution (报/送/发) and 印数."""
    _require_desk(actor, issue.publication)
    issue = _lock_draft(issue)
    if copies is not None and copies < 1:
        raise ValidationError({"copies": "印数须为正整数。"})
    issue.editor_note = editor_note.strip()
    issue.bao, issue.song, issue.fa = bao.strip(), song.strip(), fa.strip()
    issue.copies = copies
    issue.save()
    record(
        actor=actor, action="govinfo.issue_changed", target=issue, organization=issue.publication.organization
    )
    return issue


@transaction.atomic
def update_entry(entry: IssueEntry, *, actor: Any, title: str, body: str) -> IssueEntry:
    """Edit an entry's title and body for the publication (the submission keeps its own text)."""
    _require_desk(actor, entry.issue.publication)
    _lock_draft(entry.issue)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "请填写标题。"})
    cleaned = clean_body(body)
    if not cleaned.strip():
        raise ValidationError({"body": "请填写正文。"})
    entry.title, entry.body = title[:200], cleaned
    entry.save(update_fields=["title", "body"])
    record(
        actor=actor,
        action="govinfo.issue_entry_changed",
        target=entry.issue,
        organization=entry.issue.publication.organization,
        data={"entry": entry.pk},
    )
    return entry


@transaction.atomic
def move_entry(entry: IssueEntry, *, actor: Any, up: bool) -> IssueEntry:
    """Move an entry one place up or down in its issue (nothing at either end)."""
    _require_desk(actor, entry.issue.publication)
    issue = _lock_draft(entry.issue)
    entries = list(issue.entries.order_by("position", "pk"))
    index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(entries):
        entries[index], entries[other] = entries[other], entries[index]
        for position, e in enumerate(entries, start=1):
            if e.position != position:
                e.position = position
                e.save(update_fields=["position"])
        record(
            actor=actor,
            action="govinfo.issue_entry_moved",
            target=issue,
            organization=issue.publication.organization,
            data={"entry": entry.pk, "up": up},
        )
    entry.refresh_from_db()
    return entry


def _release(submission: Submission) -> None:
    """A submission taken out of its last draft issue, and adopted nowhere, is back to 已签收."""
    if submission.issue_entries.exists() or submission.adoptions.exists():
        return
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state == State.ADOPTED:
        submission.unadopt()
        submission.save(update_fields=["state"])


@transaction.atomic
def remove_entry(entry: IssueEntry, *, actor: Any) -> None:
    """Take an entry out of a draft issue."""
    _require_desk(actor, entry.issue.publication)
    issue = _lock_draft(entry.issue)
    submission = entry.submission
    entry.delete()
    _release(submission)
    record(
        actor=actor,
        action="govinfo.issue_entry_removed",
        target=issue,
        organization=issue.publication.organization,
        data={"submission": submission.pk},
    )


@transaction.atomic
def delete_issue(issue: Issue, *, actor: Any) -> None:
    """Delete a draft issue (it never held a number); its items are back on the desk."""
    _require_desk(actor, issue.publication)
    issue = _lock_draft(issue)
    submissions = [e.submission for e in issue.entries.select_related("submission")]
    record(
        actor=actor, action="govinfo.issue_deleted", target=issue, organization=issue.publication.organization
    )
    issue.delete()
    for submission in submissions:
        _release(submission)


# -- issuing, archive, circulation ------------------------------------------------------------------


@transaction.atomic
def issue_issue(issue: Issue, *, actor: Any, on: dt.date | None = None) -> Issue:
    """印发: number the issue (第N期 of the year, 总第N期) inside this transaction, date it today (or
    ``on``, a past day: the demo's history, an issue printed before it was entered) and make the
    adoptions of its items (and, down the forwarding chains, of the units' originals). Numbers are
    taken in the order of issuing: entering an older issue after a newer one of the same year gives
    it the next number."""
    _require_desk(actor, issue.publication)
    issue = _lock_draft(issue)
    entries = list(
        issue.entries.select_related("submission", "submission__forwarded_from").order_by("position", "pk")
    )
    if not entries:
        raise ValidationError("本期还没有采用任何信息，不能印发。")
    publication = issue.publication
    today = timezone.localdate()
    if on is not None and on > today:
        raise ValidationError("印发日期不能晚于今天。")
    day = on or today
    issue.year = day.year
    issue.number = next_serial(f"govinfo.issue:{publication.pk}:{issue.year}")
    issue.total_number = next_serial(f"govinfo.issue.total:{publication.pk}")
    issue.date = day
    issue.state = IssueState.ISSUED
    issue.issued_at = timezone.now() if on is None else _moment(day)
    issue.issued_by = actor
    issue.save()
    label = issue_label(issue)
    recorded: list[Adoption] = []
    for entry in entries:
        adopt_chain(entry.submission, issue=issue, label=label, actor=actor, recorded=recorded)
    record(
        actor=actor,
        action="govinfo.issued",
        target=issue,
        organization=publication.organization,
        data={"number": issue.number, "total_number": issue.total_number, "adoptions": len(recorded)},
    )
    return issue


@transaction.atomic
def archive_issue(issue: Issue, *, actor: Any, prefix: str = ARCHIVE_PREFIX) -> Issue:
    """信息建档: file an issued issue under its archive code."""
    _require_desk(actor, issue.publication)
    issue = Issue.objects.select_for_update().select_related("publication").get(pk=issue.pk)
    if issue.state != IssueState.ISSUED:
        raise ValidationError("只有已印发的刊期可以建档。")
    if issue.archived_at is not None:
        raise ValidationError(f"本期已建档（档号 {issue.archive_code}）。")
    issue.archive_code = archive_code(issue, prefix)
    issue.archived_at = timezone.now()
    issue.save(update_fields=["archive_code", "archived_at"])
    record(
        actor=actor,
        action="govinfo.issue_archived",
        target=issue,
        organization=issue.publication.organization,
        data={"archive_code": issue.archive_code},
    )
    return issue


def record_opening(issue: Issue, user: Any) -> Circulation | None:
    """传阅: a person opened the issue's page (every opening is a row). Nothing for someone who may
    not read the issue, or for the platform itself."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not desk_access.readable_issues(user).filter(pk=issue.pk).exists():
        return None
    return Circulation.objects.create(issue=issue, user=user)
