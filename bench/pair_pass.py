"""The near-duplicates pass of rebuild_similarity alone, on a database scale.py has loaded and
rebuilt (`--load-only DIR` then `--reuse DIR`): CPU of the client and of the database, and the
pairs it wrote, which --save / --compare keep and check against another run (e.g. of an older
checkout: ROOT is this file's checkout).

    .venv/bin/python bench/pair_pass.py --db NAME --data DIR [--save TABLE | --compare TABLE]
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PG, PY, ROOT, bench_env  # noqa: E402
from scale import ServerCpu  # noqa: E402

RUN = """
import django
django.setup()
from cases.similarity import rebuild
rebuild.PASSES["similarity"] = rebuild.PASSES["similarity"][1:]
rebuild.run("similarity", jobs={jobs}, fresh=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--data", required=True, help="the --load-only DIR (its keyring)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--save", metavar="TABLE", help="copy the pairs found into TABLE")
    parser.add_argument("--compare", metavar="TABLE", help="compare the pairs with TABLE")
    args = parser.parse_args()
    env = bench_env(args.db, Path(args.data), DJANGO_SETTINGS_MODULE="tipline.settings")
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{PG}/{args.db}", autocommit=True) as conn:
        reports = conn.execute("SELECT count(*) FROM similarity_signature").fetchone()[0]
    server = ServerCpu(args.db)
    server.start()
    started = time.perf_counter()
    subprocess.run([PY, "-c", RUN.format(jobs=args.jobs)], cwd=ROOT, env=env, check=True)  # noqa: S603
    wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    client, db = used.ru_utime + used.ru_stime, server.total()
    print(
        f"near-duplicates pass, {reports:,} reports: {wall:.1f} s wall, load average "
        f"{os.getloadavg()[0]:.1f}, peak RSS {used.ru_maxrss / 1024:,.0f} MB\n"
        f"  CPU: client {client:.1f} s + database {db:.1f} s = "
        f"{1000 * (client + db) / reports:.2f} CPU-s per 1,000 reports"
    )
    with psycopg.connect(f"{PG}/{args.db}", autocommit=True) as conn:
        count = conn.execute("SELECT count(*) FROM similarity_similarpair").fetchone()[0]
        print(f"  pairs (both directions): {count:,}")
        if args.save:
            table = sql.Identifier(args.save)
            conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
            conn.execute(
                sql.SQL("CREATE TABLE {} AS SELECT * FROM similarity_similarpair").format(table)
            )
        if args.compare:
            differ = sql.SQL(
                "SELECT count(*) FROM (SELECT report_id, other_id FROM {} "
                "EXCEPT SELECT report_id, other_id FROM {}) d"
            )
            here, there = sql.Identifier("similarity_similarpair"), sql.Identifier(args.compare)
            only_new = conn.execute(differ.format(here, there)).fetchone()[0]
            only_old = conn.execute(differ.format(there, here)).fetchone()[0]
            print(f"  vs {args.compare}: {only_new} only here, {only_old} only there")


if __name__ == "__main__":
    main()
