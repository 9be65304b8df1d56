import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

PG_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN terms tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_terms_gin ON search_searchdocument USING gin (terms)",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(report_id UNINDEXED, terms)",
    # A purged report's terms go with it (the ORM deletes the document row, not the FTS row).
    "CREATE TRIGGER search_fts_purge AFTER DELETE ON search_searchdocument BEGIN "
    "DELETE FROM search_fts WHERE report_id = old.report_id; END",
]
SQLITE_BACKWARD = ["DROP TRIGGER search_fts_purge", "DROP TABLE search_fts"]


def add_term_store(apps, schema_editor):
    """The terms' home depends on the database: tsvector + GIN, or an FTS5 table."""
    vendor = schema_editor.connection.vendor
    for sql in PG_FORWARD if vendor == "postgresql" else SQLITE_FORWARD:
        schema_editor.execute(sql)


def drop_term_store(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("intake", "0003_channels")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "report",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="intake.report",
                    ),
                ),
                ("key_fp", models.CharField(db_index=True, max_length=8)),
                ("indexed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(add_term_store, drop_term_store),
    ]
