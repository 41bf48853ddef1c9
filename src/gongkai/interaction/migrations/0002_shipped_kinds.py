"""Load the shipped kinds of message (咨询 5, 建议 10, 投诉 15 working days)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.interaction.shipped import sync_shipped_kinds

    sync_shipped_kinds(apps)


class Migration(migrations.Migration):
    dependencies = [("interaction", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
