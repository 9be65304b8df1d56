"""The signing pass of rebuild_similarity alone, on a database loaded by
`bench/scale.py --load-only DIR --db NAME`: wall, CPU of the client processes and of their
PostgreSQL backends, peak RSS, load average. The pair pass is left out (see bench/scale.py for
the whole rebuild).

    .venv/bin/python bench/sign_pass.py --db simsign_bench --reuse /tmp/data --jobs 2
    .venv/bin/python bench/sign_pass.py ... --jobs 1 --profile /tmp/sign.prof   # cProfile, CPU time
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PY, ROOT, bench_env  # noqa: E402
from scale import ServerCpu  # noqa: E402


def child(jobs: int, profile: str | None) -> None:
    """Runs in the measured process: a fresh (--restart) rebuild with the signing pass only."""
    import django

    django.setup()
    from cases.similarity import rebuild

    rebuild.PASSES = {"similarity": rebuild.PASSES["similarity"][:1]}
    if not profile:
        rebuild.run("similarity", jobs=jobs, fresh=True)
        return
    import cProfile

    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(rebuild.run, "similarity", jobs=jobs, fresh=True)
    profiler.dump_stats(profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--reuse", required=True, metavar="DIR", help="from --load-only DIR")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--profile", help="cProfile (process time) to this file; use --jobs 1")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.jobs, args.profile)
        return
    env = bench_env(args.db, Path(args.reuse), DJANGO_SETTINGS_MODULE="tipline.settings")
    env["PYTHONPATH"] = str(ROOT)
    command = [PY, __file__, "--child", "--db", args.db, "--reuse", args.reuse]
    command += ["--jobs", str(args.jobs)] + (["--profile", args.profile] if args.profile else [])
    server = ServerCpu(args.db)
    server.start()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - this script
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    client, database = usage.ru_utime + usage.ru_stime, server.total()
    with __import__("psycopg").connect(env["TIPLINE_DATABASE_URL"]) as conn:
        count = conn.execute("SELECT count(*) FROM similarity_signature").fetchone()[0]
    print(
        f"signing pass: {count:,} reports in {wall:.1f} s; peak RSS {usage.ru_maxrss / 1024:.0f} MB"
        f"; load average {load:.1f} → {os.getloadavg()[0]:.1f}\n"
        f"  CPU: client {client:.1f} s + database {database:.1f} s = "
        f"{1000 * (client + database) / max(count, 1):.2f} CPU-s per 1,000 reports"
    )


if __name__ == "__main__":
    main()
