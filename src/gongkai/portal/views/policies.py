"""政策解读 and 政府信息公开制度: public pages (routes in ``urlpatterns``, mounted by ``portal/urls.py``).

政策解读 (issue 11 point 4): interpretations are items with an outgoing link of kind
``LinkKind.INTERPRETS`` (``disclosure.ItemLink``), the same links an item page shows both ways.
The section lists them two ways — each interpretation with the policies it explains, and each
policy with its interpretations — region-wide and per body. Both ends are read through
``Item.objects.public()``: a hidden interpretation is never listed, an interpretation of a policy
no longer public (withdrawn, expired…) is listed without that policy, and a policy is listed only
when at least one of its interpretations is public.

政府信息公开制度: a body's openness rules, generated from its current data like the guide (never
stored): its sign-off chain (发布审核制度), the secrecy review (保密审查制度, 《条例》第十七条),
the request rules and deadlines (依申请公开工作制度, 第三十条—第三十三条), the 不予公开备案 and
the annual report (第四十九条, 第五十条), plus the items it published in its columns named …制度.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from gongkai.core.conf import conf
from gongkai.disclosure import public
from gongkai.disclosure.models import CatalogColumn, Item, ItemLink, LinkKind
from gongkai.foi import clock as foi_clock
from gongkai.orgs.models import ITEM_WORKFLOW, Organization, SignOffStep
from gongkai.portal import selectors
from gongkai.portal.cache import public_page

#: Interpretations (or policies) per page of the 政策解读 section.
PAGE_SIZE = 20
#: The two views of the section: ``?by=interpretation`` (default) and ``?by=policy``.
VIEWS = ("interpretation", "policy")
#: Most items of the body's 制度 columns shown on its rules page (the column page has them all).
RULE_ITEMS_SHOWN = 20


# --- reads ---------------------------------------------------------------------------------------


def interpretations(body: Organization | None = None) -> QuerySet[Item]:
    """Public items that interpret some item (whether that item is public or not), newest first."""
    links = ItemLink.objects.filter(source=OuterRef("pk"), kind=LinkKind.INTERPRETS)
    qs = public.public_items().filter(Exists(links))
    if body is not None:
        qs = qs.filter(organization=body)
    return qs.order_by("-published_at", "-id").only(*selectors.LISTING_FIELDS).select_related("organization")


def interpreted_policies(body: Organization | None = None) -> QuerySet[Item]:
    """Public items with at least one public interpretation, newest first."""
    public_source = public.public_items().filter(pk=OuterRef("source_id"))
    links = ItemLink.objects.filter(target=OuterRef("pk"), kind=LinkKind.INTERPRETS).filter(
        Exists(public_source)
    )
    qs = public.public_items().filter(Exists(links))
    if body is not None:
        qs = qs.filter(organization=body)
    return qs.order_by("-published_at", "-id").only(*selectors.LISTING_FIELDS).select_related("organization")


@dataclass
class Row:
    """One entry of the section: an item and the public items at the other end of its links."""

    item: Item
    linked: list[Item] = field(default_factory=list)


def with_linked(items: list[Item], *, by: str) -> list[Row]:
    """Each item with its public counterparts: the policies an interpretation explains
    (``by="interpretation"``) or the interpretations of a policy (``by="policy"``). Two queries
    for the whole page: the links, then the public items at their other ends."""
    ids = [i.pk for i in items]
    links = ItemLink.objects.filter(kind=LinkKind.INTERPRETS)
    if by == "interpretation":
        pairs = list(links.filter(source_id__in=ids).values_list("source_id", "target_id"))
    else:
        pairs = [(t, s) for s, t in links.filter(target_id__in=ids).values_list("source_id", "target_id")]
    others = {
        o.pk: o
        for o in public.public_items()
        .filter(pk__in={other for _, other in pairs})
        .only(*selectors.LISTING_FIELDS)
        .select_related("organization")
        .order_by("-published_at", "-id")
    }
    rank = {pk: n for n, pk in enumerate(others)}
    by_item: dict[int, list[Item]] = {pk: [] for pk in ids}
    for own, other in pairs:
        if other in others:
            by_item[own].append(others[other])
    for linked in by_item.values():
        linked.sort(key=lambda o: rank[o.pk])
    return [Row(i, by_item[i.pk]) for i in items]


# --- 政策解读 ------------------------------------------------------------------------------------


def _section(request: HttpRequest, body: Organization | None) -> HttpResponse:
    by = request.GET.get("by", VIEWS[0])
    if by not in VIEWS:
        by = VIEWS[0]
    qs = interpretations(body) if by == "interpretation" else interpreted_policies(body)
    paginator = selectors.CappedPaginator(qs, PAGE_SIZE, cap=selectors.LISTING_CAP)
    page_obj = paginator.get_page(request.GET.get("page"))
    crumbs: list[tuple[str, str | None]] = [(_("首页"), reverse("portal:home"))]
    if body is not None:
        crumbs.append((body.name, reverse("portal:body", args=[body.slug])))
    crumbs.append((_("政策解读"), None))
    return render(
        request,
        "portal/policies/interpretations.html",
        {
            "body": body,
            "by": by,
            "page_obj": page_obj,
            "rows": with_linked(list(page_obj.object_list), by=by),
            "crumbs": crumbs,
            "nav_section": "interpretations",
        },
    )


def region_interpretations(request: HttpRequest) -> HttpResponse:
    """政策解读 of the whole region."""
    return _section(request, None)


def body_interpretations(request: HttpRequest, slug: str) -> HttpResponse:
    """政策解读 issued by one body (interpretations, or policies, of that body)."""
    return _section(request, selectors.get_public_body(slug))


# --- 政府信息公开制度 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainStep:
    title: str
    condition: str
    designated: bool


def signoff_chain(body: Organization) -> list[ChainStep]:
    """The body's sign-off chain of its items as configured (``orgs.signoff``: none configured is
    one 签发 step by any 签发人 of the body). Who the designated signers are is not shown."""
    steps = [
        ChainStep(s.title, s.get_condition_display(), s.has_signers)  # type: ignore[attr-defined]
        for s in SignOffStep.objects.filter(organization=body, workflow=ITEM_WORKFLOW)
        .annotate(
            has_signers=Exists(SignOffStep.signers.through.objects.filter(signoffstep_id=OuterRef("pk")))
        )
        .order_by("position")
    ]
    return steps or [ChainStep(_("签发"), _("所有信息"), False)]


def rule_columns(body: Organization) -> list[CatalogColumn]:
    """The body's visible columns whose name contains 制度 (e.g. 政府信息公开制度, 规章制度)."""
    tree = selectors.column_tree(body, with_counts=False)
    return [n.column for n in tree.by_id.values() if "制度" in n.column.name]


