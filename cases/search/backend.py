"""Writing and matching blind index terms, per database: a tsvector + GIN index on
PostgreSQL, an FTS5 table on SQLite. Terms are base32 letters, so they need no escaping.

Each document carries its report's unit (see models.py), read from the report in the same
statement that writes the terms."""

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cases.search.models import SearchDocument

TABLE = SearchDocument._meta.db_table
FTS = "search_fts"

# FOR SHARE: a transfer committing while the batch is written waits for it (then its trigger
# moves the new document), or the batch reads the unit the transfer wrote: never the old one.
PG_UPSERT = (
    f"INSERT INTO {TABLE} (report_id, key_fp, indexed_at, unit_id, terms) "  # noqa: S608 - our table
    "SELECT r.id, %s, %s, r.unit_id, array_to_tsvector(string_to_array(u.terms, ' ')) "
    "FROM unnest(%s::uuid[], %s::text[]) AS u(id, terms) JOIN intake_report r ON r.id = u.id "
    "FOR SHARE OF r ON CONFLICT (report_id) DO UPDATE SET key_fp = EXCLUDED.key_fp, "
    "indexed_at = EXCLUDED.indexed_at, unit_id = EXCLUDED.unit_id, terms = EXCLUDED.terms"
)
SQLITE_UPSERT = (
    f"INSERT INTO {TABLE} (report_id, key_fp, indexed_at, unit_id) "  # noqa: S608 - our table
    "SELECT id, %s, %s, unit_id FROM intake_report WHERE id = %s "
    "ON CONFLICT (report_id) DO UPDATE SET key_fp = excluded.key_fp, "
    "indexed_at = excluded.indexed_at, unit_id = excluded.unit_id"
)


def store(report_id, terms: list[str], key_fp: str) -> None:
    store_many([(report_id, terms)], key_fp)


def store_many(rows: list[tuple], key_fp: str) -> None:
    """[(report id, terms)] in one statement on PostgreSQL (backfills); row by row elsewhere.
    A report purged meanwhile gets no document."""
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, texts = [r for r, _t in rows], [" ".join(t) for _r, t in rows]
            cursor.execute(PG_UPSERT, [key_fp, now, ids, texts])
            return
        for report_id, terms in rows:
            cursor.execute(SQLITE_UPSERT, [key_fp, now, report_id.hex])
            written = cursor.rowcount
            cursor.execute(f"DELETE FROM {FTS} WHERE report_id = %s", [report_id.hex])  # noqa: S608
            if written:
                cursor.execute(
                    f"INSERT INTO {FTS} (report_id, terms) VALUES (%s, %s)",  # noqa: S608
                    [report_id.hex, " ".join(terms)],
                )


def matching(terms: list[str], units: list[int] | None, reference: str | None) -> RawSQL:
    """A subquery of the report ids whose text holds every term, among documents of `units`
    (None: any unit, or none), plus the report whose reference was typed, if any."""
    parts, params = [], []
    if terms and connection.vendor == "postgresql":
        parts.append(f"SELECT report_id FROM {TABLE} WHERE terms @@ %s::tsquery")  # noqa: S608
        params.append(" & ".join(terms))
        if units is not None:
            parts[-1] += " AND unit_id = ANY(%s::bigint[])"
            params.append(units)
    elif terms:
        parts.append(
            f"SELECT d.report_id FROM {FTS} f JOIN {TABLE} d ON d.report_id = f.report_id "  # noqa: S608
            f"WHERE {FTS} MATCH %s"
        )
        params.append(" AND ".join(f'"{term}"' for term in terms))
        if units is not None:
            parts[-1] += f" AND d.unit_id IN ({', '.join(['%s'] * len(units))})"
            params.extend(units)
    if reference:
        parts.append("SELECT id FROM intake_report WHERE reference = %s")
        params.append(reference)
    # Only our table names and placeholders are formatted in; every value is a parameter.
    return RawSQL(" UNION ALL ".join(parts), params)  # noqa: S611
