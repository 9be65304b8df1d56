"""Starting the real production web server (gunicorn with gunicorn.conf.py) from a test.

    with gunicorn(env) as base_url: ...

`server_env` gives a private data directory and keyring; pass the database and cache to use.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from core import keyring

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The test run's environment with a data directory of the server's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLINE_")}
    keyring.save(keyring.generate(), data_dir / "keyring.json")
    env.update(
        TIPLINE_DATA_DIR=str(data_dir),
        TIPLINE_DB_CONN_MAX_AGE="0",  # no connection outlives a request: the test DB is dropped
        TIPLINE_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def run_gunicorn(env: dict, *args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    """Run gunicorn to completion (for starts that must be refused)."""
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipline.wsgi", *args]
    return subprocess.run(  # noqa: S603 - our own server, fixed arguments
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@contextlib.contextmanager
def gunicorn(env: dict, *args: str):
    """A running server on a free loopback port; yields its base URL, stops it afterwards."""
    port = free_port()
    env = {**env, "TIPLINE_BIND": f"127.0.0.1:{port}"}
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipline.wsgi", *args]
    log = Path(env["TIPLINE_DATA_DIR"]) / "gunicorn.log"
    with log.open("w") as errors:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stderr=errors)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, base, log)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)  # quick shutdown: nothing is in flight any more
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until_up(proc: subprocess.Popen, base: str, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited with {proc.returncode}: {log.read_text()}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{base}/api/v1/health", timeout=1),  # noqa: S310
        ):
            return
        time.sleep(0.1)
    raise AssertionError("gunicorn did not answer within 20 seconds")
