"""The search half of bench/scale.py on its own: load N reports, rebuild the blind index, time
keyword searches for an analyst scoped to one province (issue 9).

The similarity rebuild is left out, so the search figures can be measured at sizes where the
full scale run would take too long on a shared box. `--keep` reuses the database and keyring of
an earlier run (no COPY), so a change to the rebuild or the query can be measured again on the
same reports.

    .venv/bin/python bench/search_index.py --reports 200000 --jobs 2
    .venv/bin/python bench/search_index.py --reports 200000 --keep --explain
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import scale  # noqa: E402
from common import ROOT, bench_env, recreate_database  # noqa: E402

DB_NAME = "tipline_bench_search"


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def explain(world) -> None:
    """The plan of the search's count and page queries for the first terms."""
    from django.db import connection

    from cases.search.queries import SearchFilters, matching_reports

    for q in scale.TERMS[:3]:
        reports = matching_reports(world["analyst"], SearchFilters(q=q))
        for label, qs in (("count", reports.values("pk")), ("page", reports[:20])):
            sql, params = qs.query.sql_with_params()
            if label == "count":
                sql = f"SELECT count(*) FROM ({sql}) AS found"  # noqa: S608 - our own query
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                print(f"--- {q!r} {label}")
                print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--database", default=DB_NAME)
    parser.add_argument("--keep", action="store_true", help="reuse the reports of an earlier run")
    parser.add_argument("--no-rebuild", action="store_true", help="time searches only")
    parser.add_argument("--explain", action="store_true", help="print the queries' plans")
    args = parser.parse_args()
    data_dir = ROOT / "var" / f"bench-{args.database}"  # the keyring must outlive a --keep run
    data_dir.mkdir(parents=True, exist_ok=True)
    env = bench_env(args.database, data_dir, TIPLINE_LOG_LEVEL="WARNING")
    if not args.keep:
        recreate_database(args.database)
        from core import keyring

        keyring.save(keyring.generate(), data_dir / "keyring.json")
    scale.setup_django(env)
    from accounts.models import User

    if args.keep:
        from intake.models import Report

        world = {"analyst": User.objects.get(username="bench_analyst")}
        count = Report.objects.count()
    else:
        world = scale.make_world()
        scale.copy_reports(world, args.reports, args.seed)
        count = args.reports
    from django.db import connection, connections

    connections.close_all()
    if not args.no_rebuild:
        print(load_average())
        wall, _peak, cpu, db = scale.rebuild(
            env, "rebuild_search_index", args.jobs, args.database, "--restart"
        )
        print(f"rebuild_search_index --jobs {args.jobs}: {wall:.1f} s ({count / wall:,.0f}/s)")
        # On a shared box the wall time follows the load; the CPU time of the command's own
        # processes (not PostgreSQL's) does much less.
        print(f"  CPU of the command's processes {cpu:.1f} s ({count / cpu:,.0f} reports/CPU-s)")
        print(f"  CPU of its PostgreSQL backends {db:.1f} s; both: {count / (cpu + db):,.0f}/CPU-s")
        print(load_average())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if args.explain:
        explain(world)
    print(load_average())
    scale.time_search(world)
    print(load_average())
    scale.sizes(count)


if __name__ == "__main__":
    main()
