"""20× overload of the public side: is the excess shed, is anything accepted lost, and does the
staff console stay responsive?

Two arrangements side by side in one run, both gunicorn with Redis on PostgreSQL:

- one pool: every path on one set of workers, the submission budget at the old 2,000/s;
- two pools (`make run`, docs/operations.md): TIPLINE_WEB_POOL=public with `--workers`, and
  TIPLINE_WEB_POOL=staff with `--staff-workers`, the budget at its default (100/s a worker).

For each: a staff client reads the staff API queue (GET /api/v1/staff/queue with a token) every
50 ms, first idle, then while wrk holds `--connections` public connections submitting reports
back to back. Prints the staff p50/p95 idle and under load, the submissions answered 201 and the
429s (and how many lacked Retry-After), and accepted-but-lost: receipts wrk was given whose
report is not stored whole (checked in the database) plus receipts of a sample that do not
follow up. Needs `wrk`, a local PostgreSQL and Redis.

    .venv/bin/python bench/overload.py [--seconds 15] [--connections 1024] [--workers 4]
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import PY, ROOT, free_port, prepared, wrk  # noqa: E402
from faults import form_for  # noqa: E402

from tipline.testing.drill import (  # noqa: E402
    WebServer,
    flush_redis,
    follow_up_all,
    report_body,
    request,
    stored_state,
)

REDIS = "redis://127.0.0.1:6379/8"
STAFF_CREDENTIAL_SCRIPT = """
from accounts.actions import do_issue_api_token
from accounts.models import User
user = User.objects.get(username="demo-supervisor")
print(do_issue_api_token(user, name="overload", days=1, actor="system")[1])
"""
# Each wrk thread writes the receipts it is given to a file of its own; done() adds the counts.
RECORD_LUA = """
local counter, threads = 0, {}
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
  if not wrapped then  -- here, once common.py's done() exists
    wrapped = true
    local inner = done
    done = function(s, l, r) inner(s, l, r); summary_counts() end
  end
end
init = function(args)
  out = io.open(OUTDIR .. "/receipts-" .. id .. ".txt", "w")
  created, shed, shed_bare, other = 0, 0, 0, 0
end
response = function(status, headers, body)
  if status == 201 then
    created = created + 1
    local r = body:match('"receipt":%s*"(%d+)"')
    if r then out:write(r, "\\n"); out:flush() end
  elseif status == 429 then
    shed = shed + 1
    if not headers["Retry-After"] then shed_bare = shed_bare + 1 end
  else other = other + 1 end
end
summary_counts = function()
  local n = {created = 0, shed = 0, shed_bare = 0, other = 0}
  for _, t in ipairs(threads) do
    for key, _ in pairs(n) do n[key] = n[key] + (t:get(key) or 0) end
  end
  io.write(string.format("BENCH created=%d shed=%d shed_bare=%d other=%d\\n",
    n.created, n.shed, n.shed_bare, n.other))
