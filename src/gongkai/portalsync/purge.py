"""Portal host: which cached pages and published files a change set drops, table by table.

A change set (``forward.apply_public``) purges, for each table it changes, the tags the staff side
purges for the same change (``core.public_deps``: the rules are written once, there): a body's
pages by ``organization_changed``, its catalog's by ``catalog_changed``, a consultation and its
public children (files, answered themes, published comments) by ``consultation_changed`` (with the
page of its final document, which names it), a message by ``message_changed``, an annual report by
``annual_report_changed``, the item's links, 同时列入 and attachments by the items' own rule
(``core.public_changes.item_tags``). The items themselves are purged by ``forward`` (their pages
are read before a withdrawal deletes them).

Each rule reads the facts of the rows it is given (the body a row is in) twice: before the batch is
written, for the rows it deletes or updates (the pages a row was on), and after, for the rows it
inserts or updates (the pages it is on now); a row that moves from one body to another purges
both. A withdrawal arrives as a deletion, so every page that showed the row is dropped as the
import commits, like the staff side's own withdrawal.

Some tables purge nothing: 监督考核 (schemes, criteria, rounds, participations, 通报, 通报批评) is
read only by pages that are not cached (``assessment.public``: no ``public_page``, no published
file), and the status projection (``portalsync.casestatus``) only by the private look-ups. The
ratings (社会评议) do not travel to the portal host, and no public page shows their figures.

**What still moves the global public version** (drops every page and published file):

* a snapshot (it replaces everything);
* a body deleted, moved (``parent``, its tree ``path``), switched on or off, or given another
  ``slug`` (the staff side does the same: ``orgs.services.update_organization``);
* the catalog templates, their columns and the class lists (主题、体裁、服务对象分类): shipped
  configuration read by the kiosk, the search forms and the item pages, with no rule on the staff
  side either;
* the message kinds (留言类别: their names are on every message page and list);
* the working-day calendar (holiday notices, overrides): a global change by definition
  (``core.public_deps``);
* a table this module does not know (a new one is global until its rule is written here);
* more than ``core.public_changes.ITEMS_FOR_GLOBAL`` changed rows of these tables in one batch
  (cheaper than one tag per row, as for items).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from gongkai.core import public_changes, public_deps
from gongkai.disclosure.models import CatalogColumn
from gongkai.portalsync.tables import BY_LABEL

#: A table's facts: for each row's key, the values the rule reads (``Rule.columns``).
Facts = dict[int, tuple[Any, ...]]
#: The tags of a table's change from its rows' facts before and after the batch; None: everything.
TagsOf = Callable[[Facts, Facts], "frozenset[str] | None"]

ITEM_TABLE = "disclosure.item"
READ_CHUNK = 500


@dataclass(frozen=True)
class Rule:
    #: What is read of each changed row (``values_list`` names, after the key).
    columns: tuple[str, ...]
    tags: TagsOf


def _each(of_row: Callable[[int, tuple[Any, ...]], Iterable[str]]) -> TagsOf:
    """The union of one row's tags, over the rows as they were and as they are."""

    def tags(before: Facts, after: Facts) -> frozenset[str]:
        out: set[str] = set()
        for facts in (before, after):
            for pk, values in facts.items():
                out |= set(of_row(pk, values))
        return frozenset(out)

    return tags


def _nothing(_before: Facts, _after: Facts) -> frozenset[str]:
    return frozenset()


#: Of a body, what changes more than its own pages (``orgs.services.update_organization``).
_BODY_TREE = ("parent_id", "path", "is_active", "slug")


def _organizations(before: Facts, after: Facts) -> frozenset[str] | None:
    tags: set[str] = set()
    for pk in before.keys() | after.keys():
        now = after.get(pk)
        if now is None or (pk in before and before[pk] != now):
            return None  # deleted, moved, switched on or off, renamed in its URL: every page may differ
        tags |= public_deps.organization_changed(pk, now[0])
    return frozenset(tags)


def _columns(before: Facts, after: Facts) -> frozenset[str]:
    """``disclosure.page_facts.catalog_changed`` for each body whose catalog changed: every column of
    it (as the batch leaves it, and those the batch deleted)."""
    ids: dict[int, set[int]] = {}
    for facts in (before, after):
        for pk, (org_id,) in facts.items():
            ids.setdefault(org_id, set()).add(pk)
    catalog = CatalogColumn.objects.filter(organization_id__in=ids)
    for pk, org_id in catalog.values_list("pk", "organization_id"):
        ids[org_id].add(pk)
    tags: set[str] = set()
    for org_id, columns in ids.items():
        tags |= public_deps.catalog_changed(org_id, columns)
    return frozenset(tags)


def _consultation(_pk: int, values: tuple[Any, ...]) -> set[str]:
    """``opinions.services._public_changed``; its final document's page names it (``consultation_note``)."""
    org_id, final_item_id = values
    return set(public_deps.consultation_changed(org_id, (final_item_id,)))


def _of_consultation(_pk: int, values: tuple[Any, ...]) -> frozenset[str]:
    return public_deps.consultation_changed(values[0])


