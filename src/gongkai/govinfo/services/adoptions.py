"""Adoption above (上级采用, docs/SPEC.md §8: "adoption by superior publications is recorded (which
publication, level: 市 / 省 / 国办, date)").

* **Automatically** when the office above is on the platform: an office issuing an issue adopts the
  submissions of its entries (source ``ISSUE``); where an entry was forwarded (转报) to it, every
  submission down the ``forwarded_from`` chain — the forwarding office's own submission and the
  units' originals below it — is adopted too (source ``AUTOMATIC``, ``via_forward``), so each unit
  sees that its item reached the publication above and is scored for it (docs/SPEC.md §8: 省上采用、国办采用
  are counted for the units that wrote them).
* **By hand** from the notice of a publication outside the platform (省政府办公厅《政务信息》, 国办):
  the desk picks its submissions, the publication, the issue label, the date and the notice
  number (source ``MANUAL``; ``via_forward`` when this desk forwarded the submission).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from gongkai.audit.log import record
from gongkai.govinfo import desk_access
from gongkai.govinfo.models import Adoption, AdoptionSource, Issue, Publication, Submission
from gongkai.notifications.services import notify

__all__ = ["adopt_chain", "record_adoption_above", "submission_url"]


def submission_url(submission: Submission) -> str:
    return reverse("backoffice:govinfo_submission", args=[submission.pk])


def _notify_adopted(submission: Submission, *, publication: Publication, label: str) -> None:
    notify(
        [submission.drafter],
        kind="govinfo.adopted",
        title=f"您报送的信息《{submission.title}》被{publication.name}{label}采用",
        url=submission_url(submission),
        key=f"govinfo.adopted:{submission.pk}:{publication.pk}:{label}",
    )


def adopt_chain(
    submission: Submission, *, issue: Issue, label: str, actor: Any, recorded: list[Adoption]
) -> None:
    """The adoptions an issued issue makes for one entry's submission and, below it, the chain of
    submissions it was forwarded from (see the module docstring)."""
    publication = issue.publication
    assert issue.date is not None  # issued
    common = {
        "publication": publication,
        "level": publication.level,
        "issue": issue,
        "issue_label": label,
        "adopted_on": issue.date,
        "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    adoption, created = Adoption.objects.get_or_create(
        submission=submission,
        publication=publication,
        issue_label=label,
        defaults={
            **common,
            "source": AdoptionSource.ISSUE,
            "via_forward": submission.forwarded_from_id is not None,
        },
    )
    if created:
        recorded.append(adoption)
        _notify_adopted(submission, publication=publication, label=label)
    seen = {submission.pk}
    below = submission.forwarded_from
    while below is not None and below.pk not in seen:
        seen.add(below.pk)
        adoption, created = Adoption.objects.get_or_create(
            submission=below,
            publication=publication,
            issue_label=label,
            defaults={**common, "source": AdoptionSource.AUTOMATIC, "via_forward": True},
        )
        if created:
            recorded.append(adoption)
            _notify_adopted(below, publication=publication, label=label)
        below = below.forwarded_from


@transaction.atomic
def record_adoption_above(
    submissions: Iterable[Submission],
    *,
    actor: Any,
    publication: Publication,
    issue_label: str,
    adopted_on: dt.date,
    notice: str = "",
) -> list[Adoption]:
    """Record by hand that ``publication`` (outside the platform) adopted ``submissions`` of the
    desk, in its issue ``issue_label`` on ``adopted_on``, as its notice ``notice`` says."""
    items = list(submissions)
    if not items:
        raise ValidationError("请选择被采用的信息。")
    for submission in items:
        if not desk_access.can_handle(actor, submission):
            raise PermissionDenied("只能登记本科室收到的信息被上级采用的情况。")
    if publication.on_platform:
        raise ValidationError("平台上的刊物印发时自动登记采用，无需手工登记。")
    label = issue_label.strip()
    if not label:
        raise ValidationError({"issue_label": "请填写期号，例如“2026年第15期”。"})
    recorded: list[Adoption] = []
    for submission in items:
        if Adoption.objects.filter(
            submission=submission, publication=publication, issue_label=label
        ).exists():
            raise ValidationError(f"《{submission.title}》被{publication.name}{label}采用的情况已经登记。")
        adoption = Adoption.objects.create(
            submission=submission,
            publication=publication,
            level=publication.level,
            issue_label=label,
            adopted_on=adopted_on,
            source=AdoptionSource.MANUAL,
            via_forward=submission.forwarded.exists(),
            notice=notice.strip(),
            recorded_by=actor,
        )
        recorded.append(adoption)
        record(
            actor=actor,
            action="govinfo.adoption_recorded",
            target=submission,
            data={"publication": publication.pk, "issue_label": label, "adopted_on": adopted_on.isoformat()},
        )
        _notify_adopted(submission, publication=publication, label=label)
    return recorded
