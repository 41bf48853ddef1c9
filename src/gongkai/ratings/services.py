"""The one action of ratings: a visitor's rating is stored (``submit_rating``).

Visitors are not staff users: the platform stores their rating as ``core.actors.SYSTEM`` and
records it in the audit log without anything about the visitor (the target, the grade, whether a
comment came). Who may rate is decided by what may be rated: a public item
(``Item.objects.public()``; a draft, withdrawn, expired or 不予公开 item never) or an active body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.core.actors import SYSTEM
from gongkai.core.params import parse_id
from gongkai.disclosure.models import Item
from gongkai.orgs.models import Organization
from gongkai.ratings.models import COMMENT_MAX_LENGTH, Grade, Rating, TargetKind, month_of
from gongkai.secrecy import textmask

#: The form's idempotency token: random, 16 to 64 letters, digits, "-" or "_" (a UUID fits).
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass(frozen=True)
class Target:
    """What is rated: a public item (with its body) or a body's disclosure work."""

    kind: str
    organization: Organization
    item: Item | None = None

    @property
    def key(self) -> str:
        """Names the target in the one-per-day rule (``ratings.limits``)."""
        return f"item:{self.item.pk}" if self.item is not None else f"body:{self.organization.pk}"


def item_target(pk: object) -> Target | None:
    """A public item to rate, or None: an item the public may not see can never be rated."""
    item_id = parse_id(pk)
    if item_id is None:
        return None
    item = Item.objects.public().select_related("organization").filter(pk=item_id).first()
    if item is None:
        return None
    return Target(TargetKind.ITEM, item.organization, item)


def body_target(slug: str) -> Target | None:
    """An active body to rate, or None."""
    body = Organization.objects.active().filter(slug=slug).first()
    return None if body is None else Target(TargetKind.BODY, body)


def mask_comment(text: str) -> str:
    """The comment as stored: trimmed, with mobile and landline numbers, ID and bank card numbers
    and e-mail addresses masked (``secrecy.textmask``: 138****5678)."""
    text = text.strip()
    return textmask.apply(text, textmask.propose(text)) if text else ""


def validate(grade: str, comment: str, token: str) -> None:
    errors: dict[str, str] = {}
    if grade not in Grade.values:
        errors["grade"] = _("请选择“满意”“基本满意”或“不满意”中的一项。")
    if len(comment.strip()) > COMMENT_MAX_LENGTH:
        errors["comment"] = _("意见建议最多%(max)d个字，您输入了%(n)d个字。") % {
            "max": COMMENT_MAX_LENGTH,
            "n": len(comment.strip()),
        }
    if not TOKEN.match(token or ""):
        errors["token"] = _("表单已失效，请刷新页面后重新评价。")
    if errors:
        raise ValidationError(errors)


def submit_rating(
    *, target: Target, grade: str, comment: str = "", token: str, at: dt.datetime | None = None
) -> tuple[Rating, bool]:
    """Store one rating and return it with ``True``; a form sent again (the same ``token``) stores
    nothing and returns the rating it stored the first time with ``False``.

    The comment is masked before it is stored. ``at`` is the moment of the rating (now; the demo
    spreads its ratings over past months). Raises ``ValidationError`` keyed by field for a grade
    outside the scale, a comment too long or a malformed token.
    """
    validate(grade, comment, token)
    earlier = Rating.objects.filter(token=token).first()
    if earlier is not None:
        return _same_form(earlier, target), False
    moment = at or timezone.now()
    rating = Rating(
        kind=target.kind,
        organization=target.organization,
        item=target.item,
        grade=grade,
        comment=mask_comment(comment),
        month=month_of(moment),
        created_at=moment,
        token=token,
    )
    try:
        with transaction.atomic():
            rating.save(force_insert=True)
            record(
                actor=SYSTEM,
                action="rating.received",
                target=rating,
                organization=target.organization,
                data={"kind": target.kind, "grade": grade, "comment": bool(rating.comment)},
            )
    except IntegrityError:
        # The same form sent twice at once: the other request stored it (``token`` is unique).
        earlier = Rating.objects.filter(token=token).first()
        if earlier is None:
            raise
        return _same_form(earlier, target), False
    return rating, True


def _same_form(rating: Rating, target: Target) -> Rating:
    if (
        rating.kind != target.kind
        or rating.organization_id != target.organization.pk
        or (rating.item_id != (target.item.pk if target.item is not None else None))
    ):
        # A token is one form of one page: reused for something else, it is no form of ours.
        raise ValidationError({"token": _("表单已失效，请刷新页面后重新评价。")})
    return rating
