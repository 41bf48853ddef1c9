"""Receiving applications (docs/SPEC.md §4.1): the public online form and staff registration of the rest.

Each request gets a registration number (per body and year, no gaps) and a private look-up code.
The code is shown once to the applicant and stored only as a hash: keyed, or portable where portal
hosts must check it (below).

On a portal host (``GONGKAI_ROLE=portal``) an online application waits there until the staff side
collects it (``portalsync.intake``). The portal numbers in its own range (``YSQ-<prefix>-<year>-9…``,
``core.codes.PORTAL_SERIAL_BASE``) and stores the code as a portable hash, so the number and code
the applicant was given work on the staff side (``receive_from_portal``). It records no audit row
and notifies nobody (it has no staff): the staff side does both when it takes the application in.
A staff installation that feeds portal hosts (``GONGKAI_PORTAL_FEED``) stores its own new codes as
portable hashes too, in its own range, so that the status projection carries those cases to the
portal hosts (``core.codes.portable_codes``).
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
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.core import codes
from gongkai.core.actors import SYSTEM
from gongkai.core.idnumbers import InvalidIdNumber, validate_resident_id
from gongkai.core.serials import next_serial
from gongkai.foi import policy
from gongkai.foi.clock import EventKind
from gongkai.foi.legal import ORGANIZATION_TYPES, Channel, IdType
from gongkai.foi.models import InfoRequest
from gongkai.foi.services.clock import add_event, local_today
from gongkai.orgs.models import Organization

#: The applicant and application fields an intake form sets.
APPLICATION_FIELDS = [
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "format",
    "delivery",
    "fee_waiver_requested",
    "fee_waiver_reason",
]

# Unambiguous characters only (no 0/O, 1/I/L): the code is read aloud on the phone.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_lookup_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    # NFKC first: a Chinese input method in full-width mode types "ＡＢ２３" for "AB23".
    return "".join(ch for ch in unicodedata.normalize("NFKC", code).upper() if ch.isalnum())


def normalize_number(number: str) -> str:
    """Registration numbers are issued in upper case without spaces: accept them typed otherwise."""
    return "".join(unicodedata.normalize("NFKC", number).split()).upper()


def hash_code(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), normalize_code(code).encode(), hashlib.sha256).hexdigest()


def portable_hash(number: str, code: str) -> str:
    return codes.portable_hash("foi", number, normalize_code(code))


def _new_code_hash(number: str, code: str) -> str:
    """How a new code is stored (``core.codes.new_hash``: portable where portal hosts check it)."""
    return codes.new_hash(scope="foi", number=number, code=normalize_code(code), keyed=hash_code)


def code_matches(stored: str, number: str, code: str) -> bool:
    return codes.matches(stored, scope="foi", number=number, code=normalize_code(code), keyed=hash_code)


def find_by_code(registration_number: str, code: str) -> InfoRequest | None:
    """The request matching both the registration number and its look-up code, else None."""
    number = normalize_number(registration_number)
    request = InfoRequest.objects.select_related("organization").filter(registration_number=number).first()
    if request is None or not code_matches(request.lookup_code_hash, number, code):
        return None
    return request


#: A registration number: YSQ-<last six characters of the body's unit code>-<year>-<serial>.
REGISTRATION_NUMBER = re.compile(r"^YSQ-(\w{6})-(\d{4})-(\d+)$")


def registration_prefix(organization: Organization) -> str:
    return organization.unit_code[-6:] if organization.unit_code else f"{organization.pk:06d}"


def registration_counter_key(prefix: str, year: int) -> str:
    """The serial counter of a prefix and year. Kept per prefix, not per body: two bodies whose unit
    codes end in the same six characters then share one series instead of both issuing "…-00001"."""
    return f"foi:{prefix}:{year}"


def format_registration_number(prefix: str, year: int, serial: int) -> str:
    return f"YSQ-{prefix}-{year}-{serial:05d}"


def registration_number(organization: Organization, year: int) -> str:
    prefix = registration_prefix(organization)
    serial = next_serial(registration_counter_key(prefix, year))
    if codes.on_portal_host():
        serial = codes.portal_serial(serial)  # the portal host's own range (see the module's docstring)
    return format_registration_number(prefix, year, serial)


def receipt_date(
    channel: str,
    *,
    submitted_on: dt.date,
    signed_for_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> dt.date:
    """The date of receipt of 第三十一条 for each channel.

    (一) in person: the day submitted; (二) by post: the day the body signed for it; (三) online, fax
    or e-mail: the day both sides confirmed receipt.
    """
    if channel == Channel.IN_PERSON:
        return submitted_on
    if channel == Channel.LETTER:
        if signed_for_on is None:
            raise ValidationError(
                {"signed_for_on": "信函申请以签收之日为收到申请之日，请填写签收日期（第三十一条第（二）项）"}
            )
        if signed_for_on < submitted_on:
            raise ValidationError({"signed_for_on": "签收日期不能早于寄出日期"})
        return signed_for_on
    if confirmed_on is None:
        raise ValidationError(
            {
                "confirmed_on": "网上、传真、电子邮件申请以双方确认之日为收到申请之日，"
                "请填写确认日期（第三十一条第（三）项）"
            }
        )
    if confirmed_on < submitted_on:
        raise ValidationError({"confirmed_on": "确认日期不能早于提交日期"})
    return confirmed_on


def _validate(data: dict[str, Any], *, allow_legacy_id: bool = False) -> None:
    """The rules of an application, whoever sends it. A 居民身份证 number is checked here with the one
    validator (``core.idnumbers``, GB 11643) and stored normalized; ``allow_legacy_id`` accepts the
    15-digit numbers of before 1999 in historical records (the register importer)."""
    errors: dict[str, str] = {}
    if data.get("id_type") == IdType.RESIDENT_ID and data.get("id_number"):
        try:
            checked = validate_resident_id(
                str(data["id_number"]), today=local_today(), allow_legacy=allow_legacy_id
            )
        except InvalidIdNumber as error:
            errors["id_number"] = error.message
        else:
            data["id_number"] = checked.number
    if (
        data.get("applicant_type") in ORGANIZATION_TYPES
        and not data.get("contact_person")
        and not data.get("legal_representative")
    ):
        errors["contact_person"] = "法人或其他组织申请的，请填写法定代表人或联系人"
    if data.get("delivery") == "email" and not data.get("email"):
        errors["email"] = "选择以电子邮件获取的，请填写电子邮箱"
    if data.get("delivery") == "post" and not data.get("address"):
        errors["address"] = "选择邮寄的，请填写通信地址"
    if data.get("fee_waiver_requested") and not data.get("fee_waiver_reason"):
        errors["fee_waiver_reason"] = "申请减免费用的，请说明理由"
    if len((data.get("description") or "").strip()) < 4:
        errors["description"] = "请描述所需政府信息的名称、文号或便于查询的其他特征"
    if errors:
        raise ValidationError(errors)


def _create(
    *,
    organization: Organization,
    data: dict[str, Any],
    channel: str,
    received_on: dt.date,
    submitted_at: dt.datetime,
    actor: Any,
) -> tuple[InfoRequest, str]:
    _validate(data)
    code = new_lookup_code()
    number = registration_number(organization, received_on.year)
    request = InfoRequest(
        organization=organization,
        channel=channel,
        received_on=received_on,
        submitted_at=submitted_at,
        registration_number=number,
        lookup_code_hash=_new_code_hash(number, code),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{
            name: data.get(name, InfoRequest._meta.get_field(name).get_default())
            for name in APPLICATION_FIELDS
        },
    )
    _save_received(request, actor=actor)
    return request, code


def _save_received(request: InfoRequest, *, actor: Any) -> None:
    """Check and store a new request, and start its clock on the day it was received."""
    # ``state`` is a protected FSM field: clean_fields would assign it and django-fsm refuses that.
    request.full_clean(exclude=["lookup_code_hash", "registration_number", "state"])
    request.save()
    add_event(
        request,
        EventKind.RECEIVED,
        request.received_on,
        actor=actor,
        label=f"收到申请（{request.get_channel_display()}）",
    )


@transaction.atomic
def submit_online(*, organization: Organization, data: dict[str, Any]) -> tuple[InfoRequest, str]:
    """An application from the public form. Online: both sides confirm on submission (第三十一条第（三）项),
    so the date of receipt is today."""
    if not organization.is_active:
        raise ValidationError("该机关不受理网上申请")
    now = timezone.now()
    request, code = _create(
        organization=organization,
        data=data,
        channel=Channel.ONLINE,
        received_on=timezone.localdate(now),
        submitted_at=now,
        # The online form confirms receipt itself (第三十一条第（三）项): the platform records it.
        actor=SYSTEM,
    )
    if codes.on_portal_host():
        return request, code  # no staff there: recorded and notified when the staff side takes it in
    record(actor=None, action="request.submitted_online", target=request)
    _notify_new(request)
    return request, code


#: The fields of an application collected from a portal host, besides ``APPLICATION_FIELDS``.
PORTAL_FIELDS = ("organization_id", "registration_number", "lookup_code_hash", "received_on", "submitted_at")


@transaction.atomic
def receive_from_portal(row: dict[str, Any]) -> tuple[InfoRequest, bool]:
    """An online application a portal host received, taken in on the staff side (the channel back).

    It keeps the registration number and the portable code hash the portal gave, so the applicant's
    number and code work here, and the date of receipt the portal confirmed on submission
    (第三十一条第（三）项): the 20 working days (第三十三条) run from that day, not from the day the
    gateway delivered it. A second delivery of the same application returns it and creates nothing
    (False); a different application under the same number is refused."""
    number = normalize_number(str(row.get("registration_number") or ""))
    stored = str(row.get("lookup_code_hash") or "")
    match = REGISTRATION_NUMBER.match(number)
    if match is None or int(match.group(3)) < codes.PORTAL_SERIAL_BASE or not codes.is_portable(stored):
        raise ValidationError(_("登记编号或查询码的格式不正确。"))
    earlier = InfoRequest.objects.filter(registration_number=number).first()
    if earlier is not None:
        if not hmac.compare_digest(earlier.lookup_code_hash, stored):
            raise ValidationError(_("登记编号%(n)s已被另一份申请使用。") % {"n": number})
        return earlier, False
    organization = Organization.objects.filter(pk=int(row.get("organization_id") or 0)).first()
    if organization is None:
        raise ValidationError(_("申请%(n)s的受理机关在工作端不存在。") % {"n": number})
    data = {name: row.get(name) for name in APPLICATION_FIELDS}
    _validate(data)
    received_on = dt.date.fromisoformat(str(row["received_on"]))
    request = InfoRequest(
        organization=organization,
        channel=Channel.ONLINE,
        received_on=received_on,
        submitted_at=dt.datetime.fromisoformat(str(row["submitted_at"])),
        registration_number=number,
        lookup_code_hash=stored,
        **{name: data[name] for name in APPLICATION_FIELDS},
    )
    _save_received(request, actor=SYSTEM)
    record(actor=None, action="request.submitted_online", target=request, data={"via": "portal"})
    _notify_new(request)
    return request, True


@transaction.atomic
def register(
    organization: Organization,
    *,
    actor: Any,
    data: dict[str, Any],
    channel: str,
    submitted_on: dt.date,
    signed_for_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> tuple[InfoRequest, str]:
    """Staff register an application received by letter, in person, fax or e-mail."""
    if not policy.can_register(actor, organization):
        raise PermissionDenied("只有本机关的依申请公开承办人或公开工作机构负责人可以登记申请")
    if channel not in Channel.values:
        raise ValidationError({"channel": "请选择申请方式"})
    received_on = receipt_date(
        channel, submitted_on=submitted_on, signed_for_on=signed_for_on, confirmed_on=confirmed_on
    )
    if received_on > local_today():
        # Name the field the date of receipt came from (第三十一条), so the form marks the right one.
        fields: dict[str, str] = {Channel.IN_PERSON: "submitted_on", Channel.LETTER: "signed_for_on"}
        field = fields.get(channel, "confirmed_on")
        raise ValidationError({field: "收到申请日期不能晚于今天"})
    submitted_at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9)))
    request, code = _create(
        organization=organization,
        data=data,
        channel=channel,
        received_on=received_on,
        submitted_at=submitted_at,
        actor=actor,
    )
    record(actor=actor, action="request.registered", target=request, data={"channel": channel})
    _notify_new(request)
    return request, code


def _notify_new(request: InfoRequest) -> None:
    from gongkai.foi.services.notices import notify_new_request

    transaction.on_commit(lambda: notify_new_request(request))


@transaction.atomic
def reissue_lookup_code(request: InfoRequest, *, actor: Any) -> str:
    """A new look-up code (the applicant lost theirs, or the request was imported): the old code
    stops working at once. Shown once to the staff member, who hands it to the applicant."""
    if not policy.is_office(actor, request):
        raise PermissionDenied("只有受理机关的依申请公开承办人或公开工作机构负责人可以重新生成查询码")
    code = new_lookup_code()
    # Portable on a feeding staff side: the new code answers on the portal hosts too.
    request.lookup_code_hash = _new_code_hash(request.registration_number, code)
    request.save(update_fields=["lookup_code_hash", "updated_at"])
    record(actor=actor, action="request.code_reissued", target=request)
    return code
