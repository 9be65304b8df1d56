"""Production web server settings (`gunicorn -c gunicorn.conf.py tipline.wsgi`; `make run`).

How many processes depends on the cache, because one-time draft tokens, the voicemail replay
guard, Idempotency-Key reservations and every rate limit live there:
- per-process cache (`TIPLINE_CACHE_URL` unset, `locmem://`): ONE process with threads, so every
  request sees the same counters. This is `make run`'s embedded default.
- Redis (`TIPLINE_CACHE_URL=redis://…`, atomic across processes): several sync workers, two per
  core; the submission path is CPU-bound Python plus one short SQL statement, which sync workers
  serve fastest here (see docs/performance.md).
Several processes with a per-process cache are refused at start, whatever asked for them
(`TIPLINE_WEB_WORKERS`, `--workers`, `GUNICORN_CMD_ARGS`). Each worker holds one persistent
database connection, so workers × instances must stay well under PostgreSQL's max_connections.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipline.settings")

# The same settings module the workers load: a bad variable stops the start here, once.
from tipline.settings import CACHE_SHARED, WEB_THREADS, WEB_WORKERS, env  # noqa: E402

bind = env("TIPLINE_BIND", "127.0.0.1:8000")
workers = WEB_WORKERS
threads = WEB_THREADS
worker_class = "gthread" if threads > 1 else "sync"
backlog = 2048
timeout = 30
graceful_timeout = 20
# Django is imported once, in the master, and every worker is a fork of it: a worker that is
# recycled (max_requests) or replaced after a crash serves at once instead of importing
# everything again, and a restart after `kill -9` is one import, not one per worker
# (bench/faults.py). Nothing connects to the database or Redis at import.
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
# No access log: its lines would carry client addresses and user agents. Errors go to stderr
# without request details (Django's logging filter strips them before they get here).
accesslog = None
errorlog = "-"
loglevel = "warning"
forwarded_allow_ips = env("TIPLINE_FORWARDED_ALLOW_IPS", "127.0.0.1")


def per_process_cache_refusal(worker_count: int) -> str | None:
    """Why `worker_count` processes must not start with this cache, or None if they may."""
    if worker_count <= 1 or CACHE_SHARED:
        return None
    return (
        f"Refusing to start {worker_count} web worker processes with a per-process cache "
        "(TIPLINE_CACHE_URL is locmem://): replay guards, one-time drafts and rate limits would "
        "each hold per process only. Either set TIPLINE_CACHE_URL=redis://host:6379/0, or run "
        "one process with threads: TIPLINE_WEB_WORKERS=1 (and TIPLINE_WEB_THREADS, default 8)."
    )


def on_starting(server):
    # Here, not at import: the command line and GUNICORN_CMD_ARGS override this file's `workers`.
    refusal = per_process_cache_refusal(server.cfg.workers)
    if refusal:
        server.log.error(refusal)
        raise SystemExit(1)
