"""Each report gets a reference staff can read out and type (core.references): add the column
empty, give every existing report a random one, then require it and make it unique."""

from django.db import migrations, models

import core.references

BATCH = 1000


def fill_references(apps, schema_editor):
    """A fresh random reference for every report that has none, never one already taken."""
    Report = apps.get_model("intake", "Report")
    taken = set(Report.objects.exclude(reference=None).values_list("reference", flat=True))
    pending = list(Report.objects.filter(reference=None).values_list("pk", flat=True))
    for start in range(0, len(pending), BATCH):
        rows = []
        for pk in pending[start : start + BATCH]:
            reference = core.references.new_reference()
            while reference in taken:
                reference = core.references.new_reference()
            taken.add(reference)
            rows.append(Report(pk=pk, reference=reference))
        Report.objects.bulk_update(rows, ["reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_campaigns"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="reference",
            field=models.CharField(max_length=8, null=True, editable=False),
        ),
        migrations.RunPython(fill_references, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="report",
            name="reference",
            field=models.CharField(
                default=core.references.new_reference, editable=False, max_length=8, unique=True
            ),
        ),
    ]
