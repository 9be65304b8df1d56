"""Pieces of bench/cluster.py: the balancer's and the pooler's configuration, waiting for a port,
and where the CPU went (per part of the arrangement, from /proc)."""

import contextlib
import os
import socket
import time
import urllib.request
from pathlib import Path

# No `log` line anywhere: HAProxy then logs nothing, so no client address, user agent or referrer
# is written. `retry-on conn-failure` resends only requests that never reached a node (a node
# that died after reading a submission may have stored it; resending could file it twice).
HAPROXY = """global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    # A sync worker answers a check only between requests: give it time under load.
    timeout check 5s
    retries 3
    retry-on conn-failure
    option redispatch
    option http-keep-alive
frontend web
    bind 127.0.0.1:{port}
    http-request del-header X-Forwarded-For
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /api/v1/health
    http-check expect status 200
    default-server inter 1s fall 3 rise 2
{servers}
"""

# Transaction mode: a server connection is lent for one transaction, so a few dozen serve every
# web worker of every node (settings: TIPLINE_PGBOUNCER=1 or ?pgbouncer=1, tipline/databases.py).
PGBOUNCER = """[databases]
{db} = host=127.0.0.1 port={server_port} dbname={db} user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = 20
max_client_conn = 1000
ignore_startup_parameters = extra_float_digits,options
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
"""


def haproxy_config(port: int, nodes: dict[str, int]) -> str:
    servers = "\n".join(f"    server {name} 127.0.0.1:{p} check" for name, p in nodes.items())
    return HAPROXY.format(port=port, servers=servers)


def pgbouncer_config(
    port: int, folder: Path, db: str = "tipline_cluster", server_port: int = 5442
) -> str:
    return PGBOUNCER.format(port=port, folder=folder, db=db, server_port=server_port)


def wait_port(port: int, path: str = "", seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if path:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1)  # noqa: S310
            else:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


def _part(cmdline: str, ours: set[int], pid: int, ppid: int) -> str | None:
    for cluster in ("tlprimary", "tlreplica", "tlstandby"):
        if f"15/{cluster}" in cmdline or f"/15/{cluster}" in cmdline:
            return f"pg-{cluster[2:]}"
    for word, part in (
        ("gunicorn", "web"),
        ("rqworker", "rq"),
        ("run_scheduler", "scheduler"),
        ("haproxy", "haproxy"),
        ("pgbouncer", "pgbouncer"),
        ("wrk", "wrk"),
        ("redis-server", "redis"),
    ):
        if word in cmdline and (pid in ours or ppid in ours or word in ("wrk", "redis-server")):
            return part
    return None


def cpu_by_process(procs: dict) -> dict[int, tuple[str, float]]:
    """{pid: (part, CPU seconds so far)} for every live process of the arrangement."""
    ours = {p.pid for p in procs.values()}
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            pid, ppid, pgid = int(entry.name), int(stat[1]), int(stat[2])
            part = _part(cmdline, ours, pid, ppid) or (
                _part(cmdline, ours, pgid, pgid) if pgid in ours else None
            )
            if part:
                found[pid] = (part, (int(stat[11]) + int(stat[12])) / tick)
    return found


def cpu_between(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds per part between two snapshots (a process that ended in between is lost)."""
    totals: dict[str, float] = {}
    for pid, (part, seconds) in after.items():
        earlier = before.get(pid, (part, 0.0))[1]
        totals[part] = totals.get(part, 0.0) + seconds - earlier
    return totals
