# Files uploaded before text recognition and the DOC/XLS readers: their text was never read (an
# empty text looked like "no findings"). Mark them unreadable, for `gongkai attachments reread`
# or a person (issue 8, §3).

from django.db import migrations
from django.db.models import Q

PROBLEM = "本文件在文字识别启用前上传，文字未读取；可用 gongkai attachments reread 重新读取，或人工审查"


def mark_unread(apps, schema_editor):
    Attachment = apps.get_model("disclosure", "Attachment")
    Attachment.objects.filter(text_status="read").filter(
        Q(text="") | Q(kind__in=["doc", "xls", "png", "jpg"])
    ).update(text_status="unreadable", text_problem=PROBLEM)


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0009_finding_decision_verified_method'),
    ]

    operations = [
        migrations.RunPython(mark_unread, migrations.RunPython.noop),
    ]
