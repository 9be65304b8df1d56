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
  `candidates` and pairing.py): that keeps the work per report bounded as the corpus grows.
- The near-duplicates pass reads every signature once, by binary COPY (pairing.py).
"""

import uuid

import numpy
from django.db import IntegrityError, connection, transaction

from cases.similarity.models import Band, Signature, SimilarPair
from cases.similarity.signature import BANDS, NUM_PERM

BAND = Band._meta.db_table
SIGNATURE = Signature._meta.db_table
PAIR = SimilarPair._meta.db_table
# One binary COPY row: field count, then (length, value) for report_id (uuid) and key (int8).
_ROW = numpy.dtype(
    [("fields", ">i2"), ("id_len", ">i4"), ("id", "V16"), ("key_len", ">i4"), ("key", ">i8")]
)
# One binary COPY row of (report_id, minhash) read back.
_SIGNATURE_ROW = numpy.dtype(
    [
        ("fields", ">i2"),
        ("id_len", ">i4"),
        ("id", "S16"),
        ("minhash_len", ">i4"),
        ("minhash", "<u4", (NUM_PERM,)),
    ]
)
_PAIR_ROW = numpy.dtype(
    [
        ("fields", ">i2"),
        ("id_len", ">i4"),
        ("id", "V16"),
        ("other_len", ">i4"),
        ("other", "V16"),
        ("similarity_len", ">i4"),
        ("similarity", ">f8"),
    ]
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


def _copy_out(sql: str, params: list, size: int) -> bytes | numpy.ndarray:
    """A binary COPY TO STDOUT, into one buffer of the expected size (a second one only if
    rows arrived meanwhile): a rebuild at 1M reports reads ~540 MB of signatures this way."""
    buffer, filled, extra = numpy.empty(size, dtype=numpy.uint8), 0, []
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:
        for chunk in copy:
            take = min(len(chunk), size - filled)
            buffer[filled : filled + take] = numpy.frombuffer(chunk, dtype=numpy.uint8, count=take)
            filled += take
            if take < len(chunk):
                extra.append(bytes(chunk[take:]))
    return buffer.tobytes() + b"".join(extra) if extra else buffer[:filled]


def _signature_rows(data) -> tuple[numpy.ndarray, numpy.ndarray]:
    body = numpy.frombuffer(data, dtype=numpy.uint8)[len(_HEADER) : len(data) - len(_TRAILER)]
    rows = body.view(_SIGNATURE_ROW)
    if (rows["id_len"] != 16).any() or (rows["minhash_len"] != 4 * NUM_PERM).any():
        raise ValueError("a stored signature is not NUM_PERM 32-bit values")
    return rows["id"], rows["minhash"]


def all_signatures(key_fp: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Every signature under this key, ordered by report id (uuid order is byte order): the
    ids (S16) and the minhashes ((n, NUM_PERM) uint32, a view into the copied rows)."""
    where = f"FROM {SIGNATURE} WHERE key_fp = %s AND minhash IS NOT NULL"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {where}", [key_fp])
        count = cursor.fetchone()[0]
    sql = f"COPY (SELECT report_id, minhash {where} ORDER BY report_id) TO STDOUT (FORMAT BINARY)"
    size = len(_HEADER) + count * _SIGNATURE_ROW.itemsize + len(_TRAILER)
    return _signature_rows(_copy_out(sql, [key_fp], size))


def signatures_of(report_ids: list, key_fp: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The same for a batch of reports (those with a signature under this key)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT report_id, minhash FROM {SIGNATURE} "  # noqa: S608 - our table
            "WHERE report_id = ANY(%s) AND key_fp = %s AND minhash IS NOT NULL",
            [report_ids, key_fp],
        )
        rows = cursor.fetchall()
    ids = numpy.array([r.bytes for r, _m in rows], dtype="S16")
    minhashes = numpy.frombuffer(b"".join(bytes(m) for _r, m in rows), dtype="<u4")
    return ids, minhashes.reshape(len(rows), NUM_PERM)


def replace_pairs(report_ids: list, found, now) -> None:
    """The batch's pairs (this side only: the other side is written by the other's batch).
    found: (report ids, other ids, similarities), ids as S16 arrays. By binary COPY into a
    temporary table, then INSERT … ON CONFLICT: the live sweep may have written one meanwhile."""
    mine, others, similarity = found
    rows = numpy.empty(len(mine), dtype=_PAIR_ROW)
    rows["fields"], rows["id_len"], rows["other_len"], rows["similarity_len"] = 3, 16, 16, 8
    rows["id"], rows["other"], rows["similarity"] = mine.view("V16"), others.view("V16"), similarity
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS similarity_found_pair "
            "(report_id uuid, other_id uuid, similarity float8)"
        )
        cursor.execute("DELETE FROM similarity_found_pair")  # a test's batches share a transaction
        cursor.execute(f"DELETE FROM {PAIR} WHERE report_id = ANY(%s)", [report_ids])  # noqa: S608
        sql = "COPY similarity_found_pair FROM STDIN (FORMAT BINARY)"
        with cursor.cursor.copy(sql) as copy:
            copy.write(_HEADER + rows.tobytes() + _TRAILER)
        cursor.execute(
            f"INSERT INTO {PAIR} (report_id, other_id, similarity, found_at) "  # noqa: S608
            "SELECT report_id, other_id, similarity, %s FROM similarity_found_pair "
            "ON CONFLICT DO NOTHING",
            [now],
        )
        cursor.execute(
            f"UPDATE {SIGNATURE} SET paired_at = %s WHERE report_id = ANY(%s)",  # noqa: S608
            [now, report_ids],
        )
