"""CPU per request, by part of the arrangement: figures that do not depend on the machine's load.

Wall-clock throughput on a shared 2-core machine says as much about the neighbours as about us.
CPU time does not: each request costs the same CPU-seconds whether the box is idle or busy. So
this bench runs everything it measures on its own: a private PostgreSQL cluster (initdb, as
bench/faults.py), a private Redis, gunicorn in the production configuration (sync workers,
Redis cache, `synchronous_commit` on) and, with `--nodes 2`, a second node, pgbouncer
(transaction mode) and HAProxy in front. It drives one kind of request with wrk at
`--connections` and reads each process's CPU time from /proc before and after, then prints
CPU-milliseconds per request for each part (web, postgres, redis, pgbouncer, haproxy, wrk), the
capacity those figures imply for an idle 2-core node, and the measured rate with the load average.

    .venv/bin/python bench/nodecpu.py [--what intake,followup,health] [--seconds 15]
        [--workers 4] [--nodes 1|2] [--connections 64] [--port-base 8220] [--profile]
        [--callgrind 200]

`--profile` adds a cProfile of the web process (in-process WSGI calls, CPU time) for each kind;
`--callgrind N` counts the instructions of N requests of each kind in-process under valgrind
(the count of a run with N requests minus one with none, divided by N: exact and load-free).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clusterparts import haproxy_config, pgbouncer_config, wait_port  # noqa: E402
from common import PY, ROOT, bench_env, get_json, manage, post_json, wrk  # noqa: E402
from nodeparts import Processes, body_for, lua_for  # noqa: E402

from tipline.testing.pgcluster import PrivatePostgres  # noqa: E402

DB = "h_perf_node"
CORES = 2


def arrange(args, tmp: Path, procs: Processes) -> tuple[dict, str]:
    """Start PostgreSQL, Redis, the node(s) and (2 nodes) pgbouncer + HAProxy; (env, base URL)."""
    pg = PrivatePostgres(tmp)
    pg.port = args.port_base
    pg.init()
    pg.start()
    procs.postgres = pg
    redis_port = args.port_base + 1
    procs.start(
        "redis",
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""],
        ["--appendonly", "no", "--dir", str(tmp)],
    )
    wait_port(redis_port)
    direct = pg.createdb(DB)
    env = bench_env(
        DB,
        tmp,
        TIPLINE_DATABASE_URL=direct,
        TIPLINE_CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
    )
    for command in (["init_keyring"], ["migrate", "--noinput"], ["load_demo_data"]):
        manage(env, *command)
    if args.nodes > 1:
        bouncer = args.port_base + 2
        (tmp / "pgbouncer.ini").write_text(
            pgbouncer_config(bouncer, tmp, db=DB, server_port=pg.port)
        )
        procs.start("pgbouncer", ["pgbouncer", "-u", "postgres", str(tmp / "pgbouncer.ini")])
        wait_port(bouncer)
        env["TIPLINE_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{bouncer}/{DB}?pgbouncer=1"
    nodes = {f"n{i}": args.port_base + 4 + i for i in range(args.nodes)}
    for port in nodes.values():
        command = [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipline.wsgi"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
        # No recycling during a measurement: a replaced worker would take its CPU time with it.
        # A long timeout only because a loaded shared box can stall a worker for seconds.
        procs.start("web", command, ["--max-requests", "0", "--timeout", "120"], env=env)
        wait_port(port, path="/api/v1/health", seconds=180)
    if args.nodes == 1:
        return env, f"http://127.0.0.1:{nodes['n0']}"
    balancer = args.port_base + 3
    (tmp / "haproxy.cfg").write_text(haproxy_config(balancer, nodes))
    procs.start("haproxy", ["haproxy", "-db", "-f", str(tmp / "haproxy.cfg")])
    wait_port(balancer)
    return env, f"http://127.0.0.1:{balancer}"


def measure(procs: Processes, url: str, lua: str, args) -> dict:
    """wrk for --seconds; CPU seconds per part from /proc, wrk's own from its rusage."""
    # Unmeasured first: each worker's first requests import lazily and open its connections.
    wrk(url, connections=args.connections, seconds=3, lua=lua)
    stored = procs.postgres.psql(DB, "SELECT count(*) FROM intake_report")
    before, children = procs.cpu(), resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()
    # A long client timeout: a request wrk gave up on is still served, and its CPU counted.
    result = wrk(url, connections=args.connections, seconds=args.seconds, lua=lua, timeout=60)
    after, done = procs.cpu(), resource.getrusage(resource.RUSAGE_CHILDREN)
    if url.endswith("/reports"):  # per durable submission: the rows that committed meanwhile
        added = int(procs.postgres.psql(DB, "SELECT count(*) FROM intake_report")) - int(stored)
        result["requests"] = added
    cpu = {part: after.get(part, 0.0) - before.get(part, 0.0) for part in after}
    cpu["wrk"] = done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime
    result["cpu"], result["load"] = cpu, (load, os.getloadavg())
    return result


