"""Load the four shipped catalog templates and the class lists (docs/SPEC.md §2.1, §2.3)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.disclosure.services.catalog import sync_shipped_data

    sync_shipped_data(apps)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
