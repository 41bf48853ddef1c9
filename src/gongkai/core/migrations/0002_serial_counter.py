"""``SerialCounter``: the counters of ``gongkai.core.serials``. The table is the former 索引号
counters' (disclosure 0011 renames it), so existing serials carry on without a gap."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_rate_counter"),
        ("disclosure", "0011_index_counter_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SerialCounter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("key", models.CharField(max_length=120, unique=True)),
                        ("last_serial", models.PositiveIntegerField(default=0)),
                    ],
                    options={"verbose_name": "流水号计数器", "verbose_name_plural": "流水号计数器"},
                ),
            ],
        ),
    ]
