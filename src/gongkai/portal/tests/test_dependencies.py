"""Invalidation by what changed (core.public_deps): each kind of change purges exactly its tags; the
pages and published files it does not touch survive; one render per missing page; the hot pages
are rendered again right after the change; a withdrawal or a correction leaves no trace on any
warm page or published file."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.core import public_deps, tag_versions
from gongkai.core.public_changes import public_version
from gongkai.core.public_deps import ItemFacts
from gongkai.core.tests.test_ratelimit_shared import redis_url  # noqa: F401 - the fixture
from gongkai.disclosure.models import CatalogColumn, ItemLink, LinkKind
from gongkai.disclosure.services import catalog_admin, workflow
from gongkai.orgs import services as org_services
from gongkai.portal import cache as page_cache
from gongkai.portal import page_tags
from gongkai.portal.tests.leaksweep import strip_echo

pytestmark = pytest.mark.django_db


#: Whether each purge recorded by ``purges`` took something from the public.
removals: list[bool] = []


@pytest.fixture
def purges(monkeypatch: pytest.MonkeyPatch) -> list[frozenset[str]]:
    """Every set of tags purged, in order (and in ``removals``, whether it removed anything)."""
    removals.clear()
    seen: list[frozenset[str]] = []
    real = tag_versions.purge

    def record(tags: Any, *, removal: bool = True) -> None:
        seen.append(frozenset(tags))
        removals.append(removal)
        real(tags, removal=removal)

    monkeypatch.setattr(tag_versions, "purge", record)
    return seen


@pytest.fixture
def publishing(settings: Any) -> Path:
    settings.GONGKAI = {**settings.GONGKAI, "PUBLISH_PAGES": True}
    return Path(settings.GONGKAI["PUBLISH_DIR"])


def published(root: Path, url: str) -> Path:
    return root / "current" / "testserver" / url.strip("/") / "index.html"


# --- the rules ---------------------------------------------------------------------------------


def test_every_cached_route_has_a_rule():
    """A cached route without a rule would be dropped by every change (safe, but slow): write its
    rule in core.public_deps.PAGE_RULES."""

    def walk(patterns: list[Any]) -> set[str]:
        names = set()
        for p in patterns:
            if isinstance(p, URLResolver):
                names |= walk(p.url_patterns)
            elif isinstance(p, URLPattern) and getattr(p.callback, "public_page", False) and p.name:
                names.add(p.name)
        return names

    portal = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "portal")
    cached = walk(portal.url_patterns)
    assert cached, "no cached route found"
    assert cached - set(public_deps.PAGE_RULES) == set()


def test_an_item_page_reads_its_body_and_links_in_one_statement(
    region, make_item, clock, django_assert_num_queries
):
    """The facts of an item page's tags: its body, public or not, and the items linked either way."""
    item = make_item(title="关于链接的通知")
    before = make_item(title="被解读的文件", county=True)
    after = make_item(title="解读", state="draft")
    ItemLink.objects.create(source=item, target=before, kind=LinkKind.INTERPRETS)
    ItemLink.objects.create(source=after, target=item, kind=LinkKind.INTERPRETS)
    with django_assert_num_queries(1):
        facts = page_tags.facts_for("item", {"pk": item.pk})
    assert (facts.item_id, facts.org_id, facts.linked_ids) == (
        item.pk,
        item.organization_id,
        {before.pk, after.pk},
    )
    assert page_tags.facts_for("kiosk_item", {"pk": after.pk}).org_id == after.organization_id
    gone = page_tags.facts_for("item", {"pk": after.pk + 1000})
    assert (gone.org_id, gone.linked_ids) == (None, frozenset())


# --- each kind of change, through its service --------------------------------------------------


def column_ids(column: CatalogColumn) -> frozenset[int]:
    ids = set()
    at: CatalogColumn | None = column
    while at is not None:
        ids.add(at.pk)
        at = at.parent
    return frozenset(ids)


