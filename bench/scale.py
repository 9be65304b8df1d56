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
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import PY, ROOT, bench_env, recreate_database  # noqa: E402
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
                )
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"COPY of {count:,} reports: {time.perf_counter() - started:.1f} s")
    return ids


def rebuild(env: dict, command: str, jobs: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process of the run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own manage.py
        [PY, "manage.py", command, "--jobs", str(jobs)],
        cwd=ROOT,
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, peak


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipline-bench-") as tmp:
        env = bench_env(DB_NAME, Path(tmp), TIPLINE_LOG_LEVEL="WARNING")
        recreate_database(DB_NAME)
        from core import keyring

        keyring.save(keyring.generate(), Path(tmp) / "keyring.json")
        setup_django(env)
        world = make_world()
        ids = copy_reports(world, args.reports, args.seed)
        from django.db import connections

        connections.close_all()
        for command in ("rebuild_similarity", "rebuild_search_index"):
            wall, peak = rebuild(env, command, args.jobs)
            print(
                f"{command:22s} {wall:8.1f} s  ({args.reports / wall:,.0f} reports/s), "
                f"peak RSS of the largest process {peak:,.0f} MB"
            )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        time_lookups(args.reports, args.seed)
        time_search(world)
        sizes(args.reports)
        accuracy(ids, args.seed)


if __name__ == "__main__":
    main()
