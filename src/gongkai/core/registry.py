"""The one registry the apps fill from their ``AppConfig.ready()``.

Adding an app to Gongkai takes its own folder plus one line in ``INSTALLED_APPS``: the app's
``ready()`` registers what it brings, and the shell (back office layout, the inbox, the scheduled
round, the audit history, the demo generator) reads it from here. Nothing in ``core`` imports a
domain, and no domain imports another to make itself known.

What an app may register:

- **staff sections** (:class:`StaffSection`): a menu entry of the back office, the URL patterns
  mounted under ``/staff/`` (in the ``backoffice`` namespace), and who sees the entry;
- **inbox contributions** (:class:`InboxContribution`): the app's part of "我的工作", the work
  waiting for one person;
- **round jobs** (:class:`RoundJob`): what the scheduled round does (``gongkai round``; ``gongkai
  serve`` runs it every hour);
- **audit action labels**: how the history shows the audit actions the app records;
- **audit data labels**: how the history names the keys of those events' data (``self_total`` →
  自评总分) and the codes some keys hold (``outcome``: ``upheld`` → 采纳), for the actions whose names
  begin with a prefix the app gives (``assessment.``);
- **demo builders** (:class:`DemoBuilder`): the app's part of the demo region;
- **report paragraphs** (:class:`ReportParagraph`): text a higher app offers for a section of a
  body's annual report (e.g. the assessment results of 第五十条 for section 六), which ``reports``
  (below it in the layers) cannot compute itself.

Registering again under the same key replaces the entry: ``ready()`` runs again whenever the
installed apps change (tests that install an app), and must not fail then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "DemoBuilder",
    "InboxContribution",
    "InboxEntry",
    "ReportParagraph",
    "RoundJob",
    "StaffSection",
    "audit_data_label",
    "audit_data_value",
    "audit_label",
    "audit_labels",
    "demo_builders",
    "inbox_contributions",
    "register_audit_data_labels",
    "register_audit_labels",
    "register_demo_builder",
    "register_inbox",
    "register_report_paragraph",
    "register_round_job",
    "register_staff_section",
    "report_paragraphs",
    "round_jobs",
    "staff_sections",
    "staff_url_modules",
]


def _everyone(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class StaffSection:
    """One entry of the back office's menu, and the routes it brings.

    ``url_name`` is where the menu entry leads (a name in the ``backoffice`` namespace, without the
    namespace). ``urls`` is the dotted path of a module whose ``urlpatterns`` are mounted under
    ``/staff/`` in that namespace (several sections of one app may share a module). ``visible``
    says whether a person sees the entry: it must be true only for people the target page serves,
    so that no menu entry leads to a 403. ``badge`` is an optional count shown beside the entry,
    ``badge_label`` what it counts (read by screen readers, e.g. "条未读").
    """

    key: str
    label: StrOrPromise
    url_name: str
    urls: str | None = None
    order: int = 100
    visible: Callable[[Any], bool] = _everyone
    badge: Callable[[Any], int] | None = None
    badge_label: StrOrPromise = ""


@dataclass(frozen=True)
class InboxEntry:
    """One line of "我的工作": what waits, how many, and the screen that acts on it.

    ``count`` is the number of things behind ``url`` (the list the link opens shows exactly
    these). ``urgent`` marks what is overdue or about to be. ``rows`` are up to a few of the things
    themselves, as (label, url, note) triples, for the inbox to show directly.
    """

    key: str
    label: StrOrPromise
    count: int
    url: str
    urgent: bool = False
    rows: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class InboxContribution:
    """An app's part of "我的工作": ``entries(user, today)`` lists what waits for ``user``."""

    key: str
    title: str
    entries: Callable[[Any, dt.date], Iterable[InboxEntry]]
    order: int = 100


@dataclass(frozen=True)
class RoundJob:
    """One job of the scheduled round. ``run(today)`` must be safe to repeat on the same day and
    returns counts of what it did (shown by ``gongkai round``)."""

    key: str
    label: str
    run: Callable[[dt.date], Mapping[str, int]]
    order: int = 100
    #: How ``gongkai round`` names each count (a count without a label is shown by its key), and
    #: the unit it counts in ("件").
    count_labels: Mapping[str, str] = field(default_factory=dict, compare=False)
    count_unit: str = ""


@dataclass(frozen=True)
class DemoBuilder:
    """An app's part of the demo region. ``build(context)`` runs after the builders of lower
    ``order``; ``context`` is the demo generator's (seed, size, the region's bodies, echo)."""

    key: str
    label: str
    build: Callable[[Any], None]
    order: int = 100


@dataclass(frozen=True)
class ReportParagraph:
    """Text offered to the editor of a body's annual report for one of its sections.
    ``paragraph(org, year)`` gives the text for ``org``'s report of ``year``, or ``""`` when there is
    nothing to say (the editor then offers nothing)."""

    key: str
    label: StrOrPromise
    section: str
    paragraph: Callable[[Any, int], str]
    order: int = 100


