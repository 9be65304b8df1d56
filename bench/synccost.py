"""What synchronous commit costs, in isolation: intake throughput with the primary waiting for
no standby, for ANY 1 of two (quorum) and for FIRST 1 (a named standby), in one run.

Uses the primary + two standbys of deploy/pg-cluster.sh (tlprimary 5442, tlreplica 5443,
tlstandby 5444: separate PostgreSQL clusters on this machine, so a standby's WAL write is a real
second fsync). One gunicorn on the primary, directly (no pgbouncer, no balancer, no readers):
only the commit wait differs between phases. Each round runs the three settings back to back
(`ALTER SYSTEM SET synchronous_standby_names` + reload between them), `--rounds` times, so that
the machine's other load falls on all three alike; the figures are each setting's median over
the rounds and its ratio to `off` from the same run. Also pgbench with a one-row INSERT per
transaction: the commit wait without Django around it. Prints the load average at each phase.

If this script created the cluster it drops it at the end; if the cluster was there before, it
leaves it with quorum commit, as deploy/pg-cluster.sh makes it. Needs root, wrk, Redis on 6379.

    .venv/bin/python bench/synccost.py [--seconds 8] [--rounds 3] [--connections 16]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster import PRIMARY, QUORUM, set_sync, sql  # noqa: E402
from common import ROOT, bench_env, free_port, get_json, manage, post_json, wrk  # noqa: E402

from intake import sample_answers  # noqa: E402

sys.path.insert(0, str(ROOT))
from tipline.testing.drill import WebServer  # noqa: E402

DB = "tipline_synccost"
SETTINGS = {"off": "", "ANY 1": QUORUM, "FIRST 1": "FIRST 1 (tlreplica,tlstandby)"}
PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"


def cluster_exists() -> bool:
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
    return any(line.split()[1] == "tlprimary" for line in out.stdout.splitlines() if line.split())


def pgbench(script: str, connections: int, seconds: int) -> float:
    out = subprocess.run(  # noqa: S603
        [PGBENCH, "-n", "-h", "127.0.0.1", "-p", str(PRIMARY), "-U", "postgres",
         f"-c{connections}", "-j2", f"-T{seconds}", "-f", script, DB],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return next(float(line.split()[2]) for line in out.splitlines() if line.startswith("tps ="))


def submission(base: str) -> str:
    categories = get_json(f"{base}/api/v1/categories")
    regions = get_json(f"{base}/api/v1/regions")
    body = {
        "category": categories[0]["slug"],
        "answers": sample_answers(categories[0], regions),
        "language": "zh-hans",
    }
    assert post_json(f"{base}/api/v1/reports", body)[0] == 201
    return (
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = [==[{json.dumps(body, ensure_ascii=False)}]==]\n"
    )


def measure(args, base: str, lua: str, insert: str) -> dict:
    results: dict = {
        name: {"intake": [], "p99": [], "pgbench": [], "load": []} for name in SETTINGS
    }
    for round_ in range(1, args.rounds + 1):
        for name, names in SETTINGS.items():
            set_sync(names)
            got = wrk(f"{base}/api/v1/reports", connections=args.connections,
                      seconds=args.seconds, lua=lua)  # fmt: skip
            tps = pgbench(insert, args.connections, args.seconds)
            load = os.getloadavg()[0]
            for key, value in (("intake", got["rps"]), ("p99", got.get("p99", 0)),
                               ("pgbench", tps), ("load", load)):  # fmt: skip
                results[name][key].append(value)
            print(
                f"round {round_} {name:<8} intake {got['rps']:7.1f}/s p99 "
                f"{got.get('p99', 0):7.1f} ms errors {got.get('errors', 0)}; pgbench insert "
                f"{tps:8.1f} tps; load average {load:.2f}",
                flush=True,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    created = not cluster_exists()
    subprocess.run(["bash", "deploy/pg-cluster.sh", "up"], cwd=ROOT, check=True)  # noqa: S607
    try:
        sql(PRIMARY, f"DROP DATABASE IF EXISTS {DB}")
        sql(PRIMARY, f"CREATE DATABASE {DB}")
        sql(PRIMARY, "CREATE TABLE IF NOT EXISTS commits (at timestamptz, note text)", db=DB)
        with tempfile.TemporaryDirectory(prefix="tipline-synccost-") as tmp:
            env = bench_env(
                DB, Path(tmp), TIPLINE_DATABASE_URL=f"postgres://postgres@127.0.0.1:{PRIMARY}/{DB}"
            )
            for command in (["init_keyring"], ["migrate", "--noinput"], ["load_demo_data"]):
                manage(env, *command)
            insert = Path(tmp) / "insert.sql"
            insert.write_text("INSERT INTO commits VALUES (now(), repeat('x', 200));\n")
            insert.chmod(0o644)
            server = WebServer(env, free_port(), args.workers, Path(tmp) / "gunicorn.log")
            try:
                server.start(wait=300)  # a loaded machine starts gunicorn slowly
                base = f"http://127.0.0.1:{server.port}"
                print(f"{args.workers} gunicorn workers on tlprimary; c={args.connections}")
                results = measure(args, base, submission(base), str(insert))
            finally:
                server.stop()
        off = {k: statistics.median(results["off"][k]) for k in ("intake", "pgbench")}
        print("\nmedian over rounds (ratio to off, same run):")
        for name, got in results.items():
            intake, tps = statistics.median(got["intake"]), statistics.median(got["pgbench"])
            print(
                f"{name:<8} intake {intake:7.1f}/s ({intake / off['intake']:.2f}x)  p99 "
                f"{statistics.median(got['p99']):7.1f} ms  pgbench {tps:8.1f} tps "
                f"({tps / off['pgbench']:.2f}x)  load {statistics.mean(got['load']):.1f}"
            )
    finally:
        if created:
            subprocess.run(["bash", "deploy/pg-cluster.sh", "drop"], cwd=ROOT, check=False)  # noqa: S607
        else:
            set_sync(QUORUM)
            sql(PRIMARY, f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