def body_rules(request: HttpRequest, slug: str) -> HttpResponse:
    """A body's 政府信息公开制度, generated from its current data."""
    body = selectors.get_public_body(slug)
    columns = rule_columns(body)
    rule_items: list[Item] = []
    if columns:
        tree = selectors.column_tree(body, with_counts=False)
        ids = [i for c in columns for i in tree.descendant_ids(c.pk)]
        rule_items = list(selectors.listing(body=body, column_ids=ids)[:RULE_ITEMS_SHOWN])
    authority = body.competent_authority()
    fees: dict[str, Any] = conf().get("REQUEST_FEES", {})
    return render(
        request,
        "portal/policies/rules.html",
        {
            "body": body,
            "chain": signoff_chain(body),
            "authority": authority,
            "rule_columns": columns,
            "rule_items": rule_items,
            "answer_days": foi_clock.ANSWER_WORKDAYS,
            "extension_days": foi_clock.MAX_EXTENSION_WORKDAYS,
            "correction_days": foi_clock.CORRECTION_ASK_WORKDAYS,
            "consultation_days": foi_clock.CONSULTATION_WORKDAYS,
            "publication_days": conf().get("PUBLICATION_LIMIT_WORKDAYS", 20),
            "fees_enabled": bool(fees.get("ENABLED")),
            "crumbs": [
                (_("首页"), reverse("portal:home")),
                (body.name, reverse("portal:body", args=[body.slug])),
                (_("政府信息公开制度"), None),
            ],
            "nav_section": "catalog",
        },
    )


urlpatterns = [
    path("interpretations/", public_page(region_interpretations), name="interpretations"),
    path("<slug:slug>/interpretations/", public_page(body_interpretations), name="body_interpretations"),
    path("<slug:slug>/rules/", public_page(body_rules), name="body_rules"),
]
