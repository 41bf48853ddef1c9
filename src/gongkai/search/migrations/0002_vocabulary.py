from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True, verbose_name="词语")),
                (
                    "kind",
                    models.CharField(
                        choices=[("place", "地名"), ("term", "词语")],
                        default="place",
                        max_length=10,
                        verbose_name="类别",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
            ],
            options={"verbose_name": "检索词表词语", "verbose_name_plural": "检索词表"},
        ),
        migrations.CreateModel(
            name="SubjectWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True)),
            ],
            options={"verbose_name": "主题词（检索词表）", "verbose_name_plural": "主题词（检索词表）"},
        ),
        migrations.CreateModel(
            name="VocabularyVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "检索词表版本", "verbose_name_plural": "检索词表版本"},
        ),
    ]
