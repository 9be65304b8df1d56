"""Triage at national scale (issue 9): near-duplicates, search and the backfills at N reports.

Builds a throwaway PostgreSQL database (`tipline_bench_scale`), COPYs N reports of the seeded
corpus (bench/corpus.py) into it with really sealed answers (the backfills decrypt them, as in
production), then prints, each beside a baseline measured in the same run:

  - the full similarity rebuild (rebuild_similarity --jobs J) and the search index rebuild: wall
    time and the peak memory of the largest process;
  - similar-report lookup for a newly arrived report: p50/p95 (baseline: a report by primary key);
  - keyword search (1-3 terms) for an analyst scoped to one province: p50/p95, with snippets
    and the audit event (baseline: that analyst's triage queue page, count + 50 rows);
  - index bytes per report (blind index; similarity tables);
  - recall and precision of near-duplicate pairs on the first 20,000 reports (labelled groups).

    .venv/bin/python bench/scale.py --reports 1000000 --jobs 2
"""

import argparse
import contextlib
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import PG, PY, ROOT, bench_env, recreate_database  # noqa: E402
from corpus import labelled_pairs, stream, variant  # noqa: E402

DB_NAME = "tipline_bench_scale"
PROVINCES = ["110000", "120000", "310000", "320000", "330000", "440000", "510000", "610000"]
SUBSET = 20_000
COLUMNS = [
    "id",
    "receipt_hash",
    "channel",
    "category_id",
    "region_id",
    "language",
    "status",
    "created_at",
    "key_id",
    "wrapped_key",
    "answers_sealed",
    "has_identity",
    "unit_id",
    "priority",
    "triage_state",
    "routed_at",
    "reward_barred",
    "receipt_declined",
    "reporter_kind",
    "reference",
]
TERMS = [
    "无人机",
    "军港",
    "拍照",
    "车牌",
    "drone",
    "photos",
    "plates",
    "雷达站 拍摄",
    "naval pier",
    "部队 调动 打听",
    "guard posts watch",
]


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def provincial_units():
    """Headquarters and a unit for each of PROVINCES: [(unit, its region)] and HQ."""
    from accounts.models import Region, Unit

    hq = Unit.objects.create(name_zh="国家总部", name_en="HQ")
    units = []
    for code in PROVINCES:
        region = Region.objects.create(code=code, name_zh=code, name_en=code, level=1)
        unit = Unit.objects.create(name_zh=code, name_en=code, parent=hq)
        unit.regions.add(region)
        units.append((unit, region))
    return units, hq


def make_world():
    from intake.models import Category
    from tipline.test import make_staff

    units, _hq = provincial_units()
    category = Category.objects.create(slug="espionage", name_zh="间谍", name_en="Espionage")
    analyst = make_staff("bench_analyst", units[0][0], "analyst")
    return {"units": units, "category": category, "analyst": analyst}


def bench_reference(number: int) -> str:
    """Unique by construction: random references would collide about once in a million rows."""
    from core.references import ALPHABET, LENGTH

    chars = []
    for _ in range(LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def loaded_world() -> tuple[dict, dict[int, uuid.UUID]]:
    """What make_world and copy_reports returned, read back from a loaded database."""
    from accounts.models import User
    from intake.models import Report

    numbers = {bench_reference(n): n for n in range(SUBSET)}
    rows = Report.objects.filter(reference__in=numbers).values_list("reference", "id")
    world = {"analyst": User.objects.get(username="bench_analyst")}
    return world, {numbers[reference]: report_id for reference, report_id in rows}


def copy_reports(world, count: int, seed: int) -> dict[int, uuid.UUID]:
    """COPY the corpus in; returns doc id -> report id for the labelled subset."""
    from django.db import connection
    from django.utils import timezone

    from intake import vault

    dek, key_id, wrapped = vault.new_report_key()
    now = timezone.now()
    ids = {}
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY intake_report ({', '.join(COLUMNS)}) FROM STDIN") as copy,
    ):
        for doc in stream(count, seed=seed):
            report_id = uuid.uuid4()
            if doc.id < SUBSET:
                ids[doc.id] = report_id
            unit, region = world["units"][doc.id % len(world["units"])]
            created = now - timedelta(seconds=random.randint(0, 180 * 86400))
            copy.write_row(
                (
                    report_id,
                    secrets.token_bytes(32),
                    random.choice(("web", "api", "hotline")),
                    world["category"].pk,
                    region.code,
                    "zh-hans",
                    "received",
                    created,
                    key_id,
                    wrapped,
                    vault.seal_answers(dek, report_id, {"what": doc.text}),
                    False,
                    unit.pk,
                    3,
                    "new",
                    created,
                    False,
                    False,
                    "person",
                    bench_reference(doc.id),
                )
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"COPY of {count:,} reports: {time.perf_counter() - started:.1f} s")
    return ids


class ServerCpu(threading.Thread):
    """CPU seconds of the database's backends serving one database (the box is shared, so wall
    time alone says little): /proc of each backend, sampled until they exit. Needs PostgreSQL
    on this host."""

    def __init__(self, db_name: str):
        super().__init__(daemon=True)
        self.db_name, self.seen, self.stopping = db_name, {}, threading.Event()

    def run(self) -> None:
        import psycopg

        tick = os.sysconf("SC_CLK_TCK")
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            while not self.stopping.wait(0.5):
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.db_name]
                ).fetchall()
                for (pid,) in rows:
                    with contextlib.suppress(OSError):
                        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                        self.seen[pid] = (int(fields[11]) + int(fields[12])) / tick

    def total(self) -> float:
        self.stopping.set()
        self.join()
        return sum(self.seen.values())


