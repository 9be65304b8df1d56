"""The scale-out arrangement on one machine, with faults (issue 12, docs/scaling.md).

Starts PostgreSQL tlprimary (5442) with two streaming standbys in quorum commit (tlreplica 5443,
which serves the staff's heavy reads, and tlstandby 5444; deploy/pg-cluster.sh), pgbouncer in
transaction mode in front of the primary, Redis (cache, limits, RQ queue), two gunicorn nodes
behind HAProxy (which logs nothing), two RQ workers and the scheduler. Then it drives anonymous
submissions (c=--submitters) and staff reads (triage queue + keyword search by API token,
c=--readers) through the balancer together, phase by phase:

  async      primary does not wait for a standby (synchronous_standby_names ''): the cost of
  baseline   quorum commit (ANY 1 standby has the WAL on disk before a receipt is given)
  node-kill  web node A is SIGKILLed 2 s into the phase; node-back  it is restarted
  replica-kill  tlreplica stopped (immediate) 2 s in; replica-back  it is restarted

and prints per phase: submissions/s, reads/s, p99 of each, errors, and the CPU seconds of each
part; at the end, lost receipts (answered 201 but no report row: must be 0) and a sample of
receipts checked through the follow-up API. Needs root (pg_createcluster), wrk, haproxy,
pgbouncer (`make cluster-deps`) and Redis on 6379 (databases 9 and 10 are flushed).

    .venv/bin/python bench/cluster.py [--phase-seconds 10] [--submitters 32] [--readers 8]
"""

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clusterparts import cpu_between, cpu_by_process, haproxy_config, pgbouncer_config, wait_port  # noqa: E402
from common import PY, ROOT, bench_env, free_port, manage, post_json  # noqa: E402

from intake import sample_report  # noqa: E402