@dataclass
class _Registry:
    sections: dict[str, StaffSection] = field(default_factory=dict)
    inbox: dict[str, InboxContribution] = field(default_factory=dict)
    jobs: dict[str, RoundJob] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    demo: dict[str, DemoBuilder] = field(default_factory=dict)
    paragraphs: dict[str, ReportParagraph] = field(default_factory=dict)
    #: action prefix → data key → label
    data_labels: dict[str, dict[str, StrOrPromise]] = field(default_factory=dict)
    #: action prefix → data key → code → label
    data_values: dict[str, dict[str, Mapping[str, StrOrPromise]]] = field(default_factory=dict)


_registry = _Registry()


def _put(table: dict[str, Any], key: str, value: Any, what: str) -> None:
    if not key:
        raise ValueError(f"a {what} needs a key")
    table[key] = value


def register_staff_section(section: StaffSection) -> StaffSection:
    _put(_registry.sections, section.key, section, "staff section")
    return section


def register_inbox(contribution: InboxContribution) -> InboxContribution:
    _put(_registry.inbox, contribution.key, contribution, "inbox contribution")
    return contribution


def register_round_job(job: RoundJob) -> RoundJob:
    _put(_registry.jobs, job.key, job, "round job")
    return job


def register_audit_labels(labels: Mapping[str, str]) -> None:
    for action, label in labels.items():
        _put(_registry.labels, action, label, "audit action")


def register_audit_data_labels(
    prefix: str,
    labels: Mapping[str, StrOrPromise],
    values: Mapping[str, Mapping[str, StrOrPromise]] | None = None,
) -> None:
    """Label the data keys of the audit events whose action begins with ``prefix`` (e.g.
    ``"assessment."``), and (``values``) the codes a key holds; the labels are lazy translations,
    shown in the reader's language."""
    table = _registry.data_labels.setdefault(prefix, {})
    for key, label in labels.items():
        _put(table, key, label, "audit data key")
    codes = _registry.data_values.setdefault(prefix, {})
    for key, by_code in (values or {}).items():
        _put(codes, key, dict(by_code), "audit data key")


def register_demo_builder(builder: DemoBuilder) -> DemoBuilder:
    _put(_registry.demo, builder.key, builder, "demo builder")
    return builder


def register_report_paragraph(paragraph: ReportParagraph) -> ReportParagraph:
    _put(_registry.paragraphs, paragraph.key, paragraph, "report paragraph")
    return paragraph


@contextmanager
def isolated() -> Iterator[None]:
    """Restore the registry as it was on leaving (tests that install a throw-away app)."""
    global _registry
    saved = _registry
    _registry = _Registry(
        dict(saved.sections),
        dict(saved.inbox),
        dict(saved.jobs),
        dict(saved.labels),
        dict(saved.demo),
        dict(saved.paragraphs),
        {prefix: dict(table) for prefix, table in saved.data_labels.items()},
        {prefix: dict(table) for prefix, table in saved.data_values.items()},
    )
    try:
        yield
    finally:
        _registry = saved


def _ordered(values: Iterable[Any]) -> list[Any]:
    return sorted(values, key=lambda v: (v.order, v.key))


def staff_sections() -> list[StaffSection]:
    return _ordered(_registry.sections.values())


def staff_url_modules() -> list[str]:
    """The URL modules of the staff sections, each once, in menu order."""
    return list(dict.fromkeys(s.urls for s in staff_sections() if s.urls))


def inbox_contributions() -> list[InboxContribution]:
    return _ordered(_registry.inbox.values())


def round_jobs() -> list[RoundJob]:
    return _ordered(_registry.jobs.values())


def demo_builders() -> list[DemoBuilder]:
    return _ordered(_registry.demo.values())


def report_paragraphs(org: Any, year: int, section: str) -> list[tuple[StrOrPromise, str]]:
    """(label, text) of every registered paragraph with something to say for ``section`` of
    ``org``'s annual report of ``year``, in order."""
    found = []
    for entry in _ordered(_registry.paragraphs.values()):
        if entry.section == section:
            text = entry.paragraph(org, year)
            if text:
                found.append((entry.label, text))
    return found


def audit_labels() -> dict[str, str]:
    return dict(_registry.labels)


def audit_label(action: str) -> str:
    """How the history shows ``action``; the action itself when no app labelled it."""
    return _registry.labels.get(action, action)


def audit_data_label(action: str, key: str) -> str:
    """How the history names the data key ``key`` of an event of ``action``: the label of the longest
    registered prefix of ``action`` that labels it; the key itself when none does."""
    for prefix in sorted(_registry.data_labels, key=len, reverse=True):
        if action.startswith(prefix) and key in _registry.data_labels[prefix]:
            return str(_registry.data_labels[prefix][key])
    return key


def audit_data_value(action: str, key: str, value: str) -> str:
    """How the history shows the code ``value`` of the data key ``key`` of an event of ``action``
    (an objection's ``upheld`` → 采纳); the value itself when no app labels it."""
    for prefix in sorted(_registry.data_values, key=len, reverse=True):
        labels = _registry.data_values[prefix].get(key) if action.startswith(prefix) else None
        if labels and value in labels:
            return str(labels[value])
    return value
