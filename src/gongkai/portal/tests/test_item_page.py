"""The item page's kept query (``disclosure.public.KeptQuery``, issue 13 §2): its SQL is built once
per process and day, but every request reads the database, so a withdrawn or expired item is gone
at once, and the item comes back exactly as the ORM would build it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.core.samplefiles import make_pdf
from gongkai.disclosure import public
from gongkai.disclosure.models import CatalogColumn, Classification, Item
from gongkai.disclosure.services import workflow

pytestmark = pytest.mark.django_db

RELATED = ("organization", "column", "column__parent", "topic", "genre", "audience", "combined")


def _fields(obj):  # type: ignore[no-untyped-def]
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_kept_item_is_the_orm_item_with_its_relations_and_attachments(region, make_item):
    topic = Classification.objects.filter(scheme="topic").first()
    files = [("名单.pdf", make_pdf(["名单"])), ("说明.pdf", make_pdf(["说明"]))]
    item = make_item(title="某某办法", topic=topic, channels=["website", "gazette"], files=files)
    kept = public.public_item(item.pk)
    again = public.public_item(item.pk)  # the second call binds the id into the kept SQL
    orm = Item.objects.select_related(*RELATED).get(pk=item.pk)
    for got in (kept, again):
        assert got is not None and _fields(got) == _fields(orm)
        for name in ("organization", "column", "topic", "genre", "audience", "combined"):
            assert _fields(getattr(got, name)) == _fields(getattr(orm, name)), name
        assert _fields(got.column.parent) == _fields(orm.column.parent)
        assert [a.pk for a in public.attachments(got)] == list(orm.attachments.values_list("pk", flat=True))
        assert len(public.attachments(got)) == 2
        assert all(a.item is got for a in public.attachments(got))
        assert got.channels == ["website", "gazette"] and isinstance(got.published_at, dt.datetime)


def test_withdrawn_item_is_gone_at_once_though_its_query_is_kept(client, region, make_item, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE_SECONDS": 0}
    item = make_item(title="将被撤回的通知")
    url = reverse("portal:item", args=[item.pk])
    assert client.get(url).status_code == 200
    assert public.public_item(item.pk) is not None
    workflow.withdraw_item(actor=region.signer, item=item, reason="错误发布")
    assert public.public_item(item.pk) is None
    assert client.get(url).status_code == 404


def test_kept_query_follows_the_day(clock, region, make_item):
    """The public filter compares with today: the kept SQL is for one day, built again the next."""
    clock.set(dt.datetime(2025, 9, 30, 23, 59))
    item = make_item(title="限时公开的名单", duration="limited", public_until=dt.date(2025, 9, 30))
    assert public.public_item(item.pk) is not None
    clock.set(dt.datetime(2025, 10, 1, 0, 0))
    assert public.public_item(item.pk) is None


def test_ids_no_item_can_have(region, make_item):
    draft = make_item(title="草稿", state="draft")
    assert public.public_item(draft.pk) is None
    assert public.public_item(10**30) is None
    assert public.public_item(-1) is None


def test_breadcrumbs_follow_the_visible_column_tree(client, region, make_item):
    """The item page's trail reads the column's ancestors, not the body's tree: the same trail as
    the tree's, and none when a column on the way is hidden."""
    parent = region.column
    child = CatalogColumn.objects.create(organization=region.dept, parent=parent, code="0199", name="子栏目")
    leaf = CatalogColumn.objects.create(organization=region.dept, parent=child, code="019901", name="孙栏目")
    item = make_item(title="孙栏目里的信息", column=leaf)
    tree = public.column_tree(region.dept)
    assert public.visible_column_path(item) == [*tree.ancestors(leaf.pk), leaf] == [parent, child, leaf]
    html = client.get(reverse("portal:item", args=[item.pk])).content.decode()
    trail = html[html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))]
    for col in (parent, child, leaf):
        assert f'<a href="{reverse("portal:column", args=["edu", col.code])}">{col.name}</a>' in trail
    child.is_hidden = True
    child.save()
    assert public.visible_column_path(public.public_item(item.pk)) == []
    assert leaf.pk not in public.column_tree(region.dept).by_id


def test_kept_navigation_and_python_metadata_table_per_language(client, region, make_item, settings):
    """The navigation and footer kept by ``{% fixed %}`` follow the language; the metadata table
    written in Python escapes what the template escaped and links what it linked."""
    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE_SECONDS": 0}
    item = make_item(title="<b>标题</b>", keywords='教育 "<script>"', document_number="")
    url = reverse("portal:item", args=[item.pk])
    zh = client.get(url).content.decode()
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    catalog = reverse("portal:catalog")
    assert f'<a href="{catalog}" aria-current="page">信息公开目录</a>' in zh
    assert "信息公开目录</a>" not in en and f'<a href="{catalog}" aria-current="page">' in en
    assert "网站地图" in zh and "网站地图" not in en
    assert 'aria-label="信息属性"' in zh and 'aria-label="信息属性"' not in en
    assert "<td>教育 &quot;&lt;script&gt;&quot;</td>" in zh and '<script>"' not in zh
    assert f'<td><a href="{reverse("portal:body", args=["edu"])}">{region.dept.name}</a></td>' in zh
    assert (
        '<th scope="row">发文字号</th>\n      <td><span aria-hidden="true">—</span>'
        '<span class="sr-only">无</span>' in zh
    )
    assert "&lt;b&gt;标题&lt;/b&gt;" in zh
    assert client.get(url).content.decode() == zh


def _prepared() -> dict[str, tuple[int, int]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        return {sql: (generic, custom) for sql, generic, custom in cursor.fetchall()}


def test_postgresql_prepares_the_kept_queries_and_keeps_one_plan(
    region, make_item, django_assert_num_queries
):
    """PostgreSQL planned the item page's seven-join query in 3.1 ms and ran it in 0.2 ms: the kept
    queries are prepared (``core.database.prepared_cursor``), and after five runs keep a generic
    plan. Still one query each as Django counts them, and still exactly the ORM's item."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL prepares statements; SQLite keeps its own statement cache")
    items = [make_item(title=f"第{n}批名单的公告") for n in range(8)]
    for item in items:
        with django_assert_num_queries(2):  # the item with its relations, its attachments
            kept = public.public_item(item.pk)
        assert kept is not None and _fields(kept) == _fields(item)
    plans = _prepared()
    item_query = [plan for sql, plan in plans.items() if 'FROM "disclosure_item" INNER JOIN' in sql]
    assert len(item_query) == 1, plans
    assert all(generic >= 1 for generic, _custom in plans.values()), plans  # run on a generic plan


def test_without_prepared_statements_the_kept_queries_run_as_before(region, make_item, settings):
    """``GONGKAI_PG_PREPARED=off`` (a pooler in transaction mode): nothing is prepared."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    settings.GONGKAI = {**settings.GONGKAI, "PG_PREPARED": False}
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what an earlier test of this connection prepared
    item = make_item(title="不预备语句时的公告")
    for _ in range(7):
        assert public.public_item(item.pk) == item
    assert not _prepared()