def rebuild(
    env: dict, command: str, jobs: int, db_name: str, *extra: str
) -> tuple[float, float, float, float]:
    """Wall seconds, peak RSS (MB) of the largest process of the run, client CPU seconds (all
    its processes) and database CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = ServerCpu(db_name)
    server.start()
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own manage.py
        [PY, "manage.py", command, "--jobs", str(jobs), *extra],
        cwd=ROOT,
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(before.ru_maxrss, after.ru_maxrss) / 1024
    client = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, peak, client, server.total()


def quantiles(samples: list[float]) -> str:
    p95 = statistics.quantiles(samples, n=20)[18]
    return f"p50 {statistics.median(samples):6.1f} ms  p95 {p95:6.1f} ms"


def time_lookups(count: int, seed: int) -> None:
    from cases.similarity import signature
    from cases.similarity.indexing import similar_to
    from intake.models import Report

    rng = random.Random(seed + 1)
    fp = signature.key_fingerprint()
    bases = [doc for doc in stream(2000, seed=seed)]
    some_ids = list(Report.objects.values_list("id", flat=True)[:200])
    lookups, signing, baseline = [], [], []
    for i in range(200):
        doc = rng.choice(bases)
        text = variant(rng, doc.text, doc.lang)  # a newly arrived copy of a known report
        started = time.perf_counter()
        minhash = signature.minhash(text)
        signing.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        similar_to(uuid.uuid4(), minhash, fp)
        lookups.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        Report.objects.filter(pk=some_ids[i % len(some_ids)]).first()
        baseline.append((time.perf_counter() - started) * 1000)
    print(f"similar lookup (DB)      {quantiles(lookups)}")
    print(f"  signature (CPU)        {quantiles(signing)}")
    print(f"  baseline: report by pk {quantiles(baseline)}")


def time_search(world) -> None:
    from cases.search.actions import do_search_reports
    from cases.search.queries import SearchFilters
    from intake.models import Report

    analyst = world["analyst"]
    searches, baseline, totals = [], [], []
    for i in range(100):
        started = time.perf_counter()
        total, _results = do_search_reports(analyst, SearchFilters(q=TERMS[i % len(TERMS)]))
        searches.append((time.perf_counter() - started) * 1000)
        totals.append(total)
        started = time.perf_counter()
        page = Report.objects.visible_to(analyst).triage_queue()
        page.count()
        list(page[:50])
        baseline.append((time.perf_counter() - started) * 1000)
    print(
        f"search, one province     {quantiles(searches)}  "
        f"(median total {statistics.median(totals):,.0f})"
    )
    print(f"  baseline: queue page   {quantiles(baseline)}")


def sizes(count: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for label, tables in (
            ("blind index", ["search_searchdocument"]),
            ("similarity", ["similarity_signature", "similarity_band", "similarity_similarpair"]),
            ("baseline: reports", ["intake_report"]),
        ):
            total = 0
            for table in tables:
                cursor.execute("SELECT pg_total_relation_size(%s)", [table])
                total += cursor.fetchone()[0]
            print(f"{label:20s} {total / count:8.0f} bytes per report ({total / 2**20:,.0f} MB)")


def accuracy(ids: dict[int, uuid.UUID], seed: int) -> None:
    from cases.similarity.models import SimilarPair

    docs = list(stream(min(SUBSET, len(ids)), seed=seed))
    truth = {frozenset((ids[a], ids[b])) for a, b in labelled_pairs(docs)}
    members = set(ids.values())
    found = set()
    for a, b in SimilarPair.objects.filter(report__in=members).values_list("report_id", "other_id"):
        if b in members:
            found.add(frozenset((a, b)))
    hits = len(found & truth)
    print(
        f"near-duplicate pairs on {len(docs):,} reports: labelled {len(truth):,}, found "
        f"{len(found):,}; recall {hits / max(1, len(truth)):.3f}, precision "
        f"{hits / max(1, len(found)):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--db", default=DB_NAME, help="database to (re)create")
    parser.add_argument(
        "--load-only",
        metavar="DIR",
        help="COPY the reports, keep the keyring in DIR and stop (for profiling a rebuild)",
    )
    parser.add_argument(
        "--reuse", metavar="DIR", help="measure a database loaded by --load-only DIR (same --db)"
    )
    parser.add_argument("--no-search", action="store_true", help="similarity figures only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipline-bench-") as tmp:
        data_dir = Path(args.reuse or args.load_only or tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        env = bench_env(args.db, data_dir, TIPLINE_LOG_LEVEL="WARNING")
        if args.reuse:
            setup_django(env)
            world, ids = loaded_world()
        else:
            recreate_database(args.db)
            from core import keyring

            keyring.save(keyring.generate(), data_dir / "keyring.json")
            setup_django(env)
            world = make_world()
            ids = copy_reports(world, args.reports, args.seed)
        if args.load_only:
            return
        from django.db import connections

        connections.close_all()
        commands = ["rebuild_similarity"] + ([] if args.no_search else ["rebuild_search_index"])
        for command in commands:
            wall, peak, client, server = rebuild(env, command, args.jobs, args.db)
            print(
                f"{command:22s} {wall:8.1f} s  ({args.reports / wall:,.0f} reports/s), "
                f"peak RSS of the largest process {peak:,.0f} MB; "
                f"load average {os.getloadavg()[0]:.1f}"
            )
            print(
                f"  CPU: client {client:,.1f} s + database {server:,.1f} s = "
                f"{1000 * (client + server) / args.reports:.1f} CPU-s per 1,000 reports"
            )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        time_lookups(args.reports, args.seed)
        if not args.no_search:
            time_search(world)
        sizes(args.reports)
        accuracy(ids, args.seed)


if __name__ == "__main__":
    main()
