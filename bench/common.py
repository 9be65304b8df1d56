"""Shared plumbing for benchmarks: a throwaway PostgreSQL database, keyring and gunicorn server.

Benchmarks print figures; they never assert timings. Run them with the venv's python from the
repository root, e.g. `.venv/bin/python bench/intake.py`.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = os.environ.get("TIPLINE_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(db_name: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TIPLINE_DATABASE_URL=f"{PG}/{db_name}",
        TIPLINE_SECRET_KEY="bench-only-secret-key",  # noqa: S106 - throwaway bench server
        TIPLINE_DATA_DIR=str(data_dir),
        TIPLINE_KEYRING=str(data_dir / "keyring.json"),
        TIPLINE_ALLOWED_HOSTS="127.0.0.1,localhost",
        TIPLINE_SUBMISSION_BUDGET="1000000",
        TIPLINE_LOG_LEVEL="WARNING",
    )
    # The production configuration: several workers need the shared cache (gunicorn.conf.py
    # refuses them with the per-process one).
    env.setdefault("TIPLINE_CACHE_URL", "redis://127.0.0.1:6379/0")
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> str:
    out = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout


def recreate_database(db_name: str) -> None:
    for sql in (f"DROP DATABASE IF EXISTS {db_name}", f"CREATE DATABASE {db_name}"):
        subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True, capture_output=True)


@contextlib.contextmanager
def prepared(db_name: str, **extra: str):
    """Fresh database + keyring + demo data; yields (env, data_dir)."""
    with tempfile.TemporaryDirectory(prefix="tipline-bench-") as tmp:
        data_dir = Path(tmp)
        env = bench_env(db_name, data_dir, **extra)
        recreate_database(db_name)
        manage(env, "init_keyring")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_data")
        yield env, data_dir


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 3):
    port = free_port()
    proc = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "tipline.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)  # noqa: S310
                break
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def get_json(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
        return json.loads(resp.read())


def post_json(url: str, body: dict) -> tuple[int, dict]:
    req = urllib.request.Request(  # noqa: S310
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
        return resp.status, json.loads(resp.read())


DONE_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d p50=%.3f p95=%.3f p99=%.3f errors=%d\\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def wrk(url: str, *, connections: int, seconds: int, lua: str = "", timeout: int = 0) -> dict:
    """Run wrk (Debian package `wrk`): requests/s, p50/p95/p99 in ms, errors (non-2xx included)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua + DONE_LUA)
    threads = min(2, connections)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url]
    if timeout:  # else wrk's 2 s, after which it counts an error and stops waiting
        cmd[1:1] = ["--timeout", f"{timeout}s"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    os.unlink(script.name)
    result: dict = {"rps": 0.0}
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif line.startswith("BENCH "):
            for pair in line.split()[1:]:
                key, value = pair.split("=")
                result[key] = float(value) if "." in value else int(value)
    return result
