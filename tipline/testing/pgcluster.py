"""A private, throwaway PostgreSQL server for fault drills (bench/faults.py and its bounded test).

Restarting PostgreSQL under load is the point of those drills, and the machine's own server is
shared with other people and CI, so a drill starts a cluster of its own: `initdb` into a
temporary directory and `pg_ctl` on a free loopback port, trust authentication for the
`postgres` role, gone when the drill ends. initdb refuses to run as root, so as root the cluster
is created and run as the `postgres` system user (`runuser`), in a directory it owns.

No Django here: the benchmarks import it before they set Django up.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class Unavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (the drills are skipped)."""


def server_bindir() -> Path:
    """The newest installed PostgreSQL's server binaries (initdb, pg_ctl)."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3])
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise Unavailable("initdb not found (Debian package postgresql)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    """One cluster: start(), stop(), restart(down_seconds), url(database), createdb(name)."""

    def __init__(self, root: Path):
        self.bindir = server_bindir()
        self.root = root
        self.data = root / "data"
        self.log = root / "server.log"
        self.port = free_port()
        self.as_user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str, check: bool = True, timeout: float = 120):
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(  # noqa: S603 - fixed binaries, our own cluster
            command, check=check, capture_output=True, text=True, timeout=timeout
        )

    def init(self) -> None:
        if self.as_user:
            user = pwd.getpwnam(self.as_user)
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        settings = (
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.root}'\nmax_connections = 60\n"
            "shared_buffers = 32MB\nfsync = on\nsynchronous_commit = on\n"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every session (as a restart for an upgrade does); `immediate` crashes."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, down_seconds: float = 0.0, mode: str = "fast") -> None:
        self.stop(mode)
        time.sleep(down_seconds)
        self.start()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, sql: str = "", *, stdin: bytes | None = None) -> str:
        command = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", self.url(database)]
        if sql:
            command += ["-c", sql]
        done = subprocess.run(  # noqa: S603 - fixed binary, our own cluster
            command, input=stdin, capture_output=True, check=False, timeout=300
        )
        if done.returncode:
            raise RuntimeError(done.stderr.decode())
        return done.stdout.decode()

    def createdb(self, name: str) -> str:
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def make_standby(self, root: Path) -> "PrivatePostgres":
        """A streaming standby of this started cluster in `root`, not yet started: a base backup
        with its recovery settings (-R), on a port and socket directory of its own."""
        standby = PrivatePostgres(root)
        if self.as_user:
            user = pwd.getpwnam(self.as_user)
            os.chown(root, user.pw_uid, user.pw_gid)
        self._run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-D", str(standby.data), "-X", "stream", "-R", "-c", "fast",
        )  # fmt: skip
        with (standby.data / "postgresql.conf").open("a") as conf:  # later lines win
            conf.write(f"port = {standby.port}\nunix_socket_directories = '{root}'\n")
        return standby


@contextlib.contextmanager
def private_standby(primary: PrivatePostgres):
    """A started streaming standby of `primary`, stopped and deleted afterwards."""
    root = Path(tempfile.mkdtemp(prefix="tipline-standby-"))
    standby = None
    try:
        standby = primary.make_standby(root)
        standby.start()
        yield standby
    finally:
        if standby is not None:
            with contextlib.suppress(Exception):
                standby.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def private_postgres():
    """A started private cluster, stopped (immediately) and deleted afterwards."""
    root = Path(tempfile.mkdtemp(prefix="tipline-pg-"))
    cluster = PrivatePostgres(root)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
