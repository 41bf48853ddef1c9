"""Load the shipped carriers, urgent-report deadlines, publications above and points rules."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.govinfo.shipped import sync_shipped_data

    sync_shipped_data(apps)


class Migration(migrations.Migration):
    dependencies = [("govinfo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
