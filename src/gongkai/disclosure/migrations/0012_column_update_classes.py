"""Columns get an update class (栏目更新类别) and an optional interval in days, for the stale-column
indicator of 监督考核 (docs/SPEC.md §7), and the date they were created (for 空白栏目: a column that
never held content since it was created). The shipped template columns get their classes
(``catalog_data.update_class_for``); each body's column takes its template column's class, a column
added by hand the class its name has in the templates. Existing columns keep no creation date
(they count as there from the start)."""

import django.utils.timezone
from django.db import migrations, models


def set_classes(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.disclosure.catalog_data import update_class_for

    template_column = apps.get_model("disclosure", "TemplateColumn")
    catalog_column = apps.get_model("disclosure", "CatalogColumn")
    for model in (template_column, catalog_column):
        parents = set(model.objects.exclude(parent=None).values_list("parent_id", flat=True))
        for column in model.objects.only("pk", "name"):
            cls = update_class_for(column.name, has_children=column.pk in parents)
            if cls != "notices":
                model.objects.filter(pk=column.pk).update(update_class=cls)
    classes = dict(template_column.objects.values_list("pk", "update_class"))
    by_class: dict[str, list[int]] = {}
    for pk, tc in catalog_column.objects.exclude(template_column=None).values_list(
        "pk", "template_column_id"
    ):
        by_class.setdefault(classes[tc], []).append(pk)
    for cls, pks in by_class.items():
        for start in range(0, len(pks), 500):
            catalog_column.objects.filter(pk__in=pks[start : start + 500]).update(update_class=cls)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0011_index_counter_moves_to_core"),
    ]

    operations = [
        # Null for the existing rows, then new rows take the time they are created.
        migrations.AddField(
            model_name="catalogcolumn",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="创建时间"),
        ),
        migrations.AlterField(
            model_name="catalogcolumn",
            name="created_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                editable=False,
                null=True,
                verbose_name="创建时间",
            ),
        ),
        migrations.AddField(
            model_name="catalogcolumn",
            name="update_class",
            field=models.CharField(
                choices=[
                    ("news", "动态/要闻（2周）"),
                    ("notices", "通知公告/政策文件（6个月）"),
                    ("yearly", "人事/规划计划（1年）"),
                    ("historical", "历史专题（不考核更新）"),
                    ("static", "无更新要求（如机构职能）"),
                ],
                default="notices",
                help_text="栏目应多久更新一次；由目录模板给出默认值，超过期限未更新的栏目计为未及时更新栏目",
                max_length=12,
                verbose_name="更新类别",
            ),
        ),
        migrations.AddField(
            model_name="catalogcolumn",
            name="update_interval_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="留空则按更新类别的周期；历史专题和无更新要求的栏目不考核更新",
                null=True,
                verbose_name="更新周期（天）",
            ),
        ),
        migrations.AddField(
            model_name="templatecolumn",
            name="update_class",
            field=models.CharField(
                choices=[
                    ("news", "动态/要闻（2周）"),
                    ("notices", "通知公告/政策文件（6个月）"),
                    ("yearly", "人事/规划计划（1年）"),
                    ("historical", "历史专题（不考核更新）"),
                    ("static", "无更新要求（如机构职能）"),
                ],
                default="notices",
                max_length=12,
                verbose_name="更新类别",
            ),
        ),
        migrations.RunPython(set_classes, migrations.RunPython.noop),
    ]
