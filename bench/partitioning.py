"""Partitioning the reports table by month, measured (issue 12, decision 0006).

Builds a throwaway PostgreSQL database (`tipline_bench_partitioning`) with two tables shaped like
`intake_report` (same columns that matter, same indexes), filled with the same N rows spread over
the last twelve months:

  - `r_plain`: unpartitioned, `UNIQUE (receipt_hash)`, primary key `id`;
  - `r_part`: `PARTITION BY RANGE (created_at)`, one partition a month; the primary key becomes
    `(id, created_at)` and the receipt index `UNIQUE (receipt_hash, created_at)`, because a
    unique index on a partitioned table must include the partition key.

Then prints, partitioned against unpartitioned (ratio = partitioned / plain, same run):
inserts (COPY and single-row INSERTs, each its own commit, as intake does), the receipt lookup
(without the month: every partition's index is probed; with the month: pruned to one), the
triage queue page and count for one unit, routine VACUUM after triage updates, a retention
delete of one month (DELETE vs DETACH + DROP PARTITION) and the VACUUM after it.

    .venv/bin/python bench/partitioning.py --rows 10000000

Rows carry 256 bytes of sealed answers (stored inline): real rows are larger (answers are TOASTed
at ~4 KB), which makes heap scans costlier still but changes none of the index figures.
"""

import argparse
import hashlib
import random
import statistics
import struct
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PG, recreate_database  # noqa: E402

DB_NAME = "tipline_bench_partitioning"
UNITS = 32
ANSWERS = bytes(random.Random(7).getrandbits(8) for _ in range(256))
COLUMNS = """
    id uuid NOT NULL, receipt_hash bytea NOT NULL, channel varchar(60) NOT NULL,
    category_id integer NOT NULL, region_id varchar(12), unit_id integer,
    status varchar(20) NOT NULL, triage_state varchar(20) NOT NULL, priority smallint NOT NULL,
    created_at timestamptz NOT NULL, key_id varchar(40) NOT NULL, wrapped_key bytea NOT NULL,
    answers_sealed bytea NOT NULL
"""
INDEXES = (  # intake_report's secondary indexes (models.Report.Meta)
    "(status, created_at)",
    "(triage_state, priority, created_at)",
    "(unit_id, triage_state, priority, created_at)",
)


def receipt_hash(i: int) -> bytes:
    return hashlib.sha256(struct.pack(">q", i)).digest()  # = sha256(int8send(i)) in SQL


class Clock:
    """Every row's created_at is a function of its number, so lookups can name its month."""

    def __init__(self, rows: int):
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.start = month_start(self.now, -11)
        self.step = (self.now - self.start) / rows

    def created(self, i: int) -> datetime:
        return self.start + self.step * i


def month_start(moment: datetime, shift: int = 0) -> datetime:
    index = moment.year * 12 + moment.month - 1 + shift
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def timed(conn, sql: str, params=()) -> float:
    started = time.perf_counter()
    conn.execute(sql, params)
    return time.perf_counter() - started


def create_tables(conn, clock: Clock) -> None:
    conn.execute(f"CREATE TABLE r_plain ({COLUMNS})")
    conn.execute(f"CREATE TABLE r_part ({COLUMNS}) PARTITION BY RANGE (created_at)")
    for k in range(13):  # the twelve months of data and the next one
        low, high = month_start(clock.start, k), month_start(clock.start, k + 1)
        conn.execute(  # DDL takes no parameters; both bounds are our own datetimes
            f"CREATE TABLE r_part_{k:02} PARTITION OF r_part "
            f"FOR VALUES FROM ('{low.isoformat()}') TO ('{high.isoformat()}')"
        )


def load(conn, rows: int, clock: Clock) -> None:
    """Generated in the server (no Python per row); indexes built after the load."""
    conn.execute("SET maintenance_work_mem = '512MB'")
    seconds = timed(
        conn,
        """INSERT INTO r_plain SELECT
             md5(i::text)::uuid, sha256(int8send(i)), (ARRAY['web','api','hotline'])[1 + i %% 3],
             1 + i %% 20, (110000 + (i %% 8) * 10000)::text, 1 + (i * 7) %% %(units)s, 'received',
             CASE WHEN t > %(now)s - interval '30 days' AND random() < 0.3 THEN 'new'
                  WHEN random() < 0.002 THEN 'new' ELSE 'accepted' END,
             1 + i %% 4, t, 'm-bench', %(wrapped)s,
             overlay(%(answers)s::bytea placing int8send(i) from 1)
           FROM generate_series(0, %(rows)s - 1) AS i,
                LATERAL (SELECT %(start)s + %(step)s * i AS t) AS c""",
        {
            "units": UNITS,
            "now": clock.now,
            "wrapped": ANSWERS[:60],
            "answers": ANSWERS,
            "rows": rows,
            "start": clock.start,
            "step": clock.step,
        },
    )
    print(f"  generate {rows:,} rows into r_plain: {seconds:.0f} s", flush=True)
    seconds = timed(conn, "INSERT INTO r_part SELECT * FROM r_plain")
    print(f"  copy them into r_part (routed to partitions): {seconds:.0f} s", flush=True)
    for table, key in (("r_plain", ""), ("r_part", ", created_at")):
        started = time.perf_counter()
        conn.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (id{key})")
        conn.execute(f"ALTER TABLE {table} ADD UNIQUE (receipt_hash{key})")
        for n, columns in enumerate(INDEXES):
            conn.execute(f"CREATE INDEX {table}_i{n} ON {table} {columns}")
        print(f"  indexes on {table}: {time.perf_counter() - started:.0f} s", flush=True)