@pytest.mark.parametrize("change", ["publish", "correct", "withdraw"])
def test_item_changes_purge_exactly_the_item_tags(
    change, region, make_item, purges, django_capture_on_commit_callbacks
):
    if change == "publish":
        with django_capture_on_commit_callbacks(execute=True):
            item = make_item(title="关于发布的通知")
    else:
        item = make_item(title="关于更正和撤回的通知")
        purges.clear()
        with django_capture_on_commit_callbacks(execute=True):
            if change == "correct":
                workflow.correct_item(
                    actor=region.signer, item=item, fields={"title": "新标题的通知"}, note="更正标题"
                )
            else:
                workflow.withdraw_item(actor=region.signer, item=item, reason="内容有误")
    expected = public_deps.item_changed(
        [ItemFacts(pk=item.pk, org_id=item.organization_id, column_ids=column_ids(item.column))]
    )
    assert purges == [expected]
    assert f"org:{region.county_dept.pk}" not in expected
    # Only a publication lets the old copies be served while the pages are rendered again.
    assert removals == [change != "publish"]


def test_catalog_change_purges_the_body_and_its_columns(region, purges, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        catalog_admin.rename_column(actor=region.admin, column=region.column, name="新栏目名称")
    ids = set(CatalogColumn.objects.filter(organization=region.dept).values_list("pk", flat=True))
    assert purges == [public_deps.catalog_changed(region.dept.pk, ids)]
    assert "home" not in purges[0] and f"org:{region.county_dept.pk}" not in purges[0]


def test_organization_change_purges_what_names_the_body(region, purges, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        org_services.update_contact_details(
            actor=region.admin, organization=region.dept, fields={"phone": "0551-1234567"}
        )
    assert purges == [public_deps.organization_changed(region.dept.pk, region.dept.parent_id)]
    assert f"orgdata:{region.county_dept.pk}" not in purges[0]


# --- warm pages and published files: what survives ---------------------------------------------


def test_unrelated_pages_and_files_survive_a_change(
    client, region, make_item, publishing, django_capture_on_commit_callbacks
):
    mine = make_item(title="将被撤回的通知")
    other = make_item(title="县里的另一条通知", county=True)
    public_version()
    touched = [
        "/",
        f"/items/{mine.pk}/",
        reverse("portal:body", args=["edu"]),
        reverse("portal:column", args=["edu", region.column.code]),
        "/catalog/",
    ]
    untouched = [
        f"/items/{other.pk}/",
        reverse("portal:body", args=["county-finance"]),
        reverse("portal:column", args=["county-finance", region.county_column.code]),
        reverse("portal:body_guide", args=["county-finance"]),
        "/guide/",
    ]
    for url in touched + untouched:
        assert client.get(url).status_code == 200, url
        assert published(publishing, url).exists(), url
    page_cache.RENDERS.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw_item(actor=region.signer, item=mine, reason="内容有误")

    for url in untouched:
        assert published(publishing, url).exists(), url
        assert client.get(url).status_code == 200
    for url in touched:
        assert not published(publishing, url).exists(), url
    assert client.get(f"/items/{mine.pk}/").status_code == 404
    for url in touched[:1] + touched[2:]:
        assert "将被撤回的通知" not in client.get(url).content.decode(), url
    # Only the touched pages were rendered again (the withdrawn item's page is a 404, never stored).
    assert set(page_cache.RENDERS) == set(touched) - {f"/items/{mine.pk}/"}


def test_a_change_during_a_render_never_leaves_a_stale_page(
    client, region, make_item, publishing, monkeypatch
):
    """The versions are read before the data: a purge that lands while the page renders makes the
    stored entry and the written file die at once."""
    from gongkai.portal import selectors

    item = make_item(title="渲染中被撤回的通知")
    public_version()
    url = f"/items/{item.pk}/"
    real = selectors.item_relations

    def purge_meanwhile(*args: Any, **kwargs: Any) -> Any:
        tag_versions.purge([public_deps.item(item.pk)])  # a change committed while the page renders
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "item_relations", purge_meanwhile)
    assert client.get(url).status_code == 200
    assert not published(publishing, url).exists()
    monkeypatch.setattr(selectors, "item_relations", real)
    page_cache.RENDERS.clear()
    client.get(url)
    assert page_cache.RENDERS[url] == 1  # the entry stored during the change was not served
    assert published(publishing, url).exists()


# --- never a leak, with a warm cache and published files ---------------------------------------


def test_withdrawal_and_correction_leave_no_trace_on_warm_pages_and_files(
    client, region, make_item, publishing, index, django_capture_on_commit_callbacks
):
    gone = make_item(title="关于mkwarmgone的通知", body="<p>mkwarmgonebody</p>")
    fixed = make_item(title="关于mkwarmold的通知", body="<p>mkwarmoldbody</p>")
    workflow.link_items(actor=region.editor, source=fixed, target=gone, kind="interprets")
    index()
    public_version()
    code = region.column.code
    urls = [
        "/",
        "/catalog/",
        "/feed/",
        "/interpretations/",
        "/sitemap.xml",
        "/sitemap-items.xml",
        "/edu/",
        "/edu/catalog/",
        "/edu/feed/",
        "/edu/interpretations/",
        f"/edu/catalog/{code}/",
        f"/edu/catalog/{code}/feed/",
        "/kiosk/",
        "/kiosk/bodies/edu/",
        f"/kiosk/bodies/edu/catalog/{code}/",
        *(f"/items/{i.pk}/" for i in (gone, fixed)),
        *(f"/kiosk/items/{i.pk}/" for i in (gone, fixed)),
        *(f"/kiosk/items/{i.pk}/slip/" for i in (gone, fixed)),
    ]
    searches = [
        ("/search/", {"q": "mkwarmgone"}),
        ("/search/", {"q": "mkwarmold"}),
        ("/edu/search/", {"q": "通知"}),
    ]
    before = "\n".join(client.get(u).content.decode() for u in urls)
    before += "\n".join(client.get(u, q).content.decode() for u, q in searches)
    assert "mkwarmgone" in before and "mkwarmold" in before  # the cache is warm with both

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw_item(actor=region.signer, item=gone, reason="内容有误")
        workflow.correct_item(
            actor=region.signer,
            item=fixed,
            fields={"title": "关于mkwarmnew的通知", "body": "<p>mkwarmnewbody</p>"},
            note="更正",
        )
    index()

    after = []
    for u in urls:
        response = client.get(u)
        after.append(response.content.decode() if response.status_code == 200 else "")
    for u, q in searches:
        after.append(strip_echo(client.get(u, q).content.decode(), q))  # not the visitor's own words
    files = [p.read_text() for p in (publishing / "current").rglob("index.html")]
    for text in after + files:
        assert "mkwarmgone" not in text
        assert "mkwarmold" not in text
        assert f"/items/{gone.pk}/" not in text
    assert "mkwarmnew" in "\n".join(after)


# --- one render per missing page ---------------------------------------------------------------


def test_concurrent_requests_for_a_missing_page_wait_for_one_render(region):
    public_version()  # the day's expiry sweep, once, in this thread (it reads the database)
    calls = []
    started = threading.Event()

    def slow_view(request: Any) -> HttpResponse:
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return HttpResponse(f"<p>rendered {len(calls)}</p>")

    view = page_cache.public_page(slow_view)
    factory = RequestFactory()
    bodies: list[bytes] = []

    def visit() -> None:
        bodies.append(view(factory.get("/a-page/")).content)

    threads = [threading.Thread(target=visit) for _ in range(8)]
    threads[0].start()
    started.wait(2)
    for t in threads[1:]:
        t.start()
    for t in threads:
        t.join(10)
    assert len(calls) == 1
    assert bodies == [b"<p>rendered 1</p>"] * 8

    # After a purge of its tags (a page without facts carries "any"), once more: one render.
    tag_versions.purge(["any"])
    threads = [threading.Thread(target=visit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(calls) == 2


# --- the hot pages, right after the change -----------------------------------------------------


def test_hot_pages_are_rendered_again_after_the_change(
    client, region, make_item, settings, django_capture_on_commit_callbacks
):
    settings.GONGKAI = {**settings.GONGKAI, "PREWARM": "inline"}
    site = settings.GONGKAI["SITE_URL"].split("//", 1)[1].rstrip("/")
    public_version()
    page_cache.RENDERS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(title="刚刚发布的通知")
    column_url = reverse("portal:column", args=["edu", region.column.code])
    hot = {"/", "/edu/", column_url, f"/items/{item.pk}/"}
    assert hot <= set(page_cache.RENDERS)
    page_cache.RENDERS.clear()
    for url in hot:  # the first visitor finds them ready
        response = client.get(url, HTTP_HOST=site)
        assert response.status_code == 200
    assert "刚刚发布的通知" in client.get("/", HTTP_HOST=site).content.decode()
    assert not page_cache.RENDERS


def test_after_a_publication_the_old_copy_is_served_while_one_render_runs(region):
    """A publication takes nothing away: while one request renders the page again, the others get
    the old copy at once. After a withdrawal or a correction they wait for the new one."""
    public_version()
    calls = []
    started = threading.Event()

    def slow_view(request: Any) -> HttpResponse:
        calls.append(1)
        started.set()
        time.sleep(0.4)
        return HttpResponse(f"<p>rendered {len(calls)}</p>")

    view = page_cache.public_page(slow_view)
    factory = RequestFactory()
    bodies: list[bytes] = []

    def visit() -> None:
        bodies.append(view(factory.get("/a-list/")).content)

    def burst(n: int) -> float:
        bodies.clear()
        started.clear()
        first = threading.Thread(target=visit)
        first.start()
        started.wait(2)
        began = time.monotonic()
        others = [threading.Thread(target=visit) for _ in range(n - 1)]
        for t in others:
            t.start()
        for t in others:
            t.join(10)
        waited = time.monotonic() - began
        first.join(10)
        return waited

    visit()
    assert bodies == [b"<p>rendered 1</p>"]
    tag_versions.purge(["any"], removal=False)  # a publication
    waited = burst(4)
    assert len(calls) == 2
    assert sorted(bodies) == [b"<p>rendered 1</p>"] * 3 + [b"<p>rendered 2</p>"]
    assert waited < 0.3  # served the old copy without waiting for the render
    tag_versions.purge(["any"])  # a withdrawal: no old copy for anyone
    burst(4)
    assert len(calls) == 3
    assert bodies == [b"<p>rendered 3</p>"] * 4


# --- Redis: the regional deployment's shared store ---------------------------------------------


def test_with_redis_tag_versions_and_the_render_lock_are_shared(settings, redis_url):  # noqa: F811
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    before = tag_versions.current(
        ["item:1", "org:2", tag_versions.hard("item:1"), tag_versions.hard("org:2")]
    )
    tag_versions.purge(["item:1"])  # a withdrawal: both versions move
    tag_versions.purge(["org:2"], removal=False)  # a publication: the second version stays
    after = tag_versions.current(before)
    assert after["item:1"] != before["item:1"] and after["hard:item:1"] != before["hard:item:1"]
    assert after["org:2"] != before["org:2"] and after["hard:org:2"] == before["hard:org:2"]
    # A key Redis evicted comes back with a new version: an old entry never becomes good again.
    cache.delete("gongkai:tag:org:2")
    assert not tag_versions.unchanged({"org:2": after["org:2"]})

    calls = []

    def slow_view(request: Any) -> HttpResponse:
        calls.append(1)
        time.sleep(0.3)
        return HttpResponse("<p>once</p>")

    view = page_cache.public_page(slow_view)
    factory = RequestFactory()
    threads = [threading.Thread(target=lambda: view(factory.get("/redis-page/"))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(calls) == 1
