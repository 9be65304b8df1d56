"""Patroni failover under load: kill -9 of the leader while reports are being submitted.

Starts the three-member Patroni cluster of deploy/patroni-cluster.sh (synchronous mode, one
etcd, HAProxy routing 127.0.0.1:5449 to whichever member Patroni's REST API calls the leader),
migrates a database through HAProxy, starts gunicorn (production configuration: persistent
connections, Redis cache) on it and drives submissions with the fault drill's careful clients
(tipline/testing/drill.py: Idempotency-Key on every submission, retried with the same key after
a 503 or a broken connection). `--kill-at` seconds in, the leader's Patroni and PostgreSQL get
SIGKILL together (its machine dies). Nothing else is touched: Patroni promotes the synchronous
standby, HAProxy's health checks move the connections, Django reconnects.

Prints: time from the kill to a new leader (Patroni REST /primary answering 200 on another
member) and to the first receipt handed out afterwards; every answer the clients saw by status;
submissions given up; then every receipt the platform gave is followed up through the API on the
new leader (lost receipts: must be 0) and the stored reports checked whole. Finally the killed
member is started again and the time it takes to rejoin as a streaming standby is printed. The
cluster is deleted at the end, whatever happens. Needs root or the postgres user, `make
cluster-deps` (patroni, etcd-server, haproxy) and Redis on 6379 (database 14 is flushed).

    .venv/bin/python bench/failover.py [--seconds 40] [--kill-at 10] [--clients 8] [--workers 3]
"""

import argparse
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import ROOT, bench_env, free_port, manage  # noqa: E402
from faults import fmt, form_for, wait_for_receipt  # noqa: E402

from tipline.testing.drill import Load, WebServer, flush_redis, follow_up_all, stored_state  # noqa: E402

SCRIPT = str(ROOT / "deploy" / "patroni-cluster.sh")
REST = {"pg1": 5455, "pg2": 5456, "pg3": 5457}
WRITER, DB, REDIS = 5449, "tipline_failover", "redis://127.0.0.1:6379/14"


def cluster(*args: str) -> str:
    done = subprocess.run(["bash", SCRIPT, *args], check=True, capture_output=True, text=True)  # noqa: S603,S607
    return done.stdout.strip()


def answers(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1) as resp:  # noqa: S310
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def wait_for(condition, limit: float = 120) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def new_leader(old: str) -> str | None:
    return next((m for m, p in REST.items() if m != old and answers(p, "/primary") == 200), None)


def psql(statement: str) -> str:
    url = f"postgres://postgres@127.0.0.1:{WRITER}/postgres"
    return subprocess.run(  # noqa: S603
        ["psql", url, "-qAtc", statement],
        check=True,
        capture_output=True,
        text=True,  # noqa: S607
    ).stdout.strip()


def drill(args, data_dir: Path) -> None:
    print(cluster("up"))
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    env = bench_env(
        DB,
        data_dir,
        TIPLINE_DATABASE_URL=f"postgres://postgres@127.0.0.1:{WRITER}/{DB}",
        TIPLINE_CACHE_URL=REDIS,
        TIPLINE_DB_CONN_MAX_AGE="600",  # persistent connections, as in production
    )
    flush_redis(REDIS)
    for command in (["init_keyring"], ["migrate", "--noinput"], ["load_demo_data"]):
        manage(env, *command)
    server = WebServer(env, free_port(), args.workers, data_dir / "gunicorn.log")
    try:
        server.start(wait=300)  # a loaded machine starts gunicorn slowly
        form = form_for(f"http://127.0.0.1:{server.port}")
        load = Load(server.port, form, threads=args.clients)
        print(f"{args.workers} gunicorn workers through HAProxy :{WRITER}; {args.clients} clients")
        started = time.monotonic()
        load.start()
        time.sleep(args.kill_at)
        before = Counter(load.statuses)
        accepted_before = len(load.receipts)
        killed_at = time.monotonic()
        old = cluster("kill-leader")
        # A receipt handed out after the kill returned cannot come from the dead leader.
        recovered = wait_for_receipt(load, time.monotonic(), limit=120)
        recovered = None if recovered is None else time.monotonic() - killed_at
        promoted = wait_for(lambda: new_leader(old) is not None)
        promoted = None if promoted is None else time.monotonic() - killed_at
        time.sleep(max(0.0, started + args.seconds - time.monotonic()))
        load.stop()
        during = load.statuses - before
        leader = new_leader(old)
        sync = psql("SHOW synchronous_standby_names")
        lost = follow_up_all(server.port, load.receipts)
        state = stored_state(env, load.receipts)
        cluster("start", old)
        rejoined = wait_for(lambda: answers(REST[old], "/replica") == 200, limit=180)
    finally:
        server.stop()
    print(f"\n{old} (leader) killed with SIGKILL {args.kill_at} s in; new leader {leader}")
    print(f"time to new leader (Patroni REST /primary = 200 elsewhere): {fmt(promoted)}")
    print(f"time to first receipt after the kill: {fmt(recovered)}")
    print(f"synchronous_standby_names on the new leader afterwards: {sync}")
    print(f"submissions attempted {load.attempted}, accepted {len(load.receipts)}")
    print(f"accepted before the kill {accepted_before}; answers seen after it: {dict(during)}")
    print(f"all answers by status: {dict(load.statuses)}  ('conn' = connection refused/broken)")
    print(f"503 without Retry-After: {load.retry_after_missing}; given up: {load.abandoned}")
    print(f"lost receipts (given but do NOT follow up): {len(lost)} of {len(load.receipts)}")
    print(
        f"stored: {state['reports']} reports; receipts without report "
        f"{state['receipts_without_report']}; reports without a returned receipt "
        f"{state['reports_without_receipt']}; half-written {len(state['half_written'])}"
    )
    print(f"{old} started again: streaming standby after {fmt(rejoined)}")
    print(cluster("status"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--kill-at", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    try:
        with tempfile.TemporaryDirectory(prefix="tipline-failover-") as tmp:
            drill(args, Path(tmp))
    finally:
        cluster("down")


if __name__ == "__main__":
    main()
