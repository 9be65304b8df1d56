"""PostgreSQL fast paths of the similarity rebuild (SQLite keeps the ORM paths in batches.py).

- Rows go in by COPY (band rows in binary COPY format built by numpy: ~42 per report).
- A full rebuild empties the band table once at its start and drops the band table's two
  indexes and its foreign key for its signing pass, then builds the indexes once (a sorted
  build of tens of millions of entries is far cheaper than as many random inserts) and checks
  the foreign key in one pass (one anti-join instead of a deferred check per row, 42 per
  report). Meanwhile a lookup for a newly arrived report scans the table: slow, and it finds
  only reports already re-signed, as after a key rotation. An interrupted run restores both
  when it is resumed and finishes.
- Band keys held by more than TIPLINE_SIMILARITY_BAND_CAP reports give no candidates (see
  `owners`): that keeps the work per report bounded as the corpus grows.
"""

import uuid

import numpy
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from cases.similarity.models import Band, Signature, SimilarPair
from cases.similarity.signature import BANDS

BAND = Band._meta.db_table
SIGNATURE = Signature._meta.db_table
PAIR = SimilarPair._meta.db_table
# One binary COPY row: field count, then (length, value) for report_id (uuid) and key (int8).
_ROW = numpy.dtype(
    [("fields", ">i2"), ("id_len", ">i4"), ("id", "V16"), ("key_len", ">i4"), ("key", ">i8")]
)
_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, header extension length
_TRAILER = b"\xff\xff"


def _band_indexes():
    editor = connection.schema_editor()
    return [
        statement
        for name in ("key", "report")
        for statement in editor._field_indexes_sql(Band, Band._meta.get_field(name))
    ]


def _checking_deferred_constraints_now(cursor) -> None:
    """DDL on the band table refuses to run while foreign-key checks deferred to the end of an
    enclosing transaction are queued (only when called inside one, as tests do)."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _band_foreign_key() -> tuple[str, str]:
    """The name and the creating statement of the band table's foreign key to reports, as the
    migrations made it (deferrable, initially deferred)."""
    editor = connection.schema_editor()
    statement = editor._create_fk_sql(
        Band, Band._meta.get_field("report"), "_fk_%(to_table)s_%(to_column)s"
    )
    return str(statement.parts["name"]), str(statement)


def before_signing(fresh: bool) -> None:
    name, _create = _band_foreign_key()
    with connection.cursor() as cursor:
        _checking_deferred_constraints_now(cursor)
        if fresh:
            cursor.execute(f"TRUNCATE {BAND}")
        for statement in _band_indexes():
            cursor.execute(f"DROP INDEX IF EXISTS {statement.parts['name']}")
        cursor.execute(f"ALTER TABLE {BAND} DROP CONSTRAINT IF EXISTS {name}")


def after_signing() -> None:
    with connection.cursor() as cursor:
        _checking_deferred_constraints_now(cursor)
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for statement in _band_indexes():
            sql = str(statement).replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1)
            cursor.execute(sql)
        _restore_foreign_key(cursor)
        cursor.execute(f"ANALYZE {BAND}")
        cursor.execute("RESET maintenance_work_mem")


def _restore_foreign_key(cursor) -> None:
    """NOT VALID first: from then on every new row and every purge is checked as usual. Band
    rows of a report purged while its batch was being signed are the only rows that can fail the
    one-pass check; they are deleted and the check is run again."""
    name, create = _band_foreign_key()
    cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [name.strip('"')])
    if cursor.fetchone() is None:
        cursor.execute(f"{create} NOT VALID")
    validate = f"ALTER TABLE {BAND} VALIDATE CONSTRAINT {name}"
    try:
        with transaction.atomic():
            cursor.execute(validate)
    except IntegrityError:
        report = Band._meta.get_field("report").related_model._meta.db_table
        cursor.execute(
            f"DELETE FROM {BAND} b WHERE NOT EXISTS "  # noqa: S608 - our tables
            f"(SELECT 1 FROM {report} r WHERE r.id = b.report_id)"
        )
        cursor.execute(validate)


def replace_signatures(rows: list[tuple]) -> None:
    """rows: (report_id, minhash or None, key_fp, computed_at, messages_upto)."""
    ids = [row[0] for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SIGNATURE} WHERE report_id = ANY(%s)", [ids])  # noqa: S608
        columns = "report_id, minhash, key_fp, computed_at, messages_upto"
        with cursor.cursor.copy(f"COPY {SIGNATURE} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def copy_bands(report_ids: list[uuid.UUID], keys: numpy.ndarray) -> None:
    """keys: (len(report_ids), BANDS) int64. The band table was emptied when the run began and
    each report is signed once per run, so there is nothing to delete first."""
    if not report_ids:
        return
    rows = numpy.empty(len(report_ids) * BANDS, dtype=_ROW)
    rows["fields"], rows["id_len"], rows["key_len"] = 2, 16, 8
    raw = numpy.frombuffer(b"".join(r.bytes for r in report_ids), dtype="V16")
    rows["id"] = numpy.repeat(raw, BANDS)
    rows["key"] = keys.reshape(-1)
    with connection.cursor() as cursor:
        sql = f"COPY {BAND} (report_id, key) FROM STDIN (FORMAT BINARY)"
        with cursor.cursor.copy(sql) as copy:
            copy.write(_HEADER + rows.tobytes() + _TRAILER)


def owners(keys: list[int]) -> dict[int, list[str]]:
    """The reports holding each band key (as text ids), leaving out keys held by more than the
    cap. Such keys come from phrases every report on a topic uses (or a flood larger than the
    cap, whose copies still share every other band with one another): reading all their
    holders made each report's lookup grow with the corpus, i.e. the rebuild quadratic."""
    cap = settings.TIPLINE_SIMILARITY_BAND_CAP
    found: dict[int, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT k.key, o.report_id::text FROM unnest(%s::bigint[]) AS k(key) "  # noqa: S608
            f"CROSS JOIN LATERAL (SELECT report_id FROM {BAND} b WHERE b.key = k.key LIMIT %s) o",
            [keys, cap + 1],
        )
        for key, report_id in cursor.fetchall():
            found.setdefault(key, []).append(report_id)
    return {key: held for key, held in found.items() if len(held) <= cap}