DB = "tipline_cluster"
PRIMARY, REPLICA = 5442, 5443
QUORUM = "ANY 1 (tlreplica,tlstandby)"
WRK_LUA = """
local threads, counter = {}, 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
init = function(args)
  accepted = 0
  out = io.open(args[1] .. "." .. id, "w")
end
response = function(status, headers, body)
  if status == 201 then
    accepted = accepted + 1
    local receipt = body:match('"receipt"%s*:%s*"([^"]+)"')
    if receipt then out:write(receipt, "\\n") out:flush() end
  end
end
done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("accepted") end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d accepted=%d p50=%.3f p99=%.3f errors=%d\\n",
    summary.requests, total, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def sql(port: int, statement: str, db: str = "postgres") -> str:
    out = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            db,
            "-qAtc",
            statement,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def set_sync(names: str) -> None:
    sql(PRIMARY, f"ALTER SYSTEM SET synchronous_standby_names = '{names}'")
    sql(PRIMARY, "SELECT pg_reload_conf()")


class Arrangement:
    def __init__(self, tmp: Path, workers: int):
        self.tmp, self.workers, self.procs = tmp, workers, {}
        self.pgbouncer_port, self.balancer_port = free_port(), free_port()
        self.node_ports = {"a": free_port(), "b": free_port()}
        self.env = bench_env(
            DB,
            tmp,
            TIPLINE_DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.pgbouncer_port}/{DB}"
            "?pgbouncer=1",
            TIPLINE_REPLICA_DATABASE_URL=f"postgres://postgres@127.0.0.1:{REPLICA}/{DB}",
            TIPLINE_CACHE_URL="redis://127.0.0.1:6379/9",
            TIPLINE_TASK_BACKEND="django_tasks_rq.RQBackend",
            TIPLINE_RQ_URL="redis://127.0.0.1:6379/10",
        )

    def start(self, name: str, command: list, **extra) -> None:
        self.procs[name] = subprocess.Popen(  # noqa: S603 - our own command lines
            command, cwd=ROOT, env={**self.env, **extra}, start_new_session=True
        )

    def kill(self, name: str) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait()

    def prepare(self) -> None:
        subprocess.run(["bash", "deploy/pg-cluster.sh", "up"], cwd=ROOT, check=True)
        set_sync(QUORUM)
        sql(PRIMARY, f"DROP DATABASE IF EXISTS {DB}")
        sql(PRIMARY, f"CREATE DATABASE {DB}")
        for db in (9, 10):
            subprocess.run(["redis-cli", "-n", str(db), "flushdb"], check=True, capture_output=True)
        direct = {
            **self.env,
            "TIPLINE_DATABASE_URL": f"postgres://postgres@127.0.0.1:{PRIMARY}/{DB}",
        }
        for args in (("init_keyring",), ("migrate", "--noinput"), ("load_demo_data",)):
            manage(direct, *args)
        manage({**direct, "TIPLINE_DEBUG": "1"}, "load_demo_staff")
        code = (
            "from accounts.actions import do_issue_api_token; from accounts.models import User; "
            "print(do_issue_api_token(User.objects.get(username='demo-analyst-bj'), name='bench',"
            " days=1, actor='system')[1])"
        )
        self.token = manage(direct, "shell", "-c", code).strip().splitlines()[-1]
        pooler = Path(tempfile.mkdtemp(prefix="tipline-pgbouncer-"))
        pooler.chmod(0o777)  # noqa: S103 - pgbouncer runs as postgres; a throwaway directory
        (pooler / "pgbouncer.ini").write_text(pgbouncer_config(self.pgbouncer_port, pooler))
        self.start("pgbouncer", ["pgbouncer", "-u", "postgres", str(pooler / "pgbouncer.ini")])
        wait_port(self.pgbouncer_port)
        for node in self.node_ports:
            self.start_node(node)
        (self.tmp / "haproxy.cfg").write_text(haproxy_config(self.balancer_port, self.node_ports))
        self.start("haproxy", ["haproxy", "-db", "-f", str(self.tmp / "haproxy.cfg")])
        for i in (1, 2):
            self.start(
                f"rq{i}", [PY, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job"]
            )
        self.start("scheduler", [PY, "manage.py", "run_scheduler"])
        wait_port(self.balancer_port)
        self.base = f"http://127.0.0.1:{self.balancer_port}"

    def start_node(self, node: str) -> None:
        bind = f"127.0.0.1:{self.node_ports[node]}"
        command = [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipline.wsgi"]
        self.start(f"node-{node}", [*command, "--bind", bind, "--workers", str(self.workers)])
        wait_port(self.node_ports[node], path="/api/v1/health")

    def stop(self) -> None:
        for name in list(self.procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.procs[name].pid, signal.SIGTERM)
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)


def wrk(url: str, lua: str, connections: int, seconds: int, receipts: Path | None = None):
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(lua + WRK_LUA)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(script), url, "--", str(receipts or "/dev/null")]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def parse(proc) -> dict:
    out = proc.communicate()[0]
    line = next((x for x in out.splitlines() if x.startswith("BENCH ")), "")
    values = {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}
    return values or {"requests": 0, "accepted": 0, "p50": 0, "p99": 0, "errors": -1}


def run_phase(cluster, name, args, body, fault=None) -> dict:
    submit_lua = (
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = [==[{json.dumps(body, ensure_ascii=False)}]==]\n"
    )
    read_lua = (
        "local n = 0\nrequest = function()\n  n = n + 1\n"
        f'  local auth = {{["Authorization"] = "Bearer {cluster.token}", '
        '["Content-Type"] = "application/json"}\n'
        '  if n % 2 == 0 then return wrk.format("GET", "/api/v1/staff/queue?limit=50", auth) end\n'
        '  return wrk.format("POST", "/api/v1/staff/search", auth, \'{"q": "拍摄 车辆"}\')\nend\n'
    )
    receipts = cluster.tmp / f"receipts-{name}"
    cpu_before = cpu_by_process(cluster.procs)
    started = time.monotonic()
    submit = wrk(
        f"{cluster.base}/api/v1/reports", submit_lua, args.submitters, args.phase_seconds, receipts
    )
    reads = wrk(f"{cluster.base}/api/v1/staff/queue", read_lua, args.readers, args.phase_seconds)
    if fault:
        threading.Timer(2.0, fault).start()
    result = {"submit": parse(submit), "reads": parse(reads)}
    elapsed = time.monotonic() - started
    result["cpu"] = cpu_between(cpu_before, cpu_by_process(cluster.procs))
    result["seconds"] = elapsed
    result["receipts"] = [
        line for path in cluster.tmp.glob(f"receipts-{name}.*") for line in path.read_text().split()
    ]
    s, r = result["submit"], result["reads"]
    print(
        f"{name:<13} submit {s['accepted'] / elapsed:>6.0f}/s p99 {s['p99']:>6.1f} ms "
        f"err {s['errors']:>4.0f} | reads {r['requests'] / elapsed:>5.0f}/s "
        f"p99 {r['p99']:>6.1f} ms err {r['errors']:>4.0f}",
        flush=True,
    )
    busy = sorted(result["cpu"].items(), key=lambda kv: -kv[1])
    print("              CPU s: " + ", ".join(f"{k} {v:.1f}" for k, v in busy if v >= 0.1))
    return result


def check_receipts(cluster, receipts: list[str], sample: int = 200) -> tuple[int, int]:
    chosen = random.sample(receipts, min(sample, len(receipts)))
    found = 0
    for receipt in chosen:
        request = urllib.request.Request(  # noqa: S310 - the local balancer
            f"{cluster.base}/api/v1/followup", headers={"X-Receipt": receipt}
        )
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=10):  # noqa: S310
            found += 1
    return found, len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase-seconds", type=int, default=10)
    parser.add_argument("--submitters", type=int, default=32)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipline-cluster-") as tmp:
        cluster = Arrangement(Path(tmp), args.workers)
        try:
            cluster.prepare()
            run(cluster, args)
        finally:
            cluster.stop()
            subprocess.run(["pg_ctlcluster", "15", "tlreplica", "start"], capture_output=True)
            set_sync(QUORUM)


def run(cluster, args) -> None:
    body = sample_report(cluster.base)
    assert post_json(f"{cluster.base}/api/v1/reports", body)[0] == 201
    before = int(sql(PRIMARY, "SELECT count(*) FROM intake_report", DB))
    print(
        f"2 nodes × {args.workers} workers behind HAProxy; {args.submitters} submitters + "
        f"{args.readers} staff readers; {args.phase_seconds} s a phase"
    )
    set_sync("")
    phases = [run_phase(cluster, "async", args, body)]
    set_sync(QUORUM)
    phases.append(run_phase(cluster, "baseline", args, body))
    phases.append(run_phase(cluster, "node-kill", args, body, lambda: cluster.kill("node-a")))
    cluster.start_node("a")
    phases.append(run_phase(cluster, "node-back", args, body))
    stop_replica = ["pg_ctlcluster", "15", "tlreplica", "stop", "-m", "immediate"]
    phases.append(
        run_phase(cluster, "replica-kill", args, body, lambda: subprocess.run(stop_replica))
    )
    subprocess.run(["pg_ctlcluster", "15", "tlreplica", "start"], check=True)
    phases.append(run_phase(cluster, "replica-back", args, body))
    time.sleep(2)
    stored = int(sql(PRIMARY, "SELECT count(*) FROM intake_report", DB)) - before
    accepted = int(sum(p["submit"]["accepted"] for p in phases))
    receipts = [r for p in phases for r in p["receipts"]]
    found, checked = check_receipts(cluster, receipts)
    print(
        f"accepted (201) {accepted}, report rows added {stored}: lost receipts "
        f"{max(accepted - stored, 0)}, stored but unanswered {max(stored - accepted, 0)}"
    )
    print(f"follow-up by receipt through the balancer: {found}/{checked} found")
    print("replica status:", manage(cluster.env, "replica_status").strip().replace("\n", "; "))


if __name__ == "__main__":
    main()