end
"""


def staff_probe(port: int, token: str, stop: threading.Event) -> list[float]:
    """Milliseconds of GET /api/v1/staff/queue, one every 50 ms until `stop`."""
    times = []
    headers = {"Authorization": f"Bearer {token}"}
    while not stop.is_set():
        started = time.perf_counter()
        status = request("GET", port, "/api/v1/staff/queue", headers=headers, timeout=60)[0]
        if status == 200:
            times.append((time.perf_counter() - started) * 1000)
        stop.wait(0.05)
    return times


def probed(port: int, token: str, seconds: float, flood=None):
    stop, found = threading.Event(), {}
    thread = threading.Thread(target=lambda: found.update(t=staff_probe(port, token, stop)))
    thread.start()
    try:
        result = flood() if flood else time.sleep(seconds)
    finally:
        stop.set()
        thread.join()
    return result, found["t"]


def pct(times: list[float], q: float) -> float:
    return sorted(times)[min(len(times) - 1, int(len(times) * q))] if times else float("nan")


def flood_lua(form: dict, outdir: str) -> str:
    body, headers = report_body(form, False, "overload")
    return (
        f'OUTDIR = "{outdir}"\nwrk.method = "POST"\n'
        f'wrk.headers["Content-Type"] = "{headers["Content-Type"]}"\n'
        f"wrk.body = [==[{body.decode()}]==]\n" + RECORD_LUA
    )


def run_arrangement(name, env, data_dir, public, staff, token, form, args) -> float:
    """Prints the figures of one arrangement; returns the submissions accepted a second."""
    flush_redis(REDIS)
    _, idle = probed(staff.port, token, args.seconds / 2)
    outdir = tempfile.mkdtemp(dir=data_dir)
    lua = flood_lua(form, outdir)
    url = f"http://127.0.0.1:{public.port}/api/v1/reports"
    result, busy = probed(
        staff.port,
        token,
        args.seconds,
        flood=lambda: wrk(url, connections=args.connections, seconds=args.seconds, lua=lua),
    )
    receipts = [
        (line, False)
        for path in Path(outdir).glob("receipts-*.txt")
        for line in path.read_text().split()
    ]
    state = stored_state(env, receipts)
    sample = random.sample(receipts, min(200, len(receipts)))
    not_following = follow_up_all(public.port, sample)
    answered = result.get("created", 0) + result.get("shed", 0) + result.get("other", 0)
    print(f"--- {name}")
    print(
        f"staff queue idle        p50 {statistics.median(idle):7.1f}  p95 {pct(idle, 0.95):7.1f} ms"
        f"  ({len(idle)} requests)"
    )
    print(
        f"staff queue under flood p50 {statistics.median(busy) if busy else float('nan'):7.1f}  "
        f"p95 {pct(busy, 0.95):7.1f} ms  ({len(busy)} requests; "
        f"{pct(busy, 0.95) / pct(idle, 0.95):.1f}× idle p95)"
    )
    print(
        f"public flood: {args.connections} connections, {answered / args.seconds:.0f} answers/s: "
        f"{result.get('created', 0)} accepted (201), {result.get('shed', 0)} shed (429), "
        f"{result.get('shed_bare', 0)} of them without Retry-After, "
        f"{result.get('other', 0)} other; public p50 {result.get('p50', 0):.0f} ms"
    )
    print(
        f"accepted but lost: {state['receipts_without_report']} not stored, "
        f"{len(state['half_written'])} half-written, "
        f"{len(not_following)} of a sample of {len(sample)} not following up "
        f"{[status for _, status in not_following]}"
    )
    return result.get("created", 0) / args.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=1024)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--staff-workers", type=int, default=2)
    parser.add_argument(
        "--budget",
        type=int,
        default=0,
        help="submissions/s of the two-pool run (default: half of what the one-pool run served, "
        "i.e. sized below this run's measured capacity; the shipped default is 100/s a worker)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    with prepared("tipline_bench_overload", TIPLINE_CACHE_URL=REDIS) as (env, data_dir):
        env.pop("TIPLINE_SUBMISSION_BUDGET")  # the default, sized from the workers
        token_env = {**env, "TIPLINE_DEBUG": "1"}
        subprocess.run(
            [PY, "manage.py", "load_demo_staff"],
            cwd=ROOT,
            env=token_env,
            check=True,
            capture_output=True,
        )
        token = subprocess.run(
            [PY, "manage.py", "shell", "-c", STAFF_CREDENTIAL_SCRIPT],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        one = WebServer(
            {**env, "TIPLINE_SUBMISSION_BUDGET": "2000"},
            free_port(),
            args.workers,
            data_dir / "one.log",
        )
        public_env = {**env, "TIPLINE_WEB_POOL": "public"}
        public = None
        staff = WebServer(
            {**env, "TIPLINE_WEB_POOL": "staff"},
            free_port(),
            args.staff_workers,
            data_dir / "staff.log",
        )
        print(
            f"wrk: {args.connections} public connections for {args.seconds:.0f} s; staff queue "
            f"read every 50 ms; Redis; load average {os.getloadavg()[0]:.1f}"
        )
        try:
            one.start()
            form = form_for(f"http://127.0.0.1:{one.port}")
            title = f"one pool: {args.workers} workers for everything, budget 2,000/s (before)"
            served = run_arrangement(title, env, data_dir, one, one, token, form, args)
            one.stop()
            budget = args.budget or max(1, int(served / 2))
            public_env["TIPLINE_SUBMISSION_BUDGET"] = str(budget)
            public = WebServer(public_env, free_port(), args.workers, data_dir / "public.log")
            public.start()
            staff.start()
            title = (
                f"two pools: public {args.workers} workers, budget {budget}/s (the one pool served "
                f"{served:.0f}/s; default {100 * args.workers}/s), staff {args.staff_workers} "
                "workers (now)"
            )
            run_arrangement(title, env, data_dir, public, staff, token, form, args)
        finally:
            for server in (one, public, staff):
                if server:
                    server.stop()


if __name__ == "__main__":
    main()
