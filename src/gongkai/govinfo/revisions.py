"""The revision history of a submission: every save by its author and every edit by the information
section is a numbered :class:`~gongkai.govinfo.models.Revision`, so the author sees the editor's
changes as a diff (docs/SPEC.md §8)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from gongkai.govinfo.models import Revision, Submission


def record(submission: Submission, *, by: Any, by_editor: bool = False, note: str = "") -> Revision | None:
    """Keep the submission's current title and body as its next revision; nothing when they are the
    same as the last revision's. Call it inside the transaction that saved the submission."""
    last = submission.revisions.order_by("-number").first()
    if last is not None and last.title == submission.title and last.body == submission.body:
        return None
    number = (submission.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Revision.objects.create(
        submission=submission,
        number=number,
        title=submission.title,
        body=submission.body,
        by=by,
        by_editor=by_editor,
        note=note,
    )
