"""Pieces of bench/nodecpu.py: the processes it starts and their CPU time, the request bodies, and
the in-process driver it runs (under cProfile or valgrind) as

    python bench/nodeparts.py '{"kind": "intake", "extra": "<body or receipt>"}' N [MODE]

MODE: `profile` (cProfile), or `callgrind` (count the instructions of the N requests only).
With `"through": "gunicorn"` in the spec, each request goes through gunicorn's sync worker
(`through_gunicorn`), so the count includes the HTTP server.
"""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
FILLER = "我们在单位附近多次看到一名陌生人拍摄军事设施，并记录车辆进出时间。" * 3


class Processes:
    """What the bench started, by part, so that their CPU time can be read from /proc."""

    def __init__(self):
        self.started: list[tuple[str, subprocess.Popen]] = []
        self.postgres = None

    def start(self, part, command, more=(), env=None) -> None:
        proc = subprocess.Popen(  # noqa: S603 - our own command lines
            [*command, *more],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        self.started.append((part, proc))

    def roots(self) -> list[tuple[str, int]]:
        found = [(part, proc.pid) for part, proc in self.started]
        if self.postgres is not None:
            pidfile = self.postgres.data / "postmaster.pid"
            found.append(("postgres", int(pidfile.read_text().split()[0])))
        return found

    def cpu(self) -> dict[str, float]:
        """CPU seconds (user + system) of every live process of each part, descendants included."""
        children: dict[int, list[int]] = {}
        seconds: dict[int, float] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                pid = int(entry.name)
                children.setdefault(int(stat[1]), []).append(pid)
                seconds[pid] = (int(stat[11]) + int(stat[12])) / TICK
        totals: dict[str, float] = {}
        for part, root in self.roots():
            todo = [root]
            while todo:
                pid = todo.pop()
                totals[part] = totals.get(part, 0.0) + seconds.get(pid, 0.0)
                todo.extend(children.get(pid, ()))
        return totals

    def stop(self) -> None:
        for _part, proc in self.started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for _part, proc in self.started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)
        if self.postgres is not None:
            with contextlib.suppress(Exception):
                self.postgres.stop("immediate")


def answers_for(category: dict, region: str) -> dict:
    """Valid answers for any category, padded to about 4 KB of text (as bench/intake.py)."""
    values = {
        "long_text": (FILLER * 40)[:1300],
        "short_text": "benchmark",
        "date": "2026-01-15",
        "region": region,
        "yes_no": True,
    }
    answers = {}
    for field in category["fields"]:
        if field["type"] in values:
            answers[field["key"]] = values[field["type"]]
        elif field["type"] == "single_choice":
            answers[field["key"]] = field["choices"][0]["value"]
        elif field["type"] == "multiple_choice":
            answers[field["key"]] = [field["choices"][0]["value"]]
    return answers


def body_for(category: dict, regions: list) -> dict:
    region = regions[0]["code"]
    return {
        "category": category["slug"],
        "region": region,
        "answers": answers_for(category, region),
        "language": "zh-hans",
        "contact": None,
    }


def lua_for(kind: str, base: str, body: dict, receipts: Path) -> tuple[str, str]:
    if kind == "intake":
        lua = (
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = [==[{json.dumps(body, ensure_ascii=False)}]==]\n"
        )
        return f"{base}/api/v1/reports", lua
    if kind == "followup":
        lua = (
            f'local receipts = {{}}\nfor line in io.lines("{receipts}") do '
            "receipts[#receipts + 1] = line end\n"
            'request = function()\n  return wrk.format("GET", "/api/v1/followup", '
            '{["X-Receipt"] = receipts[math.random(#receipts)]})\nend\n'
        )
        return f"{base}/api/v1/followup", lua
    return f"{base}/api/v1/health", ""


def call(app, kind: str, extra: str) -> int:
    body = extra.encode() if kind == "intake" else b""
    environ = {
        "REQUEST_METHOD": "POST" if kind == "intake" else "GET",
        "PATH_INFO": {"intake": "/api/v1/reports", "followup": "/api/v1/followup"}.get(
            kind, "/api/v1/health"
        ),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
    }
    if kind == "followup":
        environ["HTTP_X_RECEIPT"] = extra
    status = []
    answer = app(environ, lambda s, h, *a: status.append(int(s.split()[0])))
    b"".join(answer)
    answer.close()
    return status[0]


def through_gunicorn(app):
    """`call`, but through gunicorn's sync worker: a loopback TCP connection per request, its
    HTTP parser and response writer, and its graceful close (the client has already sent FIN,
    so the close does not wait). The WSGI callable is the same; the difference in instructions
    is what the HTTP server adds, sockets included (user space only)."""
    import socket

    from gunicorn.config import Config
    from gunicorn.glogging import Logger
    from gunicorn.workers.sync import SyncWorker

    cfg = Config()
    cfg.set("accesslog", None)
    worker = SyncWorker(0, os.getppid(), [], None, 30, cfg, Logger(cfg))
    worker.wsgi = app
    listener = socket.create_server(("127.0.0.1", 0))

    def via(_app, kind: str, extra: str) -> int:
        body = extra.encode() if kind == "intake" else b""
        path = {"intake": "/api/v1/reports", "followup": "/api/v1/followup"}.get(
            kind, "/api/v1/health"
        )
        head = f"{'POST' if kind == 'intake' else 'GET'} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if kind == "intake":
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        if kind == "followup":
            head += f"X-Receipt: {extra}\r\n"
        client = socket.create_connection(listener.getsockname())
        client.sendall(head.encode() + b"\r\n" + body)
        client.shutdown(socket.SHUT_WR)
        server, addr = listener.accept()
        worker.handle(listener, server, addr)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
        client.close()
        return int(answer.split(b" ", 2)[1])

    return via


def instrument(on: bool) -> None:
    """Under `valgrind --tool=callgrind --instr-atstart=no`: count instructions from here."""
    state = "on" if on else "off"
    subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], check=True)  # noqa: S607


def drive(spec: dict, n: int, mode: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipline.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tipline.wsgi import application

    kind, extra = spec["kind"], spec["extra"]
    global call  # noqa: PLW0603 - the same driver, one layer further out
    if spec.get("through") == "gunicorn":
        call = through_gunicorn(application)
    for _ in range(30):  # warm: connection, caches, lazy imports
        assert call(application, kind, extra) in (200, 201)
    if mode != "profile":
        if mode == "callgrind":
            instrument(True)
        for _ in range(n):
            call(application, kind, extra)
        if mode == "callgrind":
            instrument(False)
        return
    import cProfile
    import pstats

    started = time.process_time()
    for _ in range(n):
        call(application, kind, extra)
    print(f"in-process CPU per {kind}: {(time.process_time() - started) / n * 1000:.3f} ms")
    # CPU time, not wall time: waiting for the database would otherwise lead the list.
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(lambda: [call(application, kind, extra) for _ in range(n)])
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)


if __name__ == "__main__":
    drive(json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "")
