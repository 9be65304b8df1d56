"""Fault drill: `kill -9` of the whole web server and a PostgreSQL restart under steady load.

Production configuration: gunicorn with several sync workers, Redis cache, PostgreSQL. The
PostgreSQL is a PRIVATE cluster started for this drill (initdb into a temporary directory,
pg_ctl on a free port; as the `postgres` user when run as root), because restarting the
machine's shared server would break everyone else's work. Client threads submit reports through
the public API back to back (a third with a file), each with an Idempotency-Key, retrying with
the same key after a 503/429 (Retry-After) or a broken connection. A third of the way in, the
web server's master and workers get SIGKILL together and it is started again at once (what a
supervisor does); two thirds in, PostgreSQL stops (fast shutdown), stays down `--pg-down`
seconds, and starts again. The web server is NOT restarted for that: it must reconnect.

Prints submissions attempted/accepted, every answer by status, 503s/429s without Retry-After,
time to recover from each fault (to the first receipt handed out afterwards), then verifies that
every receipt ever returned still follows up (GET /api/v1/followup) and that no report is
half-written (answers open, exactly the files it was sent with, each readable), no receipt lacks
its report and no report lacks its receipt. Needs PostgreSQL's server binaries and Redis.

    .venv/bin/python bench/faults.py [--seconds 30] [--workers 4] [--clients 8] [--pg-down 3]
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import bench_env, free_port, get_json, manage  # noqa: E402
from receipt_guessing import answers_for  # noqa: E402

from tipline.testing.drill import Load, WebServer, flush_redis, follow_up_all, stored_state  # noqa: E402
from tipline.testing.pgcluster import private_postgres  # noqa: E402

REDIS = "redis://127.0.0.1:6379/7"


def form_for(base: str) -> dict:
    category = get_json(f"{base}/api/v1/categories")[0]
    region = get_json(f"{base}/api/v1/regions")[0]["code"]
    text_key = next(f["key"] for f in category["fields"] if f["type"] == "long_text")
    return {
        "category": category["slug"],
        "answers": answers_for(category, region),
        "text_key": text_key,
    }


def wait_for_receipt(load: Load, since: float, limit: float = 60) -> float | None:
    """Seconds from `since` to the first receipt handed out after it (None: not within limit)."""
    while time.monotonic() - since < limit:
        first = load.accepted_since(since)
        if first is not None:
            return first - since
        time.sleep(0.02)
    return None


def fmt(seconds: float | None) -> str:
    return "NOT RECOVERED" if seconds is None else f"{seconds:.2f} s"


def drill(args, pg, data_dir: Path) -> None:
    env = bench_env(
        "unused",
        data_dir,
        TIPLINE_DATABASE_URL=pg.createdb("tipline_faults"),
        TIPLINE_CACHE_URL=REDIS,
    )
    flush_redis(REDIS)
    for command in (["init_keyring"], ["migrate", "--noinput"], ["load_demo_data"]):
        manage(env, *command)
    server = WebServer(env, free_port(), args.workers, data_dir / "gunicorn.log")
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    load = Load(server.port, form_for(base), threads=args.clients)
    print(
        f"{args.workers} gunicorn sync workers, Redis, private PostgreSQL on port {pg.port}; "
        f"{args.clients} client threads for {args.seconds} s"
    )
    try:
        started = time.monotonic()
        load.start()
        time.sleep(args.seconds / 3)
        killed = time.monotonic()
        server.kill_hard()
        restart = server.start()
        web_recovery = wait_for_receipt(load, killed)
        time.sleep(max(0.0, started + 2 * args.seconds / 3 - time.monotonic()))
        stopped = time.monotonic()
        pg.restart(args.pg_down)
        back = time.monotonic()
        db_recovery = wait_for_receipt(load, back)
        time.sleep(max(0.0, started + args.seconds - time.monotonic()))
        load.stop()
        lost = follow_up_all(server.port, load.receipts)
        state = stored_state(env, load.receipts)
    finally:
        server.stop()
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(load.statuses.items(), key=str))
    print(f"submissions attempted {load.attempted}, accepted {len(load.receipts)}")
    print(f"answers by status: {statuses}  ('conn' = connection refused or broken)")
    print(f"503/429 without Retry-After: {load.retry_after_missing}")
    print(f"submissions given up by their client: {load.abandoned}")
    print(
        f"kill -9 of master + workers: gunicorn up again {restart:.2f} s after the kill; "
        f"first receipt {fmt(web_recovery)} after the kill"
    )
    print(
        f"PostgreSQL down {back - stopped:.2f} s (fast shutdown, {args.pg_down} s pause, start): "
        f"first receipt {fmt(db_recovery)} after it was back, "
        f"{fmt(None if db_recovery is None else db_recovery + back - stopped)} after it stopped"
    )
    print(f"receipts returned that do NOT follow up: {len(lost)} of {len(load.receipts)}")
    print(
        f"stored: {state['reports']} reports; receipts without their report "
        f"{state['receipts_without_report']}; reports without a returned receipt "
        f"{state['reports_without_receipt']}; half-written reports {len(state['half_written'])}; "
        f"files not as sent {state['files_not_as_sent']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pg-down", type=float, default=3)
    args = parser.parse_args()
    with private_postgres() as pg, tempfile.TemporaryDirectory(prefix="tipline-faults-") as tmp:
        drill(args, pg, Path(tmp))


if __name__ == "__main__":
    main()
