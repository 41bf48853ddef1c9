"""The 索引号 counters become core's serial counters (``core.SerialCounter``, shared by 索引号,
request registration numbers and letter numbers): the table is renamed and kept, rows and all."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0010_attachments_read_before_ocr"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("IndexCounter", "core_serialcounter")],
            state_operations=[migrations.DeleteModel("IndexCounter")],
        ),
    ]
