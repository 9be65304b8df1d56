"""Writing and matching blind index terms, per database: a tsvector + GIN index on
PostgreSQL, an FTS5 table on SQLite. Terms are base32 letters, so they need no escaping."""

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cases.search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
FTS = "search_fts"


def store(report_id, terms: list[str], key_fp: str) -> None:
    now = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (report_id, key_fp, indexed_at, terms) "  # noqa: S608 - our table name
                "VALUES (%s, %s, %s, array_to_tsvector(%s::text[])) ON CONFLICT (report_id) "
                "DO UPDATE SET key_fp = EXCLUDED.key_fp, indexed_at = EXCLUDED.indexed_at, "
                "terms = EXCLUDED.terms",
                [report_id, key_fp, now, terms],
            )
        return
    SearchDocument.objects.update_or_create(
        report_id=report_id, defaults={"key_fp": key_fp, "indexed_at": now}
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS} WHERE report_id = %s", [report_id.hex])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS} (report_id, terms) VALUES (%s, %s)",  # noqa: S608
            [report_id.hex, " ".join(terms)],
        )


def matching(terms: list[str]) -> RawSQL:
    """A subquery of the report ids whose text holds every term."""
    if connection.vendor == "postgresql":
        return RawSQL(  # noqa: S611 - terms are parameters; only our table names are formatted in
            f"SELECT report_id FROM {TABLE} WHERE terms @@ %s::tsquery",  # noqa: S608
            [" & ".join(terms)],
        )
    return RawSQL(  # noqa: S611 - as above
        f"SELECT report_id FROM {FTS} WHERE {FTS} MATCH %s",  # noqa: S608
        [" AND ".join(f'"{term}"' for term in terms)],
    )


def store_many(rows: list[tuple], key_fp: str) -> None:
    """[(report id, terms)] in one statement on PostgreSQL (backfills); row by row elsewhere."""
    if connection.vendor != "postgresql":
        for report_id, terms in rows:
            store(report_id, terms, key_fp)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (report_id, key_fp, indexed_at, terms) "  # noqa: S608 - our table
            "SELECT u.id, %s, %s, array_to_tsvector(string_to_array(u.terms, ' ')) "
            "FROM unnest(%s::uuid[], %s::text[]) AS u(id, terms) ON CONFLICT (report_id) "
            "DO UPDATE SET key_fp = EXCLUDED.key_fp, indexed_at = EXCLUDED.indexed_at, "
            "terms = EXCLUDED.terms",
            [key_fp, timezone.now(), [r for r, _t in rows], [" ".join(t) for _r, t in rows]],
        )
