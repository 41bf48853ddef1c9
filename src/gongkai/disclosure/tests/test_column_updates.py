"""Column update classes (栏目更新类别, docs/SPEC.md §7): the intervals, the templates' defaults, the
copy into a body's catalog, the data migration for existing columns, and the catalog screen."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.backoffice.tests.helpers import login, text_of
from gongkai.disclosure.column_updates import last_fresh_day
from gongkai.disclosure.models import CatalogColumn, TemplateColumn, UpdateClass


def test_intervals() -> None:
    """动态/要闻 2 weeks; 通知公告/政策文件 6 calendar months (the day clamped to the month's end);
    人事/规划计划 1 year; a column's own number of days; 历史专题 and static pages never stale."""
    day = dt.date(2025, 12, 17)
    assert last_fresh_day(day, UpdateClass.NEWS) == dt.date(2025, 12, 31)
    assert last_fresh_day(dt.date(2025, 8, 31), UpdateClass.NOTICES) == dt.date(2026, 2, 28)
    assert last_fresh_day(dt.date(2023, 8, 31), UpdateClass.NOTICES) == dt.date(2024, 2, 29)
    assert last_fresh_day(dt.date(2025, 6, 30), UpdateClass.NOTICES) == dt.date(2025, 12, 30)
    assert last_fresh_day(dt.date(2024, 2, 29), UpdateClass.YEARLY) == dt.date(2025, 2, 28)
    assert last_fresh_day(dt.date(2025, 11, 20), UpdateClass.YEARLY, 30) == dt.date(2025, 12, 20)
    assert last_fresh_day(day, UpdateClass.HISTORICAL) is None
    assert last_fresh_day(day, UpdateClass.STATIC, 30) is None


@pytest.mark.django_db
def test_templates_give_the_defaults_and_catalogs_copy_them(region: Any) -> None:
    def template_class(template: str, name: str) -> str:
        return TemplateColumn.objects.get(template__code=template, name=name).update_class

    assert template_class("general-office", "机构职能") == UpdateClass.STATIC
    assert template_class("general-office", "机构设置概况") == UpdateClass.STATIC  # a heading
    assert template_class("general-office", "工作简报") == UpdateClass.NEWS
    assert template_class("general-office", "工作计划") == UpdateClass.YEARLY
    assert template_class("city-platform", "公告和新闻发布") == UpdateClass.NEWS
    assert template_class("city-platform", "人事信息") == UpdateClass.YEARLY
    assert template_class("city-platform", "政府规范性文件") == UpdateClass.NOTICES
    assert template_class("basic-level", "城乡规划") == UpdateClass.YEARLY
    # The region's bodies got the article-20 catalog: each column has its template column's class.
    columns = CatalogColumn.objects.filter(organization=region.dept).select_related("template_column")
    assert columns and all(
        c.template_column and c.update_class == c.template_column.update_class for c in columns
    )
    assert columns.get(name__startswith="机关职能").update_class == UpdateClass.STATIC
    assert columns.get(name__startswith="公务员招考").update_class == UpdateClass.YEARLY


@pytest.mark.django_db
def test_the_migration_gives_existing_columns_their_template_class(region: Any) -> None:
    migration = importlib.import_module("gongkai.disclosure.migrations.0012_column_update_classes")
    TemplateColumn.objects.update(update_class=UpdateClass.NOTICES)
    CatalogColumn.objects.update(update_class=UpdateClass.NOTICES)
    hand = CatalogColumn.objects.create(organization=region.dept, code="Z01", name="人事信息")
    migration.set_classes(django_apps, None)
    assert TemplateColumn.objects.get(template__code="general-office", name="工作简报").update_class == "news"
    dept = CatalogColumn.objects.filter(organization=region.dept)
    assert dept.get(name__startswith="机关职能").update_class == UpdateClass.STATIC
    assert dept.get(name__startswith="第二十一条").update_class == UpdateClass.STATIC  # a heading
    assert dept.get(name="市政建设").update_class == UpdateClass.NOTICES
    hand.refresh_from_db()
    assert hand.update_class == UpdateClass.YEARLY  # by its name, as the templates class it


@pytest.mark.django_db
def test_catalog_screen_sets_the_class(client: Any, region: Any) -> None:
    column = region.column
    url = reverse("backoffice:catalog_column_update_class", args=[column.pk])
    login(client, region.admin)
    page = text_of(client.get(reverse("backoffice:catalog") + f"?org={region.dept.pk}"))
    assert "更新类别" in page and "通知公告/政策文件（6个月）" in page

    response = client.post(url, {"update_class": "news", "update_interval_days": "10"})
    assert response.status_code == 302
    column.refresh_from_db()
    assert (column.update_class, column.update_interval_days) == ("news", 10)
    event = AuditEvent.objects.get(action="catalog.column_update_class")
    assert event.data == {"from": ["notices", None], "to": ["news", 10]}

    # Refused with a message, nothing changed: an unknown class, days on a column without duty.
    refusals = [
        ({"update_class": "weekly"}, "更新类别未保存"),
        ({"update_class": "news", "update_interval_days": "0"}, "更新类别未保存"),
        ({"update_class": "static", "update_interval_days": "30"}, "不考核更新，不能填写更新周期"),
    ]
    for data, message in refusals:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert message in text_of(response)
        column.refresh_from_db()
        assert (column.update_class, column.update_interval_days) == ("news", 10)

    added = client.post(
        reverse("backoffice:catalog_column_add", args=[region.dept.pk]),
        {"name": "历年专题活动", "update_class": "historical"},
    )
    assert added.status_code == 302
    assert CatalogColumn.objects.get(name="历年专题活动").update_class == UpdateClass.HISTORICAL

    # An editor reads the catalog but may not change it.
    client.logout()
    login(client, region.editor)
    assert client.post(url, {"update_class": "static"}).status_code == 403
