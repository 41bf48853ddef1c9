"""The channel back, portal → staff: what citizens submitted on the portal host.

The portal writes every row not yet acknowledged into an intake batch (``export_intake``); a row
written before and not yet acknowledged goes again (at least once). The staff side takes a batch in
(``import_intake``) through the domain's own idempotent service, keyed by the form's random token, so
a second import of the same file, or a row sent twice, creates nothing; it then writes an
acknowledgement naming every row it holds. The portal deletes exactly the rows acknowledged
(``apply_ack``); anything submitted meanwhile stays for the next batch. A row that a change set
deleted with what it hung on (its consultation, its item) before the staff side collected it goes
as the record held of it then (``portalsync.held``), in the same lines, until acknowledged likewise.

Kinds: 社会评议 ratings, 意见征集 comments (keyed by the form's one-time key; taken in if the portal
received them within the period it announced, even when the staff side closed early since), 互动
messages (keyed by the tracking number the portal host gave, kept with its portable code hash, so the
writer's number and code work on the staff side: ``interaction.services.intake``), and requests for
information (keyed by the registration number the portal host gave, likewise, with the date of
receipt the portal confirmed: ``foi.services.intake.receive_from_portal``). The counts of the
application form's suggestions (request deflection) are not deleted when acknowledged: they stay and
grow on the portal host, which sends a body's month again whenever it counted more, and the staff
side adds the difference (``foi.services.deflection``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.disclosure.models import Item
from gongkai.foi.models import DeflectionTally, InfoRequest
from gongkai.foi.services import deflection
from gongkai.foi.services.intake import APPLICATION_FIELDS, PORTAL_FIELDS, receive_from_portal
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.services.intake import submit_message
from gongkai.opinions.models import Comment, Consultation
from gongkai.opinions.services import submit_comment
from gongkai.orgs.models import Organization
from gongkai.portalsync.channel import ChannelError, Writer, checkpoint, erase_deleted_bytes, read_manifest
from gongkai.portalsync.models import HeldIntake, IntakeBatch, ReceivedIntake
from gongkai.portalsync.tables import local_comments, local_messages
from gongkai.ratings.models import Rating
from gongkai.ratings.services import Target, submit_rating

PREFIX = "intake"
ACK_PREFIX = "ack"


@dataclass(frozen=True)
class IntakeKind:
    label: str
    model: type[models.Model]
    key: str
    fields: tuple[str, ...]
    #: Staff side: store one row through the domain's service; True when it was new.
    take: Callable[[dict[str, Any]], bool]
    #: Portal host: the rows written there (a table the projection also fills holds synced rows).
    pending: Callable[[], models.QuerySet[Any]] | None = None
    #: Portal host, for rows that stay there (counts): the records to send, each with its key under
    #: ``key``, and what settles the acknowledged keys instead of deleting their rows.
    records: Callable[[], Iterable[dict[str, Any]]] | None = None
    settle: Callable[[list[str]], int] | None = None

    def rows(self) -> models.QuerySet[Any]:
        return self.pending() if self.pending else self.model._base_manager.all()

    def records_of(self, rows: models.QuerySet[Any]) -> Iterator[dict[str, Any]]:
        """The records of these rows (of ``rows()``) as an intake file carries them."""
        values = rows.order_by("pk").values_list(*self.fields).iterator()
        return (dict(zip(self.fields, row, strict=True)) for row in values)

    def outgoing(self) -> Iterable[dict[str, Any]]:
        if self.records is not None:
            return self.records()
        return self.records_of(self.rows())

    def acknowledge(self, keys: list[str]) -> int:
        """The staff side holds these rows: delete them, and the records held of them
        (``portalsync.held``), or settle them. Returns how many."""
        if self.settle is not None:
            return self.settle(keys)
        done = 0
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            _n, by_model = self.rows().filter(**{f"{self.key}__in": chunk}).delete()
            done += by_model.get(self.model._meta.label, 0)  # the submissions, not what hung on them
            done += HeldIntake.objects.filter(kind=self.label, key__in=chunk).delete()[0]
        return done


def _take_rating(record: dict[str, Any]) -> bool:
    organization = Organization.objects.filter(pk=record["organization_id"]).first()
    item = Item.objects.filter(pk=record["item_id"]).first() if record["item_id"] else None
    if organization is None or (record["item_id"] and item is None):
        raise ChannelError(
            _("公众评价 %(token)s 所评价的机构或信息在工作端不存在。") % {"token": record["token"]}
        )
    _rating, created = submit_rating(
        target=Target(kind=record["kind"], organization=organization, item=item),
        grade=record["grade"],
        comment=record["comment"],
        token=record["token"],
        at=dt.datetime.fromisoformat(record["created_at"]),
    )
    return created


def _take_comment(record: dict[str, Any]) -> bool:
    consultation = Consultation.objects.filter(pk=record["consultation_id"]).first()
    if consultation is None:
        raise ChannelError(
            _("公众意见 %(key)s 所针对的意见征集在工作端不存在。") % {"key": record["submission_key"]}
        )
    try:
        _comment, created = submit_comment(
            consultation=consultation,
            data={
                "text": record["text"],
                "name": record["name"],
                "phone": record["phone"],
                "email": record["email"],
            },
            key=record["submission_key"],
            received_at=dt.datetime.fromisoformat(record["received_at"]),
        )
    except ValidationError as error:
        raise ChannelError(
            _("公众意见 %(key)s 无法接收：%(why)s")
            % {"key": record["submission_key"], "why": "；".join(error.messages)}
        ) from error
    return created


def _take_request(record: dict[str, Any]) -> bool:
    try:
        _request, created = receive_from_portal(record)
    except ValidationError as error:
        raise ChannelError(
            _("政府信息公开申请 %(n)s 无法接收：%(why)s")
            % {"n": record.get("registration_number"), "why": "；".join(error.messages)}
        ) from error
    return created


def _take_message(record: dict[str, Any]) -> bool:
    organization = Organization.objects.filter(pk=record["organization_id"]).first()
    kind = MessageKind.objects.filter(pk=record["kind_id"]).first()
    number = record["tracking_number"]
    if organization is None or kind is None:
        raise ChannelError(_("留言 %(n)s 的收信机关或类别在工作端不存在。") % {"n": number})
    fields = ("subject", "text", "writer_name", "writer_phone", "writer_email", "consent_publish")
    try:
        _message, code = submit_message(
            organization=organization,
            kind=kind,
            data={f: record[f] for f in fields},
            idempotency_key=record["idempotency_key"],
            received_at=dt.datetime.fromisoformat(record["received_at"]),
            issued=(number, record["code_hash"]),
        )
    except ValidationError as error:
        raise ChannelError(
            _("留言 %(n)s 无法接收：%(why)s") % {"n": number, "why": "；".join(error.messages)}
        ) from error
    return code is not None


KINDS: tuple[IntakeKind, ...] = (
    IntakeKind(
        "ratings.rating",
        Rating,
        "token",
        ("kind", "organization_id", "item_id", "grade", "comment", "created_at", "token"),
        _take_rating,
    ),
    IntakeKind(
        "opinions.comment",
        Comment,
        "submission_key",
        ("consultation_id", "text", "name", "phone", "email", "received_at", "submission_key"),
        _take_comment,
        pending=lambda: local_comments(Comment.objects.all()),
    ),
    IntakeKind(
        "interaction.message",
        Message,
        "tracking_number",
        (
            "organization_id",
            "kind_id",
            "tracking_number",
            "code_hash",
            "idempotency_key",
            "subject",
            "text",
            "writer_name",
            "writer_phone",
            "writer_email",
            "consent_publish",
            "received_at",
        ),
        _take_message,
        pending=lambda: local_messages(Message.objects.all()),
    ),
    # A portal host holds no request but those written there: nothing of the staff side's is synced.
    IntakeKind(
        "foi.inforequest",
        InfoRequest,
        "registration_number",
        (*PORTAL_FIELDS, *APPLICATION_FIELDS),
        _take_request,
    ),
    # Anonymous counts of the application form's suggestions (第三十六条第（一）项): they stay on the
    # portal host and grow there; the staff side adds what it had not taken in yet.
    IntakeKind(
        "foi.deflectiontally",
        DeflectionTally,
        "key",
        deflection.PORTAL_FIELDS,
        deflection.receive_portal_counts,
        pending=lambda: DeflectionTally.objects.filter(uncollected=True),
        records=deflection.portal_counts,
        settle=deflection.settle_portal_counts,
    ),
)
BY_LABEL = {k.label: k for k in KINDS}


def uncollected_count() -> int:
    """What the portal host holds that the staff side has not acknowledged: the rows waiting and
    the records held when a change set deleted what they hung on (``portalsync.held``)."""
    return sum(k.rows().count() for k in KINDS) + HeldIntake.objects.count()


# --- portal side ------------------------------------------------------------------------------


@dataclass
class IntakeExport:
    sequence: int
    manifest: Path
    rows: int


def export_intake(out_dir: Path) -> IntakeExport | None:
    """Write every intake row still on the portal into the next batch; None when there is none."""
    if not uncollected_count():
        return None
    sequence = (IntakeBatch.objects.aggregate(m=models.Max("sequence"))["m"] or 0) + 1
    writer = Writer(out_dir, PREFIX, sequence)
    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            for kind in KINDS:
                n = 0
                for record in kind.outgoing():
                    writer.write({"t": kind.label, "key": record[kind.key], "f": record})
                    n += 1
                held = (
                    HeldIntake.objects.filter(kind=kind.label).order_by("pk").values_list("record", flat=True)
                )
                for record in held.iterator():
                    writer.write({"t": kind.label, "key": record[kind.key], "f": record})
                    n += 1
                counts[kind.label] = n
    except BaseException:
        writer.abandon()
        raise
    manifest = writer.close(
        {"direction": "intake", "kind": "intake", "created_at": timezone.now().isoformat(), "counts": counts}
    )
    IntakeBatch.objects.create(sequence=sequence, sha256=manifest["sha256"], rows=writer.lines)
    return IntakeExport(sequence, writer.manifest, writer.lines)


@dataclass
class AckResult:
    sequence: int
    deleted: int
    already: bool = False


def apply_ack(path: Path) -> AckResult:
    """Delete the intake rows the staff side acknowledged holding."""
    batch = read_manifest(path, direction="ack")
    sequence = int(batch.manifest["acknowledges"])
    sent = IntakeBatch.objects.filter(sequence=sequence).first()
    if sent is None or sent.sha256 != batch.manifest.get("intake_sha256"):
        raise ChannelError(_("确认文件 %(name)s 对应的公众提交包不是本门户导出的。") % {"name": path.name})
    if sent.acknowledged_at is not None:
        return AckResult(sequence, 0, already=True)
    keys: dict[str, list[str]] = {}
    for line in batch.lines():
        keys.setdefault(line["t"], []).append(line["key"])
    deleted = 0
    erase_deleted_bytes()  # the writers' contact data leaves no bytes in free pages
    with transaction.atomic():
        for label, values in keys.items():
            kind = BY_LABEL.get(label)
            if kind is None:
                raise ChannelError(_("确认文件含有本程序不认识的数据：%(t)s。") % {"t": label})
            deleted += kind.acknowledge(values)
        sent.acknowledged_at = timezone.now()
        sent.save(update_fields=["acknowledged_at"])
    checkpoint()
    return AckResult(sequence, deleted)


# --- staff side -------------------------------------------------------------------------------


@dataclass
class IntakeImport:
    sequence: int
    created: int
    repeated: int
    ack: Path


def import_intake(path: Path, ack_dir: Path) -> IntakeImport:
    """Take an intake batch in (idempotently) and write its acknowledgement into ``ack_dir``."""
    batch = read_manifest(path, direction="intake")
    created = repeated = 0
    keys: list[tuple[str, str]] = []
    with transaction.atomic():
        for line in batch.lines():
            kind = BY_LABEL.get(line.get("t", ""))
            if kind is None:
                raise ChannelError(_("公众提交包含有本程序不认识的数据：%(t)s。") % {"t": line.get("t")})
            if kind.take(line["f"]):
                created += 1
            else:
                repeated += 1
            keys.append((kind.label, str(line["key"])))
        ReceivedIntake.objects.update_or_create(
            sha256=batch.manifest["sha256"],
            defaults={"sequence": batch.sequence, "created": created, "repeated": repeated},
        )
    # The acknowledgement is written after the commit: it never names a row the staff side lacks.
    writer = Writer(ack_dir, ACK_PREFIX, batch.sequence)
    for label, key in keys:
        writer.write({"t": label, "key": key})
    writer.close(
        {
            "direction": "ack",
            "kind": "ack",
            "acknowledges": batch.sequence,
            "intake_sha256": batch.manifest["sha256"],
            "created_at": timezone.now().isoformat(),
        }
    )
    return IntakeImport(batch.sequence, created, repeated, writer.manifest)