def row(i: int, created: datetime) -> tuple:
    return (
        hashlib.md5(str(i).encode()).hexdigest(),  # noqa: S324 - a row id, not security
        receipt_hash(i),
        "web",
        1,
        "110000",
        1 + i % UNITS,
        "received",
        "new",
        1 + i % 4,
        created,
        "m-bench",
        ANSWERS[:60],
        ANSWERS,
    )


def report(name: str, plain: float, part: float, unit: str) -> None:
    ratio = part / plain if plain else float("nan")
    print(
        f"{name:<46} plain {plain:>10.3f} {unit:<6} "
        f"partitioned {part:>10.3f} {unit:<6} x{ratio:.2f}"
    )


def insert_rates(conn, rows: int, clock: Clock) -> None:
    """Rounds alternate between the tables so that the machine's load hits both alike."""
    rates: dict[str, dict[str, list[float]]] = {"copy": {}, "insert": {}}
    next_i = rows
    for _round in range(3):
        for table in ("r_plain", "r_part"):
            batch = [row(next_i + j, clock.now) for j in range(20_000)]
            next_i += len(batch)
            started = time.perf_counter()
            with conn.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                for values in batch:
                    copy.write_row(values)
            rates["copy"].setdefault(table, []).append(len(batch) / (time.perf_counter() - started))
            started = time.perf_counter()
            for j in range(1000):  # one commit each (autocommit), like a submission
                conn.execute(
                    f"INSERT INTO {table} VALUES ({', '.join(['%s'] * 13)})",  # noqa: S608 - ours
                    row(next_i + j, clock.now),
                )
            next_i += 1000
            rates["insert"].setdefault(table, []).append(1000 / (time.perf_counter() - started))
    for kind, label in (
        ("copy", "COPY, rows/s (median of 3 x 20,000)"),
        ("insert", "single-row INSERT + commit, rows/s"),
    ):
        report(label, *(statistics.median(rates[kind][t]) for t in ("r_plain", "r_part")), "/s")


def lookups(conn, rows: int, clock: Clock, count: int) -> None:
    rng = random.Random(1)
    picks = [rng.randrange(rows) for _ in range(count)]
    times: dict[str, list[float]] = {"plain": [], "part": [], "month": []}
    queries = {
        "plain": ("SELECT id FROM r_plain WHERE receipt_hash = %s", lambda i: (receipt_hash(i),)),
        "part": ("SELECT id FROM r_part WHERE receipt_hash = %s", lambda i: (receipt_hash(i),)),
        "month": (
            "SELECT id FROM r_part WHERE receipt_hash = %s "
            "AND created_at >= %s AND created_at < %s",
            lambda i: (
                receipt_hash(i),
                month_start(clock.created(i)),
                month_start(clock.created(i), 1),
            ),
        ),
    }
    for i in picks:
        for name, (sql, params) in queries.items():
            started = time.perf_counter()
            found = conn.execute(sql, params(i)).fetchone()
            times[name].append((time.perf_counter() - started) * 1e6)
            assert found is not None, f"{name}: row {i} not found"  # noqa: S101 - bench sanity
    plain = statistics.median(times["plain"])
    report(
        "receipt lookup, no month (median round trip)",
        plain,
        statistics.median(times["part"]),
        "us",
    )
    report("receipt lookup with the month (pruned)", plain, statistics.median(times["month"]), "us")
    for name, (sql, params) in queries.items():
        planning, executing = [], []
        for i in picks[:200]:  # in the server, without the round trip: EXPLAIN ANALYZE's summary
            plan = [
                line for (line,) in conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params(i))
            ]
            planning.append(float(plan[-2].split(":")[1].split()[0]))
            executing.append(float(plan[-1].split(":")[1].split()[0]))
        scans = sum("Index" in line and "Scan" in line for line in plan)
        buffers = next((line.strip() for line in plan if "Buffers" in line), "")
        print(
            f"  {name:<6} in the server: planning {statistics.median(planning) * 1000:.0f} us, "
            f"execution {statistics.median(executing) * 1000:.0f} us; {scans} index scan(s); "
            f"{buffers}"
        )


