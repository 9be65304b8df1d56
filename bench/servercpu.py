"""CPU per request of the web processes under different gunicorn arrangements, side by side.

bench/nodecpu.py measures one arrangement; this one starts several on the same private
PostgreSQL and Redis (sync workers as configured, the heartbeat file in /dev/shm, gthread with
keep-alive, fewer workers ...) and drives each in turn with wrk, `--rounds` times in alternation,
so that a neighbour's load falls on all of them alike. It prints, per arrangement and kind, the
web processes' user and system CPU ms per request (from /proc) and their ratio to the first
arrangement measured in the same rounds.

    .venv/bin/python bench/servercpu.py [--what health,intake,followup] [--seconds 8]
        [--rounds 2] [--arrangements sync4,shm4,gthread2x2] [--port-base 8320]
"""

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clusterparts import wait_port  # noqa: E402
from common import PY, get_json, post_json, wrk  # noqa: E402
from nodecpu import DB, arrange  # noqa: E402
from nodeparts import TICK, Processes, body_for, lua_for  # noqa: E402

# name: gunicorn arguments beyond gunicorn.conf.py's.
ARRANGEMENTS = {
    # gunicorn's heartbeat file: on the disk (its default, the temporary directory) or in memory.
    "sync4": ["--workers", "4", "--worker-tmp-dir", "/tmp"],  # noqa: S108 - gunicorn's own file
    "shm4": ["--workers", "4", "--worker-tmp-dir", "/dev/shm"],  # noqa: S108 - as above
    "sync2": ["--workers", "2"],
    "sync3": ["--workers", "3"],
    "gthread4x1": ["--workers", "4", "--worker-class", "gthread", "--threads", "1"],
    "gthread2x2": ["--workers", "2", "--worker-class", "gthread", "--threads", "2"],
    "gthread2x4": ["--workers", "2", "--worker-class", "gthread", "--threads", "4"],
    "gthread4x2": ["--workers", "4", "--worker-class", "gthread", "--threads", "2"],
}


def split_cpu(procs: Processes, part: str) -> tuple[float, float]:
    """(user, system) CPU seconds of `part`'s processes and their descendants."""
    stats: dict[int, tuple[int, float, float]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                stats[int(entry.name)] = (int(stat[1]), int(stat[11]) / TICK, int(stat[12]) / TICK)
    roots = [proc.pid for name, proc in procs.started if name == part]
    user = system = 0.0
    while roots:
        pid = roots.pop()
        if pid in stats:
            user, system = user + stats[pid][1], system + stats[pid][2]
        roots.extend(child for child, (ppid, _, _) in stats.items() if ppid == pid)
    return user, system


def one_run(procs: Processes, arrangement: str, url: str, lua: str, args) -> tuple:
    """(user s, system s, served, p99 ms) of one wrk run; served = committed rows for intake."""
    wrk(url, connections=args.connections, seconds=2, lua=lua)
    count = "SELECT count(*) FROM intake_report"
    rows = int(procs.postgres.psql(DB, count))
    before = split_cpu(procs, arrangement)
    result = wrk(url, connections=args.connections, seconds=args.seconds, lua=lua, timeout=60)
    after = split_cpu(procs, arrangement)
    served = result.get("requests", 0)
    if url.endswith("/reports"):
        served = int(procs.postgres.psql(DB, count)) - rows
    return after[0] - before[0], after[1] - before[1], served, result.get("p99", 0)


def show(kind: str, totals: dict, loads: list, args) -> None:
    print(f"--- {kind} (load average during: {min(loads):.1f}–{max(loads):.1f})")
    first = None
    for arrangement, (user, system, served, p99s) in totals.items():
        served = max(served, 1)
        per = (user + system) / served * 1000
        first = first or per
        print(
            f"    {arrangement:12s} {served / (args.seconds * args.rounds):7,.0f}/s  CPU/request"
            f" {per:.3f} ms (user {user / served * 1000:.3f}, system {system / served * 1000:.3f})"
            f" = {per / first:.2f}× first; p99 {', '.join(f'{p:.0f}' for p in p99s)} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", default="health,intake,followup")
    parser.add_argument("--arrangements", default="sync4,shm4,gthread2x2")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port-base", type=int, default=8320)
    args = parser.parse_args()
    names = args.arrangements.split(",")
    with tempfile.TemporaryDirectory(prefix="tipline-servercpu-") as name:
        tmp, procs = Path(name), Processes()
        try:
            args.nodes, args.workers = 1, 4
            env, base = arrange(args, tmp, procs)  # its own sync node answers the set-up calls
            ports = {}
            for i, arrangement in enumerate(names):
                port = args.port_base + 10 + i
                command = [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipline.wsgi"]
                command += ["--bind", f"127.0.0.1:{port}", *ARRANGEMENTS[arrangement]]
                procs.start(arrangement, command, ["--max-requests", "0", "--timeout", "120"], env)
                wait_port(port, path="/api/v1/health", seconds=180)
                ports[arrangement] = port
            categories = get_json(f"{base}/api/v1/categories")
            body = body_for(categories[0], get_json(f"{base}/api/v1/regions"))
            receipts = [post_json(f"{base}/api/v1/reports", body)[1]["receipt"] for _ in range(200)]
            (tmp / "receipts.txt").write_text("\n".join(receipts) + "\n")
            for kind in args.what.split(","):
                totals = {a: [0.0, 0.0, 0, []] for a in names}  # user, system, served, p99s
                loads = []
                for _round in range(args.rounds):
                    for arrangement in names:
                        server = f"http://127.0.0.1:{ports[arrangement]}"
                        url, lua = lua_for(kind, server, body, tmp / "receipts.txt")
                        loads.append(os.getloadavg()[0])
                        user, system, served, p99 = one_run(procs, arrangement, url, lua, args)
                        t = totals[arrangement]
                        t[0], t[1], t[2] = t[0] + user, t[1] + system, t[2] + served
                        t[3].append(p99)
                show(kind, totals, loads, args)
        finally:
            procs.stop()


if __name__ == "__main__":
    main()
