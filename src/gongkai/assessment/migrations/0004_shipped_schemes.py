"""Load the shipped assessment schemes (templates): docs/SPEC.md §7's 陇川 scheme and the standard scheme of
docs/SPEC.md §7 (``assessment.shipped``)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from gongkai.assessment.shipped import sync_shipped_schemes

    sync_shipped_schemes(apps)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_round_objection_days")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