def report(kind: str, result: dict, args) -> None:
    served = result.get("requests", 0)
    if not served:
        print(f"{kind}: no requests served")
        return
    per = {part: s / served * 1000 for part, s in result["cpu"].items()}
    server = sum(v for k, v in per.items() if k != "wrk")
    (l1, _, _), (l2, _, _) = result["load"]
    print(
        f"--- {kind}: {served / args.seconds:,.0f}/s measured at c={args.connections}, "
        f"p50 {result.get('p50', 0):.1f} p99 {result.get('p99', 0):.1f} ms, "
        f"errors {result.get('errors', 0)}, load average {l1:.1f} → {l2:.1f}"
    )
    parts = sorted(per.items(), key=lambda kv: -kv[1])
    print("    CPU ms per request: " + ", ".join(f"{k} {v:.3f}" for k, v in parts))
    print(
        f"    server side {server:.3f} ms → an idle {CORES}-core machine: "
        f"{CORES * 1000 / server:,.0f}/s (load generator elsewhere), "
        f"{CORES * 1000 / (server + per.get('wrk', 0)):,.0f}/s (wrk on the same cores)"
    )


def in_process(env: dict, kind: str, profile: bool, callgrind: int, tmp: Path, extra: str):
    """cProfile and/or callgrind of `kind` through the WSGI application, in a child process."""
    spec = json.dumps({"kind": kind, "extra": extra})
    command = [PY, str(ROOT / "bench" / "nodeparts.py"), spec]
    if profile:
        out = subprocess.run(
            [*command, "400", "profile"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        print(out.stdout[-9000:], out.stderr[-2000:])
    if callgrind:
        counts = []
        for n in (0, callgrind):
            target = tmp / f"callgrind.{kind}.{n}"
            valgrind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={target}"]
            subprocess.run([*valgrind, *command, str(n)], env=env, cwd=ROOT, capture_output=True)
            summary = next(
                line for line in target.read_text().splitlines() if line.startswith("summary:")
            )
            counts.append(int(summary.split()[1]))
        per = (counts[1] - counts[0]) / callgrind
        kept = ROOT / "var" / f"callgrind.{kind}.out"  # for callgrind_annotate
        kept.parent.mkdir(exist_ok=True)
        shutil.copy(tmp / f"callgrind.{kind}.{callgrind}", kept)
        print(f"    callgrind {kind}: {per / 1e6:.2f} M instructions per request (web); {kept}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", default="health,intake,followup")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--nodes", type=int, default=1, choices=(1, 2))
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port-base", type=int, default=8220)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--callgrind", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipline-nodecpu-") as name:
        tmp = Path(name)
        procs = Processes()
        try:
            env, base = arrange(args, tmp, procs)
            categories = get_json(f"{base}/api/v1/categories")
            body = body_for(categories[0], get_json(f"{base}/api/v1/regions"))
            receipts = [post_json(f"{base}/api/v1/reports", body)[1]["receipt"] for _ in range(200)]
            (tmp / "receipts.txt").write_text("\n".join(receipts) + "\n")
            print(
                f"{args.nodes} node(s) × {args.workers} sync workers, Redis, private PostgreSQL"
                f"{', pgbouncer, HAProxy' if args.nodes > 1 else ''}; {args.seconds} s per kind"
            )
            for kind in args.what.split(","):
                url, lua = lua_for(kind, base, body, tmp / "receipts.txt")
                if args.seconds:
                    report(kind, measure(procs, url, lua, args), args)
                extra = json.dumps(body, ensure_ascii=False) if kind == "intake" else receipts[0]
                in_process(env, kind, args.profile, args.callgrind, tmp, extra)
            stored = procs.postgres.psql(DB, "SELECT count(*) FROM intake_report").strip()
            print(f"reports stored: {stored}")
        finally:
            procs.stop()


if __name__ == "__main__":
    main()
