"""What the portal host holds: the public projection of the staff side's data, table by table.

Each ``Table`` names a model, the rows of it the public may see (a queryset read on the staff side)
and what of those rows is not public (fields sent blank, links to staff users sent as nothing and
pointed at the portal's one placeholder account, which cannot sign in). Everything not listed here
never leaves the staff side. The order is the order of writing on the portal (parents first);
deletions go the other way.

Published items go with their public fields only (no 退回理由, 撤回理由, 不予公开说明, author,
time to publication); their attachments travel with their files. The catalog (templates, columns,
class lists), the bodies (every field of ``Organization`` is public: the guide shows them) and the
working-day calendar go whole.

The other public pages read the same definitions their portal views use: 意见征集
(``opinions.public.views``: opened consultations with their files, the published comments with their
text masked as the page shows it and no contact data, the answered themes; the 采纳情况 only once
published), 互动 (``interaction.public.views.published``: the published copy and answer only — no
original text, no writer, no tracking-code hash), the annual reports as published
(``portal.views.reports.published_reports``; their DOCX, XLSX and PDF are rendered from the row) and
the published 通报 (``assessment.bulletins.published_bulletins``). 政策解读 are item links and 制度
pages are generated from the body's data: both travel with the items and the bodies.

监督考核 travels as far as its public pages read it (``assessment.public``): the schemes of the
methodology page (``methodology.public_schemes``: published or retired, used by an opened round of
an active authority) with their criteria; the rounds those pages and a body's 通报 page read
(``methodology.public_rounds``) with their title, authority, period and scheme only; of the rounds
whose results 通报 is published, who took part (``bulletins.results_participations``: the body and
the round, no score, rank, grade, 自查 text or indicator); and the 通报批评 whose 通报 is published
(``bulletins.public_criticisms``: the body, the authority and the period, not the overruns, the draft
text or the review). A 通报 keeps its round when that round travels. No draft scheme or round, no
criterion score, evidence, objection or recomputation, no survey.

One table is computed, not read: the status of each request and message a portal host received and
the staff side collected (``statuses.status_records``: number, code hash, state, dates — nothing
of the person or the content), so that the citizen's look-up there still answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from gongkai.assessment.bulletins import public_criticisms, published_bulletins, results_participations
from gongkai.assessment.models import (
    Bulletin,
    Criterion,
    Criticism,
    Round,
    RoundBody,
    RoundBodyState,
    RoundState,
    Scheme,
)
from gongkai.assessment.public.methodology import public_criteria, public_rounds, public_schemes
from gongkai.disclosure.models import (
    Attachment,
    CatalogColumn,
    CatalogTemplate,
    Classification,
    Item,
    ItemLink,
    TemplateColumn,
)
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.public.views import published as published_messages
from gongkai.opinions.models import Comment, Consultation, ConsultationAttachment, State, Theme
from gongkai.opinions.public.views import answered_themes, masked, public_consultations, published_comments
from gongkai.orgs.models import Organization
from gongkai.portal.views.reports import published_reports
from gongkai.portalsync.models import CaseStatus
from gongkai.portalsync.statuses import status_records
from gongkai.reports.models import AnnualReport
from gongkai.workdays.models import CalendarOverride, HolidayNotice


@dataclass(frozen=True)
class Table:
    label: str
    model: type[models.Model]
    rows: Callable[[], models.QuerySet[Any]]
    #: Fields (attnames) whose value is not public: sent as this value instead.
    blank: Mapping[str, Any] = field(default_factory=dict)
    #: Non-null links to a staff user: sent blank, pointed at the portal's placeholder account.
    user_fields: tuple[str, ...] = ()
    #: File fields whose stored file travels with the row.
    files: tuple[str, ...] = ()
    #: Called once per export pass; returns what to do to each record after the blanks (a value
    #: the public sees in another form, a link to a row that is not public).
    prepare: Callable[[], Callable[[dict[str, Any]], None]] | None = None
    #: Portal host: the rows of this table written there (intake not yet collected), which the
    #: projection never overwrites nor deletes (``forward._make_room``).
    local: Callable[[models.QuerySet[Any]], models.QuerySet[Any]] | None = None
    #: A table computed at each export instead of read from its model (which the staff side then
    #: leaves empty): every record, in key order, with every column.
    records: Callable[[], Iterator[dict[str, Any]]] | None = None
    #: Large columns the exporter does not read on SQLite to tell a changed row (``forward``'s
    #: ``_row_digests``; PostgreSQL compares the row version and reads no column): only for a model
    #: whose every change goes through ``save()``, which moves an ``auto_now`` column that is
    #: compared. An item's text changes only by a correction, a new revision saved by the service.
    heavy: tuple[str, ...] = ()

    def columns(self) -> list[models.Field[Any, Any]]:
        # A generated column is computed by each database from the others: never sent.
        return [f for f in self.model._meta.concrete_fields if not getattr(f, "generated", False)]

    def attnames(self) -> list[str]:
        return [f.attname for f in self.columns()]

    def synced(self) -> models.QuerySet[Any]:
        """Portal host: the rows that came from the staff side (not the intake written there)."""
        qs = self.model._base_manager.all()
        if self.local is not None:
            qs = qs.exclude(pk__in=self.local(self.model._base_manager.all()).values("pk"))
        return qs


def _public_items() -> models.QuerySet[Any]:
    return Item.objects.public()


def _public_item_ids() -> models.QuerySet[Any]:
    return Item.objects.public().values("pk")


AlsoIn = Item.also_in.through


def _public_consultation_ids() -> models.QuerySet[Any]:
    return public_consultations().values("pk")


def _prepare_consultation() -> Callable[[dict[str, Any]], None]:
    finals = public_consultations().exclude(final_item=None).values("final_item")
    public_finals = set(Item.objects.public().filter(pk__in=finals).values_list("pk", flat=True))

    def fix(record: dict[str, Any]) -> None:
        if record["final_item_id"] not in public_finals:
            record["final_item_id"] = None  # the final document is not (or no longer) public
        if record["state"] != State.CONCLUDED:
            # The 采纳情况 is being written: public only once published.
            record.update(summary_text="", summary_counts={}, summary_published_at=None)

    return fix


#: The comments sent by the staff side carry this key; the others were written on the portal host.
SYNCED_KEY = "synced-"


def local_comments(qs: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return qs.exclude(submission_key__startswith=SYNCED_KEY)


def local_messages(qs: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Messages written on the portal host: the synced ones carry no code hash."""
    return qs.exclude(code_hash="")


