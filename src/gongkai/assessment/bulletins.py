"""通报 of the assessment (docs/SPEC.md §7): the results of a round and the 通报批评 of docs/SPEC.md §7, for
the whole app. One place creates a :class:`Bulletin`, numbers it, renders it as DOCX and publishes
or withdraws it on the portal; every change is audited.

The body of a 通报 is either plain text (one paragraph a line) or HTML as the rich-text editor
writes it (``<p>``, headings, lists and ``<table>``), sanitized on the way in and out. The DOCX and
the portal page read it with the annual report's reader (``reports.render.narrative_blocks``), so a
table in the body becomes a Word table.

How other parts use it (e.g. the results 通报 of a round)::

    bulletin = create_bulletin(actor=user, authority=authority, kind=BulletinKind.RESULTS,
                               title="关于2026年度政务公开考核结果的通报", body=html, round=the_round)
    publish_bulletin(actor=user, bulletin=bulletin)

The DOCX follows GB/T 9704 as the 通报 of 政务信息报送 do, written by the same red-header writer
(``core.wordfiles.red_header_docx``): the authority's name in red as 发文机关标志, the 文号 above a
red rule, the title, the body, and the authority and date at the foot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gongkai.assessment.models import Bulletin, BulletinKind, Criticism, Round, RoundBody
from gongkai.audit.log import record
from gongkai.core.wordfiles import red_header_docx
from gongkai.disclosure.services.content import sanitize_body
from gongkai.govinfo.render import zh_date
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName
from gongkai.reports.render import (
    RichTable,
    _docx_rich_paragraph,
    _docx_rich_table,
    is_html,
    narrative_blocks,
    narrative_html,
)

__all__ = [
    "bulletin_docx",
    "bulletin_filename",
    "bulletin_html",
    "bulletins_concerning",
    "can_manage_bulletins",
    "create_bulletin",
    "issue_date",
    "next_number",
    "public_criticisms",
    "publish_bulletin",
    "published_bulletins",
    "results_participations",
    "unpublish_bulletin",
]

#: The word of a 文号 for each kind: 宿州市政务公开办〔2026〕3号 / 宿州市政务公开办通报〔2026〕3号.
NUMBER_WORD: dict[str, str] = {BulletinKind.RESULTS.value: "考", BulletinKind.CRITICISM.value: "通"}


# -- who ----------------------------------------------------------------------------------------------


def can_manage_bulletins(user: Any, authority: Organization) -> bool:
    """Who creates, publishes and withdraws the 通报 of ``authority``: its supervisors (主管部门监督
    人员, the staff of the competent authority) or a superuser."""
    if getattr(user, "is_superuser", False):
        return True
    return org_policy.has_role(user, authority, RoleName.SUPERVISOR)


# -- numbers and text ---------------------------------------------------------------------------------


def next_number(authority: Organization, kind: str, year: int) -> str:
    """The next 文号 of ``authority`` for ``kind`` in ``year``: its short name, the kind's word, the
    year in 〔〕 (GB/T 9704 7.2.4) and the next sequence number of that year, e.g.
    ``宿州市政务公开办通〔2026〕2号``."""
    prefix = f"{authority.display_short}{NUMBER_WORD.get(kind, '')}〔{year}〕"
    used = Bulletin.objects.filter(authority=authority, number__startswith=prefix).values_list(
        "number", flat=True
    )
    highest = 0
    for number in used:
        found = re.fullmatch(re.escape(prefix) + r"(\d+)号", number)
        if found:
            highest = max(highest, int(found.group(1)))
    return f"{prefix}{highest + 1}号"


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    return sanitize_body(body) if is_html(body) else body


def bulletin_html(bulletin: Bulletin) -> SafeString:
    """The body as HTML for a page (sanitized; plain text as one paragraph a line)."""
    return narrative_html(bulletin.body)


def issue_date(bulletin: Bulletin) -> dt.date:
    """The date a 通报 carries: the day it was published, else the day it was created."""
    when = bulletin.published_at or bulletin.created_at
    return timezone.localtime(when).date() if when else timezone.localdate()


def bulletin_filename(bulletin: Bulletin) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", bulletin.title).strip("_") or "tongbao"
    return f"{safe}.docx"


# -- services -----------------------------------------------------------------------------------------


def create_bulletin(
    *,
    actor: Any,
    authority: Organization,
    kind: str,
    title: str,
    body: str,
    number: str = "",
    round: Round | None = None,
) -> Bulletin:
    """Create an unpublished 通报 of ``authority``.

    ``kind`` is a :class:`BulletinKind` (results of a round, 通报批评); ``body`` plain text (one
    paragraph a line) or HTML with tables; ``number`` the 文号 (blank: the next of the year,
    :func:`next_number`); ``round`` the round whose results it reports, if any. Raises
    ``PermissionDenied`` unless ``actor`` may manage the authority's 通报, ``ValidationError`` (keyed
    by field) for a blank title or body, an unknown kind or a 文号 already used by the authority.
    """
    if not can_manage_bulletins(actor, authority):
        raise PermissionDenied(_("只有主管部门的监督人员可以制发通报。"))
    title, body, number = (title or "").strip(), _clean_body(body), (number or "").strip()
    errors: dict[str, str] = {}
    if kind not in BulletinKind.values:
        errors["kind"] = _("通报类别无效。")
    if not title:
        errors["title"] = _("请填写通报标题。")
    elif len(title) > 200:
        errors["title"] = _("通报标题不能超过200字。")
    if not body:
        errors["body"] = _("请填写通报正文。")
    if len(number) > 60:
        errors["number"] = _("文号不能超过60字。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=authority.pk).first()  # one number at a time
        if not number:
            number = next_number(authority, kind, timezone.localdate().year)
        elif Bulletin.objects.filter(authority=authority, number=number).exists():
            raise ValidationError({"number": _("文号“%(number)s”已被使用。") % {"number": number}})
        bulletin = Bulletin.objects.create(
            authority=authority,
            kind=kind,
            round=round,
            number=number,
            title=title,
            body=body,
            created_by=actor,
        )
        record(
            actor=actor,
            action="assessment.bulletin_created",
            target=bulletin,
            organization=authority,
            data={"kind": kind, "number": number, "title": title, "round": round.pk if round else None},
        )
    return bulletin


def publish_bulletin(*, actor: Any, bulletin: Bulletin) -> Bulletin:
    """Publish a 通报 on the portal (公开): it is listed at /assessment/ from now on. Publishing a
    published one changes nothing.

    A round's results 通报 generated again (after a recomputation) replaces the one published
    before: publishing it withdraws the round's other published results 通报, each with an audited
    reason naming the new 文号, so the portal shows one 通报 of a round's results, not two of the same
    title."""
    if not can_manage_bulletins(actor, bulletin.authority):
        raise PermissionDenied(_("只有主管部门的监督人员可以公开通报。"))
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.published_at is not None:
            return locked
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.save(update_fields=["published_at", "published_by"])
        record(
            actor=actor,
            action="assessment.bulletin_published",
            target=locked,
            organization=locked.authority,
            data={"number": locked.number, "title": locked.title},
        )
        _withdraw_replaced(actor, locked)
    return locked


def _withdraw_replaced(actor: Any, bulletin: Bulletin) -> None:
    """Withdraw the published results 通报 of ``bulletin``'s round that ``bulletin`` replaces."""
    if bulletin.kind != BulletinKind.RESULTS or bulletin.round_id is None:
        return
    replaced = (
        Bulletin.objects.select_for_update()
        .filter(kind=BulletinKind.RESULTS, round_id=bulletin.round_id, published_at__isnull=False)
        .exclude(pk=bulletin.pk)
        .order_by("pk")
    )
    reason = _("已由重新生成的通报（%(number)s）替代。") % {"number": bulletin.number}
    for old in replaced:
        _withdraw(actor, old, reason, replaced_by=bulletin.number)


