"""Receiving a message from the public form (docs/SPEC.md §3: 互动 — a citizen writes to a body and
gets a tracking code).

The writer is not a member of staff: the platform receives the message as ``core.actors.SYSTEM``.
Contact data is optional (a citizen may ask anonymously and read the answer with the tracking code);
the tracking number and its code are the writer's only way back. The code is shown once and stored
only as a hash, like the look-up code of a request (``foi.services.intake``): keyed, or portable
where portal hosts must check it (below).

A double submit (the same form sent twice: a double click, a resent POST) is one message: the form
carries a random idempotency key, unique among messages.

On a portal host (``GONGKAI_ROLE=portal``, docs/ARCHITECTURE.md, "The portal host") the message waits
for the staff side to collect it, and the staff side must then honour the number and code the
citizen was given. So a portal host numbers in its own range (``LY-<year>-9<host digit><serial of
five digits or more>``: the staff side's serial never gets there) and stores the code as a
*portable* hash (``core.codes``); ``submit_message(issued=…)`` keeps both on import, and takes only
numbers in a portal host's range. A staff installation that feeds portal hosts
(``GONGKAI_PORTAL_FEED``) stores its own new codes as portable hashes too, in its own range, so that
the status projection carries those messages to the portal hosts (``core.codes.portable_codes``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.core import codes
from gongkai.core.actors import SYSTEM
from gongkai.core.codes import on_portal_host
from gongkai.core.serials import next_serial
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.rules import due_date
from gongkai.interaction.services.notices import message_url, office_people
from gongkai.notifications.services import notify
from gongkai.orgs.models import Organization
from gongkai.workdays.calendar import get_calendar

SUBJECT_MIN, SUBJECT_MAX = 4, 100
TEXT_MIN, TEXT_MAX = 10, 2000
#: The form's idempotency key: random, 16 to 64 letters, digits, "-" or "_" (a UUID fits).
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
#: A telephone number as people type it: digits with spaces, hyphens, brackets, a leading +.
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,24}$")

# Unambiguous characters only (no 0/O, 1/I/L): the code is read aloud on the phone.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
#: A tracking number: LY-<year of receipt>-<serial of the year, six digits>.
TRACKING_NUMBER = re.compile(r"^LY-\d{4}-\d{6,}$")


def new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    # NFKC first: a Chinese input method in full-width mode types "ＡＢ２３" for "AB23".
    return "".join(ch for ch in unicodedata.normalize("NFKC", code).upper() if ch.isalnum())


def normalize_number(number: str) -> str:
    return "".join(unicodedata.normalize("NFKC", number).split()).upper()


def hash_code(code: str) -> str:
    key = f"interaction:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalize_code(code).encode(), hashlib.sha256).hexdigest()


def portable_hash(number: str, code: str) -> str:
    return codes.portable_hash("interaction", number, normalize_code(code))


def code_matches(stored: str, number: str, code: str) -> bool:
    return codes.matches(
        stored, scope="interaction", number=number, code=normalize_code(code), keyed=hash_code
    )


def find_by_code(tracking_number: str, code: str) -> Message | None:
    """The message matching both the tracking number and its code, else None (whichever was wrong)."""
    number = normalize_number(tracking_number)
    if not TRACKING_NUMBER.match(number):
        hash_code(code)  # the same work either way
        return None
    message = Message.objects.select_related("organization", "kind").filter(tracking_number=number).first()
    expected = message.code_hash if message is not None else "0" * 64
    if not code_matches(expected, number, code) or message is None:
        return None
    return message


def _validate(data: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {
        "subject": " ".join(str(data.get("subject") or "").split()),
        "text": str(data.get("text") or "").strip(),
        "writer_name": str(data.get("writer_name") or "").strip(),
        "writer_phone": str(data.get("writer_phone") or "").strip(),
        "writer_email": str(data.get("writer_email") or "").strip(),
        "consent_publish": bool(data.get("consent_publish")),
    }
    errors: dict[str, str] = {}
    if not SUBJECT_MIN <= len(clean["subject"]) <= SUBJECT_MAX:
        errors["subject"] = _("标题应为%(min)d至%(max)d个字。") % {"min": SUBJECT_MIN, "max": SUBJECT_MAX}
    if len(clean["text"]) < TEXT_MIN:
        errors["text"] = _("请写明您要咨询或反映的问题，至少%(n)d个字。") % {"n": TEXT_MIN}
    elif len(clean["text"]) > TEXT_MAX:
        errors["text"] = _("留言内容最多%(max)d个字，您输入了%(n)d个字。") % {
            "max": TEXT_MAX,
            "n": len(clean["text"]),
        }
    if len(clean["writer_name"]) > 60:
        errors["writer_name"] = _("姓名最多60个字。")
    if clean["writer_phone"] and not PHONE.match(clean["writer_phone"]):
        errors["writer_phone"] = _("请填写正确的电话号码（数字，可含区号和“-”）。")
    if clean["writer_email"]:
        from django.core.validators import validate_email

        try:
            validate_email(clean["writer_email"])
        except ValidationError:
            errors["writer_email"] = _("请填写正确的电子邮箱地址。")
    if errors:
        raise ValidationError(errors)
    return clean


def tracking_number(year: int) -> str:
    serial = next_serial(f"interaction:{year}")
    if on_portal_host():
        serial = codes.portal_serial(serial)  # the portal host's own range (see the module's docstring)
    return f"LY-{year}-{serial:06d}"


def submit_message(
    *,
    organization: Organization,
    kind: MessageKind,
    data: dict[str, Any],
    idempotency_key: str = "",
    received_at: dt.datetime | None = None,
    issued: tuple[str, str] | None = None,
) -> tuple[Message, str | None]:
    """Receive a message from the public form. Returns the message and its code, shown once; a
    second submission with the same ``idempotency_key`` returns the first message and no code.

    Received on the day it is submitted (online: both sides confirm on submission, the rule of
    《政府信息公开条例》第三十一条第（三）项 followed for messages); the due date is the kind's number
    of working days after that day (the day itself not counted, 《民法典》第二百零一条).
    ``received_at`` is now, except for the demo's messages of the past and those a portal host
    received; ``issued`` is the tracking number and portable code hash a portal host gave (the
    channel back): the message keeps them, and a second import of it creates nothing."""
    # A message a portal host received (``issued``) was checked there when the writer sent it and
    # is received from that moment: a body or kind switched off before the staff side collected it
    # still takes it (refusing it would lose it, and stop every collection behind it).
    if issued is None and not organization.is_active:
        raise ValidationError(_("该机关暂不受理网上留言。"))
    if issued is None and not kind.is_active:
        raise ValidationError({"kind": _("请选择留言类别。")})
    if idempotency_key and not IDEMPOTENCY_KEY.match(idempotency_key):
        raise ValidationError(_("表单已失效，请刷新页面后重新提交。"))
    clean = _validate(data)
    if idempotency_key:
        earlier = Message.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier, None
    if issued is not None:
        # Only a portal host's range: a feeding staff side's own messages have portable hashes too,
        # and a portal host must not claim one of them (nor a number the staff side will give).
        if (
            not TRACKING_NUMBER.match(issued[0])
            or int(issued[0].rsplit("-", 1)[1]) < codes.PORTAL_SERIAL_BASE
            or not codes.is_portable(issued[1])
        ):
            raise ValidationError(_("留言编号或查询码的格式不正确。"))
        earlier = Message.objects.filter(tracking_number=issued[0]).first()
        if earlier is not None:
            if earlier.code_hash != issued[1]:
                raise ValidationError(_("留言编号%(n)s已被另一条留言使用。") % {"n": issued[0]})
            return earlier, None
    try:
        with transaction.atomic():
            return _create(organization, kind, clean, idempotency_key, received_at or timezone.now(), issued)
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request stored it.
        earlier = Message.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if earlier is None:
            raise
        return earlier, None


def _create(
    organization: Organization,
    kind: MessageKind,
    clean: dict[str, Any],
    idempotency_key: str,
    now: dt.datetime,
    issued: tuple[str, str] | None = None,
) -> tuple[Message, str]:
    received_on = timezone.localdate(now)
    due, provisional = due_date(get_calendar(), received_on, kind.answer_workdays)
    code = new_code()
    if issued is not None:
        number, code_hash = issued
    else:
        number = tracking_number(received_on.year)
        # Portable where the portal hosts must check it (a portal host, a feeding staff side).
        code_hash = codes.new_hash(
            scope="interaction", number=number, code=normalize_code(code), keyed=hash_code
        )
    message = Message(
        organization=organization,
        kind=kind,
        tracking_number=number,
        code_hash=code_hash,
        idempotency_key=idempotency_key,
        received_at=now,
        received_on=received_on,
        due_date=due,
        due_provisional=provisional,
        answer_workdays=kind.answer_workdays,
        **clean,
    )
    message.save()
    if on_portal_host():
        # No staff there: the staff side records and notifies when it takes the message in.
        return message, code
    record(
        actor=SYSTEM,
        action="message.received",
        target=message,
        organization=organization,
        data={"tracking_number": message.tracking_number, "kind": kind.code},
    )
    notify(
        office_people(message),
        kind="message.received",
        title=f"新留言：{message.tracking_number}",
        body=f"{kind.name}：{message.subject}。答复期限 {due:%Y-%m-%d}。",
        url=message_url(message),
        key=f"message.received:{message.pk}",
    )
    return message, ("" if issued is not None else code)  # an issued code was shown on the portal
