"""Status reports become internal until published (issue 13, finding 9).

Reports already part of a released letter went to the council with it: they are
published as of the release. Every other report stays internal until the planning unit
publishes it: it was never released, and the audit found exactly those to be public too
early.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def publish_released(apps, schema_editor):
    StatusReport = apps.get_model("council", "StatusReport")
    released = StatusReport.objects.filter(letter__state="freigegeben").select_related("letter")
    for report in released:
        report.published_at = report.letter.released_at or report.letter.modified
        report.published_by_id = report.letter.released_by_id
        report.save(update_fields=["published_at", "published_by"])


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0003_oparl_file_sources'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='statusreport',
            name='published_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='published at'),
        ),
        migrations.AddField(
            model_name='statusreport',
            name='published_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(publish_released, migrations.RunPython.noop),
    ]