def _withdraw(actor: Any, locked: Bulletin, reason: str, **data: str) -> None:
    """Take a (locked) published 通报 off the portal and audit it with ``reason``."""
    locked.published_at = None
    locked.published_by = None
    locked.save(update_fields=["published_at", "published_by"])
    record(
        actor=actor,
        action="assessment.bulletin_unpublished",
        target=locked,
        organization=locked.authority,
        reason=reason,
        data={"number": locked.number, **data},
    )


def unpublish_bulletin(*, actor: Any, bulletin: Bulletin, reason: str) -> Bulletin:
    """Withdraw a published 通报 from the portal, with a reason (recorded in the audit log)."""
    if not can_manage_bulletins(actor, bulletin.authority):
        raise PermissionDenied(_("只有主管部门的监督人员可以撤回通报。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤回公开的理由。")})
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.published_at is None:
            raise ValidationError({"reason": _("该通报尚未公开。")})
        _withdraw(actor, locked, reason)
    return locked


# -- who reads ----------------------------------------------------------------------------------------


def published_bulletins() -> QuerySet[Bulletin]:
    """The 通报 on the portal: published ones only, newest first."""
    return (
        Bulletin.objects.filter(published_at__isnull=False)
        .select_related("authority")
        .order_by("-published_at", "-id")
    )


def public_criticisms() -> QuerySet[Criticism]:
    """The 通报批评 whose 通报 is published: only an issued one has a 通报 (a draft or a dismissed one
    has none), and only while that 通报 is on the portal. A body's 通报 page reads through them."""
    return Criticism.objects.filter(bulletin__in=published_bulletins().values("pk"))


def results_participations() -> QuerySet[RoundBody]:
    """Who took part in a round whose results 通报 is published: a body's 通报 page lists that 通报."""
    results = published_bulletins().filter(kind=BulletinKind.RESULTS)
    return RoundBody.objects.filter(round__in=results.values("round"))


def bulletins_concerning(organization: Organization) -> QuerySet[Bulletin]:
    """The published 通报 that concern ``organization``: a 通报批评 of it, or the results of a round
    it took part in."""
    criticized = public_criticisms().filter(organization=organization).values("bulletin_id")
    took_part = results_participations().filter(organization=organization).values("round_id")
    return published_bulletins().filter(
        Q(pk__in=criticized) | Q(kind=BulletinKind.RESULTS, round__in=took_part)
    )


# -- DOCX ---------------------------------------------------------------------------------------------


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The 通报 as a Word document (python-docx) in the 公文 layout of GB/T 9704
    (``core.wordfiles.red_header_docx``): the red 发文机关标志, the 文号 over a red rule, the title
    (方正小标宋, 二号), the body's paragraphs and tables, and the authority with the date at the foot."""

    def body(document: Any, paragraph: Callable[..., Any]) -> None:
        for block in narrative_blocks(bulletin.body):
            if isinstance(block, RichTable):
                if _docx_rich_table(document, block) is not None:
                    paragraph()
            else:
                _docx_rich_paragraph(document, block)

    return red_header_docx(
        issuer=bulletin.authority.name,
        number=bulletin.number or _("（文号待定）"),
        title=bulletin.title,
        date=zh_date(issue_date(bulletin)),
        body=body,
    )
