"""One signature per step and round of the sign-off chain (issue 8 §5: two signers could sign the
same step).

A round is the number of the secrecy review the item had passed when it was signed, as
``services.workflow.sign_item`` now records it. Stored signatures are numbered the same way; a
second signature of a step already signed in its round (the defect closed here) keeps an empty
round, so every row is kept and the new constraint holds (NULLs never collide in a unique
constraint)."""

from django.conf import settings
from django.db import migrations, models


def number_rounds(apps, schema_editor):
    SignOff = apps.get_model("disclosure", "SignOff")
    SecrecyReview = apps.get_model("disclosure", "SecrecyReview")
    item_ids = SignOff.objects.values_list("item_id", flat=True).distinct()
    changed = []
    for item_id in item_ids.iterator():
        passes = list(
            SecrecyReview.objects.filter(item_id=item_id, conclusion="pass")
            .order_by("reviewed_at")
            .values_list("reviewed_at", flat=True)
        )
        taken = set()
        for signoff in SignOff.objects.filter(item_id=item_id).order_by("signed_at", "id"):
            number = sum(1 for at in passes if at <= signoff.signed_at)
            signoff.round = None if (signoff.position, number) in taken else number
            taken.add((signoff.position, number))
            changed.append(signoff)
        if len(changed) >= 1000:
            SignOff.objects.bulk_update(changed, ["round"])
            changed = []
    SignOff.objects.bulk_update(changed, ["round"])


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0007_attachment_text_status"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="signoff",
            name="round",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="签发轮次"),
        ),
        migrations.RunPython(number_rounds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="signoff",
            constraint=models.UniqueConstraint(
                fields=("item", "position", "round"), name="unique_signoff_per_step_round"
            ),
        ),
    ]
