"""The fault drill's parts, shared by bench/faults.py and its bounded test.

- `WebServer`: gunicorn with gunicorn.conf.py on a fixed port, in a process group of its own so
  that `kill_hard()` is a real `kill -9` of master and workers together, and `start()` again is
  what a supervisor does.
- `Load`: client threads submitting reports through the public API as a careful client does:
  every submission carries an Idempotency-Key and is retried with the same key after a 503/429
  (waiting Retry-After) or a broken connection, until it gets an answer that is final. Every
  receipt returned is kept, with whether its report carried a file.
- `check_stored` (run inside Django, by `python -m tipline.testing.drill` with the server's
  environment): every report opens and has exactly the files it was sent with, every returned
  receipt has its report, and no report exists without a returned receipt.

No Django at import: the benchmarks import this module before any settings exist.
"""

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
MARKER = "fault-drill"
RETRIES_PER_SUBMISSION = 400


class WebServer:
    """gunicorn, the production web server, as its own process group on `port`."""

    def __init__(self, env: dict, port: int, workers: int, log: Path):
        self.env = {**env, "TIPLINE_BIND": f"127.0.0.1:{port}", "TIPLINE_WEB_WORKERS": str(workers)}
        self.port, self.log, self.proc = port, log, None

    def start(self, wait: float = 30) -> float:
        """Start and wait until /api/v1/health answers; seconds it took."""
        started = time.monotonic()
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipline.wsgi"]
        with self.log.open("a") as errors:
            self.proc = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
                command, cwd=ROOT, env=self.env, stderr=errors, start_new_session=True
            )
        while time.monotonic() - started < wait:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            if request("GET", self.port, "/api/v1/health", timeout=1)[0] == 200:
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError("gunicorn did not answer in time")

    def kill_hard(self) -> None:
        """kill -9 of the master and every worker at once (the whole process group)."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill_hard()


def flush_redis(url: str) -> None:
    """Empty the drill's own Redis database, so no counter of an earlier run meets this one."""
    import redis

    redis.Redis.from_url(url).flushdb()


def request(method, port, path, body=b"", headers=None, timeout=10.0):
    """(status, headers, body); status 0 when the connection failed or broke."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body, headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (OSError, http.client.HTTPException):
        return 0, {}, b""
    finally:
        conn.close()


def report_body(form: dict, with_file: bool, tag: str) -> tuple[bytes, dict]:
    """`form` (category, valid answers, the key of a text answer) as a report whose text says
    whether it carries a file: multipart with one text file, or JSON."""
    answers = {**form["answers"], form["text_key"]: f"{MARKER} files={int(with_file)} {tag}"}
    report = {"category": form["category"], "answers": answers, "language": "zh-hans"}
    if not with_file:
        return json.dumps(report).encode(), {"Content-Type": "application/json"}
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="report"\r\n\r\n'.encode()
        + json.dumps(report).encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\n{MARKER} file {tag}'.encode(),
    ]
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@dataclass
class Load:
    """`threads` clients submitting back to back until stop(); thread-safe tallies."""

    port: int
    form: dict  # category, answers, text_key: see report_body
    threads: int = 8
    receipts: list = field(default_factory=list)  # (receipt, with_file, accepted_at)
    statuses: Counter = field(default_factory=Counter)  # every answer, "conn" for broken ones
    retry_after_missing: int = 0
    attempted: int = 0
    abandoned: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _workers: list = field(default_factory=list)

    def start(self) -> None:
        for n in range(self.threads):
            worker = threading.Thread(target=self._client, args=(n,), daemon=True)
            worker.start()
            self._workers.append(worker)

    def stop(self) -> None:
        """Stop starting new submissions; those under way finish (with their retries)."""
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=120)

    def accepted_since(self, moment: float) -> float | None:
        """Time of the first receipt handed out after `moment` (monotonic), if any yet."""
        with self._lock:
            times = [at for _, _, at in self.receipts if at > moment]
        return min(times) if times else None

    def _client(self, n: int) -> None:
        i = 0
        while not self._stop.is_set():
            i += 1
            self._submit(with_file=(i + n) % 3 == 0, tag=f"{n}-{i}")

    def _submit(self, *, with_file: bool, tag: str) -> None:
        body, headers = report_body(self.form, with_file, tag)
        headers["Idempotency-Key"] = str(uuid.uuid4())
        with self._lock:
            self.attempted += 1
        for _ in range(RETRIES_PER_SUBMISSION):
            status, answer_headers, answer = request(
                "POST", self.port, "/api/v1/reports", body, headers
            )
            with self._lock:
                self.statuses[status or "conn"] += 1
                if status in (429, 503) and "Retry-After" not in answer_headers:
                    self.retry_after_missing += 1
            if status == 201:
                receipt = json.loads(answer)["receipt"]
                with self._lock:
                    self.receipts.append((receipt, with_file, time.monotonic()))
                return
            if status in (429, 503):
                time.sleep(min(float(answer_headers.get("Retry-After", 1)), 1.0))
            elif status == 0 or status >= 500:
                time.sleep(0.1)  # a broken connection or a 5xx: the same key, a moment later
            else:
                break  # a final refusal (4xx): this submission is over
        with self._lock:
            self.abandoned += 1


def follow_up_all(port: int, receipts: list) -> list[tuple[str, int]]:
    """(receipt, status) of the receipts that do NOT follow up: GET /api/v1/followup answers
    other than 200, after up to five tries for a busy answer (429/503, or no answer within 30 s:
    the server may still be draining a flood's queue)."""
    failed = []
    for receipt, *_ in receipts:
        for _ in range(5):
            status, headers, _ = request(
                "GET", port, "/api/v1/followup", headers={"X-Receipt": receipt}, timeout=30
            )
            if status not in (0, 429, 503):
                break
            time.sleep(min(float(headers.get("Retry-After", 1)), 5.0))
        if status != 200:
            failed.append((receipt, status))
    return failed


def stored_state(env: dict, receipts: list) -> dict:
    """`check_stored` run in a Django process against the server's database and store."""
    given = json.dumps([[receipt, with_file] for receipt, with_file, *_ in receipts])
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "tipline.testing.drill"],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        input=given,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def check_stored(receipts: list) -> dict:
    """Every report whole (answers open; exactly the files it was sent with, each readable),
    every receipt's report present and sent-with-file as the client said, none unreceipted."""
    from core.receipts import receipt_hash
    from intake import storage, vault
    from intake.models import Report

    given = {bytes(receipt_hash(r)): bool(f) for r, f in receipts}
    half_written, unreceipted, wrong_files, found = [], 0, 0, 0
    reports = Report.objects.prefetch_related("attachments")
    for report in reports.iterator(chunk_size=500):
        answers = vault.open_answers(report)
        expected = 1 if "files=1" in json.dumps(answers) else 0
        files = list(report.attachments.all())
        dek = vault.report_key(report)
        readable = all(
            storage.read(dek, a.id, "clean") and storage.read(dek, a.id, "orig") for a in files
        )
        if len(files) != expected or not readable:
            half_written.append(str(report.id))
        key = bytes(report.receipt_hash)
        if key not in given:
            unreceipted += 1
            continue
        found += 1
        wrong_files += given[key] != bool(expected)
    return {
        "reports": reports.count(),
        "receipts_with_report": found,
        "receipts_without_report": len(given) - found,
        "reports_without_receipt": unreceipted,
        "half_written": half_written,
        "files_not_as_sent": wrong_files,
    }


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipline.settings")
    django.setup()
    print(json.dumps(check_stored(json.loads(sys.stdin.read()))))