def _prepare_comment() -> Callable[[dict[str, Any]], None]:
    themes = set(answered_themes().values_list("pk", flat=True))

    def fix(record: dict[str, Any]) -> None:
        record["text"] = masked(record["text"])  # as the page shows it
        # The form's one-time key identifies the writer's form: a neutral one keeps the rows unique.
        record["submission_key"] = f"{SYNCED_KEY}{record['id']}"
        if record["theme_id"] not in themes:
            record["theme_id"] = None  # a theme without an answer is the staff's working note

    return fix


def _public_round_ids() -> models.QuerySet[Any]:
    return public_rounds().values("pk")


def _prepare_round() -> Callable[[dict[str, Any]], None]:
    def fix(record: dict[str, Any]) -> None:
        # How far the round has got is the authority's own: the pages ask only that it was opened.
        record["state"] = RoundState.SELF_ASSESSMENT.value

    return fix


def _prepare_bulletin() -> Callable[[dict[str, Any]], None]:
    rounds = set(public_rounds().values_list("pk", flat=True))

    def fix(record: dict[str, Any]) -> None:
        if record["round_id"] not in rounds:
            record["round_id"] = None  # its round does not travel (a scheme that is not public)

    return fix


def _prepare_criticism() -> Callable[[dict[str, Any]], None]:
    def fix(record: dict[str, Any]) -> None:
        # When the draft was made is the authority's working record: the end of its period stands in.
        record["created_at"] = timezone.make_aware(dt.datetime.combine(record["period_end"], dt.time()))

    return fix


