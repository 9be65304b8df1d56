"""The report's unit on its search document, filled from the reports and kept in step by a
trigger on each database, so every code path that moves a report (routing, transfer, triage
into a case, an admin or shell update) moves its search document too.

On SQLite, Django remakes a table to alter its columns, which drops the table's triggers: a
later intake migration that does so must recreate `search_doc_unit` (the transfer tests in
cases/search/tests fail if it is missing)."""

import django.db.models.deletion
from django.db import migrations, models

PG_FORWARD = [
    """CREATE FUNCTION search_doc_follow_unit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_searchdocument SET unit_id = NEW.unit_id WHERE report_id = NEW.id;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER search_doc_unit AFTER UPDATE OF unit_id ON intake_report FOR EACH ROW "
    "WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION search_doc_follow_unit()",
]
PG_BACKWARD = [
    "DROP TRIGGER search_doc_unit ON intake_report",
    "DROP FUNCTION search_doc_follow_unit()",
]
SQLITE_FORWARD = [
    "CREATE TRIGGER search_doc_unit AFTER UPDATE OF unit_id ON intake_report "
    "WHEN OLD.unit_id IS NOT NEW.unit_id BEGIN "
    "UPDATE search_searchdocument SET unit_id = NEW.unit_id WHERE report_id = NEW.id; END",
]
SQLITE_BACKWARD = ["DROP TRIGGER search_doc_unit"]


def restore_fts_purge(apps, schema_editor):
    """Unapplying AddField remakes the documents table on SQLite, dropping 0001's trigger."""
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(
            "CREATE TRIGGER IF NOT EXISTS search_fts_purge AFTER DELETE ON search_searchdocument "
            "BEGIN DELETE FROM search_fts WHERE report_id = old.report_id; END"
        )


def fill_units(apps, schema_editor):
    """Every existing document takes its report's unit (one statement; no rows through Python)."""
    schema_editor.execute(
        "UPDATE search_searchdocument SET unit_id = "
        "(SELECT unit_id FROM intake_report WHERE intake_report.id = search_searchdocument.report_id)"
    )


def add_unit_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in PG_FORWARD if vendor == "postgresql" else SQLITE_FORWARD:
        schema_editor.execute(sql)


def drop_unit_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in PG_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_content_editor_roles"),
        ("intake", "0006_idempotency_key_reuse"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_fts_purge),
        migrations.AddField(
            model_name="searchdocument",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
            ),
        ),
        # Trigger first, then the fill: a report moved while the fill runs is caught by one or
        # the other.
        migrations.RunPython(add_unit_trigger, drop_unit_trigger),
        migrations.RunPython(fill_units, migrations.RunPython.noop),
    ]