def triage(conn, count: int) -> None:
    page = (
        "SELECT id, priority, created_at, category_id, region_id FROM {t} WHERE unit_id = %s "
        "AND triage_state = 'new' ORDER BY priority, created_at, id LIMIT 50"
    )
    total = "SELECT count(*) FROM {t} WHERE unit_id = %s AND triage_state = 'new'"
    for label, sql in (
        ("triage queue page (50 rows), ms", page),
        ("triage queue count, ms", total),
    ):
        times: dict[str, list[float]] = {"r_plain": [], "r_part": []}
        for k in range(count):
            for table in times:
                started = time.perf_counter()
                conn.execute(sql.format(t=table), (1 + k % UNITS,)).fetchall()
                times[table].append((time.perf_counter() - started) * 1000)
        report(label, statistics.median(times["r_plain"]), statistics.median(times["r_part"]), "ms")


def routine_vacuum(conn, clock: Clock, updates: int) -> None:
    """Triage updates recent rows; VACUUM then scans every index whole, however few rows died."""
    since = clock.now - timedelta(days=3)
    for table in ("r_plain", "r_part"):
        update = "UPDATE {t} SET triage_state = 'accepted' WHERE id IN "
        update += "(SELECT id FROM {t} WHERE created_at >= %s LIMIT %s)"
        conn.execute(update.format(t=table), (since, updates))
    current = f"r_part_{11:02}"
    plain = timed(conn, "VACUUM r_plain")
    part = timed(conn, f"VACUUM {current}")
    report(f"VACUUM after {updates:,} triage updates, s", plain, part, "s")
    print(f"  (partitioned: the current month's partition {current} only, as autovacuum does)")


def retention(conn) -> None:
    oldest, second = "r_part_00", "r_part_01"
    bounds = "SELECT min(created_at), max(created_at) FROM {}"
    low, high = conn.execute(bounds.format(oldest)).fetchone()
    deleted = conn.execute(
        "SELECT count(*) FROM r_plain WHERE created_at BETWEEN %s AND %s", (low, high)
    ).fetchone()[0]
    plain = timed(conn, "DELETE FROM r_plain WHERE created_at BETWEEN %s AND %s", (low, high))
    started = time.perf_counter()
    conn.execute(f"ALTER TABLE r_part DETACH PARTITION {oldest}")
    conn.execute(f"DROP TABLE {oldest}")
    dropped = time.perf_counter() - started
    report(f"retention: one month ({deleted:,} rows), s", plain, dropped, "s")
    print("  (plain: DELETE; partitioned: DETACH + DROP PARTITION)")
    low, high = conn.execute(bounds.format(second)).fetchone()
    part = timed(conn, "DELETE FROM r_part WHERE created_at BETWEEN %s AND %s", (low, high))
    report("  the same by DELETE on the partitioned table", plain, part, "s")
    report(
        "VACUUM after the retention DELETE, s",
        timed(conn, "VACUUM r_plain"),
        timed(conn, f"VACUUM {second}"),
        "s",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    print(f"N = {args.rows:,} rows per table (13 monthly partitions)", flush=True)
    print("ratio x = partitioned / plain: above 1 is slower for times, faster for rates")
    recreate_database(DB_NAME)
    clock = Clock(args.rows)
    try:
        with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as conn:
            conn.prepare_threshold = None  # as Tipline runs psycopg: every query planned afresh
            create_tables(conn, clock)
            load(conn, args.rows, clock)
            first = (timed(conn, "VACUUM ANALYZE r_plain"), timed(conn, "VACUUM ANALYZE r_part"))
            report("first VACUUM ANALYZE after the load, s", *first, "s")
            for table in ("r_plain", "r_part"):
                size = conn.execute(
                    "SELECT pg_size_pretty(coalesce(sum(pg_total_relation_size(relid)), "
                    "pg_total_relation_size(%s))) FROM pg_partition_tree(%s)",
                    (table, table),
                ).fetchone()[0]
                print(f"  {table}: {size} with indexes")
            lookups(conn, args.rows, clock, args.lookups)
            triage(conn, 200)
            insert_rates(conn, args.rows, clock)
            routine_vacuum(conn, clock, 20_000)
            retention(conn)
    finally:
        if not args.keep:
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")


if __name__ == "__main__":
    main()