TABLES: tuple[Table, ...] = (
    Table("disclosure.catalogtemplate", CatalogTemplate, lambda: CatalogTemplate.objects.all()),
    Table("disclosure.templatecolumn", TemplateColumn, lambda: TemplateColumn.objects.all()),
    Table("disclosure.classification", Classification, lambda: Classification.objects.all()),
    Table("orgs.organization", Organization, lambda: Organization.objects.all()),
    Table("disclosure.catalogcolumn", CatalogColumn, lambda: CatalogColumn.objects.all()),
    Table(
        "disclosure.item",
        Item,
        _public_items,
        blank={
            "author_id": None,
            "submitted_at": None,
            "return_reason": "",
            "signoff_position": 0,
            "workdays_to_publish": None,
            "withdrawn_reason": "",
            "exemption_explanation": "",
        },
        user_fields=("author_id",),
        heavy=("body", "body_text"),
    ),
    Table("disclosure.item_also_in", AlsoIn, lambda: AlsoIn.objects.filter(item__in=_public_item_ids())),
    Table(
        "disclosure.itemlink",
        ItemLink,
        lambda: ItemLink.objects.filter(source__in=_public_item_ids(), target__in=_public_item_ids()),
    ),
    Table(
        "disclosure.attachment",
        Attachment,
        lambda: Attachment.objects.filter(item__in=_public_item_ids()),
        files=("file",),
    ),
    Table(
        "workdays.holidaynotice",
        HolidayNotice,
        lambda: HolidayNotice.objects.all(),
        blank={"entered_by_id": None},
    ),
    Table("workdays.calendaroverride", CalendarOverride, lambda: CalendarOverride.objects.all()),
    # 意见征集
    Table(
        "opinions.consultation",
        Consultation,
        lambda: public_consultations(),
        blank={
            "drafter_id": None,
            "submitted_at": None,
            "review_round": 0,
            "reviewed_by_id": None,
            "reviewed_at": None,
            "review_opinion": "",
            "return_reason": "",
            "signed_by_id": None,
            "summary_by_id": None,
        },
        user_fields=("drafter_id",),
        prepare=_prepare_consultation,
    ),
    Table(
        "opinions.consultationattachment",
        ConsultationAttachment,
        lambda: ConsultationAttachment.objects.filter(consultation__in=_public_consultation_ids()),
        files=("file",),
    ),
    Table(
        "opinions.theme",
        Theme,
        lambda: answered_themes(),
        blank={"answered_by_id": None},
    ),
    Table(
        "opinions.comment",
        Comment,
        lambda: published_comments(),
        blank={
            "name": "",
            "phone": "",
            "email": "",
            "flags": [],
            "moderation_note": "",
            "moderated_by_id": None,
            "moderated_at": None,
            "answered_by_id": None,
        },
        prepare=_prepare_comment,
        local=local_comments,
    ),
    # 互动: the kinds (configuration), the published copies.
    Table("interaction.messagekind", MessageKind, lambda: MessageKind.objects.all()),
    Table(
        "interaction.message",
        Message,
        lambda: published_messages(),
        blank={
            "code_hash": "",
            "idempotency_key": "",
            "subject": "",
            "text": "",
            "writer_name": "",
            "writer_phone": "",
            "writer_email": "",
            "assignee_id": None,
            "assigned_at": None,
            "answer": "",
            "answered_by_id": None,
            "closed_at": None,
            "close_reason": "",
        },
        local=local_messages,
    ),
    # 年报 as published (their files are rendered from the row and its frozen figures).
    Table(
        "reports.annualreport",
        AnnualReport,
        lambda: published_reports(),
        blank={
            "submitted_at": None,
            "submitted_by_id": None,
            "review_comment": "",
            "reviewed_at": None,
            "reviewed_by_id": None,
        },
    ),
    # 监督考核: the methodology page's schemes with their criteria, the rounds the pages name (title,
    # authority, period, scheme), who took part in a round whose results are published, the 通报
    # published on the portal and the 通报批评 behind them — nothing of the round's working data.
    Table(
        "assessment.scheme",
        Scheme,
        lambda: public_schemes(),
        blank={"created_by_id": None, "supersedes_id": None},
    ),
    Table("assessment.criterion", Criterion, lambda: public_criteria()),
    Table(
        "assessment.round",
        Round,
        lambda: public_rounds(),
        blank={
            "self_assessment_due": None,
            "objection_days": 0,
            "objection_due": None,
            "created_by_id": None,
            "opened_at": None,
            "finalized_at": None,
        },
        prepare=_prepare_round,
    ),
    Table(
        "assessment.roundbody",
        RoundBody,
        lambda: results_participations().filter(round__in=_public_round_ids()),
        blank={
            "peer_group": "",
            "state": RoundBodyState.PENDING.value,
            "indicators": {},
            "indicators_at": None,
            "summary": "",
            "self_total": None,
            "raw_total": None,
            "total": None,
            "vetoes": [],
            "grade": "",
            "rank": None,
            "rank_tied": False,
            "band": "",
            "submitted_at": None,
            "submitted_by_id": None,
            "scored_at": None,
            "scored_by_id": None,
        },
    ),
    Table(
        "assessment.bulletin",
        Bulletin,
        lambda: published_bulletins(),
        blank={"created_by_id": None, "published_by_id": None},
        user_fields=("created_by_id",),
        prepare=_prepare_bulletin,
    ),
    Table(
        "assessment.criticism",
        Criticism,
        lambda: public_criticisms(),
        blank={
            "overruns": [],
            "text": "",
            "decision_reason": "",
            "decided_at": None,
            "decided_by_id": None,
        },
        prepare=_prepare_criticism,
    ),
    # How the cases filed on a portal host stand (number, code hash, state, dates: statuses.py).
    Table(
        "portalsync.casestatus",
        CaseStatus,
        lambda: CaseStatus.objects.none(),
        records=status_records,
    ),
)

BY_LABEL = {t.label: t for t in TABLES}