def candidates(report_id, keys: list[int], cap: int, limit: int) -> list:
    """The live lookup's candidates (indexing.candidates): at most cap + 1 index entries read
    per key, however popular the key."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.report_id FROM unnest(%s::bigint[]) AS k(key) CROSS JOIN LATERAL ("  # noqa: S608
            " SELECT report_id, count(*) OVER () AS held FROM ("
            f"  SELECT report_id FROM {BAND} b WHERE b.key = k.key LIMIT %s) x) o "
            "WHERE o.held <= %s AND o.report_id <> %s "
            "GROUP BY o.report_id ORDER BY count(*) DESC LIMIT %s",
            [keys, cap + 1, cap, report_id, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def signatures_of(report_ids: list[str], key_fp: str) -> dict[str, bytes]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT report_id::text, minhash FROM {SIGNATURE} "  # noqa: S608 - our table
            "WHERE report_id = ANY(%s::text[]::uuid[]) AND key_fp = %s AND minhash IS NOT NULL",
            [report_ids, key_fp],
        )
        return {report_id: bytes(minhash) for report_id, minhash in cursor.fetchall()}


def replace_pairs(report_ids: list, pairs: list[tuple[str, str, float]], now) -> None:
    """The batch's pairs (this side only: the other side is written by the other's batch)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PAIR} WHERE report_id = ANY(%s)", [report_ids])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {PAIR} (report_id, other_id, similarity, found_at) "  # noqa: S608
            "SELECT unnest(%s::text[]::uuid[]), unnest(%s::text[]::uuid[]), "
            "unnest(%s::float8[]), %s ON CONFLICT DO NOTHING",
            [[p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs], now],
        )
        cursor.execute(
            f"UPDATE {SIGNATURE} SET paired_at = %s WHERE report_id = ANY(%s)",  # noqa: S608
            [now, report_ids],
        )