def _items(before: Facts, after: Facts) -> frozenset[str] | None:
    """A link, a 同时列入 or an attachment: its items' rule (``disclosure.services.workflow.link_items``)."""
    ids = sorted({pk for facts in (before, after) for values in facts.values() for pk in values if pk})
    if not ids:
        return frozenset()
    tags = public_changes.item_tags(ids)
    return None if tags is None else tags | {public_deps.item(pk) for pk in ids}


#: Table label → its rule; a table missing here (or mapped to None) moves the global version.
RULES: Mapping[str, Rule | None] = {
    "disclosure.catalogtemplate": None,
    "disclosure.templatecolumn": None,
    "disclosure.classification": None,
    "orgs.organization": Rule(_BODY_TREE, _organizations),
    "disclosure.catalogcolumn": Rule(("organization_id",), _columns),
    ITEM_TABLE: Rule((), _nothing),  # forward.apply_public: public_content_changed
    "disclosure.item_also_in": Rule(("item_id",), _items),
    "disclosure.itemlink": Rule(("source_id", "target_id"), _items),
    "disclosure.attachment": Rule(("item_id",), _items),
    "workdays.holidaynotice": None,
    "workdays.calendaroverride": None,
    "opinions.consultation": Rule(("organization_id", "final_item_id"), _each(_consultation)),
    "opinions.consultationattachment": Rule(("consultation__organization_id",), _each(_of_consultation)),
    "opinions.theme": Rule(("consultation__organization_id",), _each(_of_consultation)),
    "opinions.comment": Rule(("consultation__organization_id",), _each(_of_consultation)),
    "interaction.messagekind": None,
    "interaction.message": Rule(
        ("organization_id",), _each(lambda pk, values: public_deps.message_changed(pk, values[0]))
    ),
    "reports.annualreport": Rule(
        ("organization_id",), _each(lambda _pk, values: public_deps.annual_report_changed(values[0]))
    ),
    "assessment.scheme": Rule((), _nothing),
    "assessment.criterion": Rule((), _nothing),
    "assessment.round": Rule((), _nothing),
    "assessment.roundbody": Rule((), _nothing),
    "assessment.bulletin": Rule((), _nothing),
    "assessment.criticism": Rule((), _nothing),
    "portalsync.casestatus": Rule((), _nothing),
}


@dataclass
class Before:
    """What the batch's changed rows showed before it was written (or: purge everything)."""

    everything: bool = False
    facts: dict[str, Facts] = field(default_factory=dict)


def _read(label: str, pks: Iterable[int]) -> Facts:
    rule = RULES[label]
    assert rule is not None
    keys = sorted(set(pks))
    if not rule.columns:
        return dict.fromkeys(keys, ())
    facts: Facts = {}
    qs = BY_LABEL[label].synced()  # the intake written on this host is on no public page
    for start in range(0, len(keys), READ_CHUNK):
        rows = qs.filter(pk__in=keys[start : start + READ_CHUNK]).values_list("pk", *rule.columns)
        for pk, *values in rows:
            facts[pk] = tuple(values)
    return facts


def _upserted(label: str, ups: Mapping[str, list[dict[str, Any]]]) -> list[int]:
    pk_name = BY_LABEL[label].model._meta.pk.attname
    return [int(record[pk_name]) for record in ups.get(label, [])]


def read_before(kind: str, ups: Mapping[str, list[dict[str, Any]]], dels: Mapping[str, list[int]]) -> Before:
    """Before the batch is written (inside its transaction): the facts of the rows it will delete or
    update. A snapshot, a table without a rule or too many rows: everything will be purged."""
    labels = (set(ups) | set(dels)) - {ITEM_TABLE}
    rows = sum(len(ups.get(label, [])) + len(dels.get(label, [])) for label in labels)
    unmapped = any(RULES.get(label) is None for label in labels)
    if kind == "snapshot" or unmapped or rows > public_changes.ITEMS_FOR_GLOBAL:
        return Before(everything=True)
    facts = {label: _read(label, [*dels.get(label, []), *_upserted(label, ups)]) for label in labels}
    return Before(facts=facts)


def tags_after(before: Before, ups: Mapping[str, list[dict[str, Any]]]) -> frozenset[str] | None:
    """After the batch is written: the tags of every table it changed (None: everything)."""
    if before.everything:
        return None
    tags: set[str] = set()
    for label, was in before.facts.items():
        rule = RULES[label]
        assert rule is not None
        found = rule.tags(was, _read(label, _upserted(label, ups)))
        if found is None:
            return None
        tags |= found
    return frozenset(tags)


def pages_changed(before: Before, ups: Mapping[str, list[dict[str, Any]]]) -> None:
    """Inside the batch's transaction, once it is written: purge the tags of what it changed (or
    move the global version) when it commits."""
    tags = tags_after(before, ups)
    if tags is None:
        transaction.on_commit(public_changes.bump_public_version)
    elif tags:
        public_changes.public_pages_changed(tags)
