"""Two pools of web workers: the public side and the staff side, so a flood of the one cannot
take the other's workers (docs/operations.md, "Two web server pools").

A sync worker serves one request at a time and every request waits in one accept queue, so when
the public site and the staff console share a pool, 1,024 public connections put every staff
request behind a thousand submissions (the staff queue's p50 went from 19 ms to 898 ms). Each
pool is the same gunicorn and code with its own port and workers; `TIPLINE_WEB_POOL` says which
paths it answers:

- `all` (default): everything, one pool, as a single small server does;
- `public`: everything but the staff paths;
- `staff`: the staff console, the admin and the staff API only.

Both answer the shared paths (static files, the language switch, the health check). A request
for the other pool's paths is redirected to `TIPLINE_STAFF_ORIGIN` / `TIPLINE_PUBLIC_ORIGIN` when
set (GET and HEAD; `make run` sets both), else answered 404. The split also keeps every cache
counter on one side: with the per-process cache each pool is one process, and no counter is
shared between the public and staff paths.
"""

import multiprocessing
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured

from tipline.env import env, env_int

POOLS = ("all", "public", "staff")
STAFF_PREFIXES = ("/staff/", "/admin/", "/api/v1/staff/")
SHARED_PREFIXES = ("/static/", "/i18n/", "/api/v1/health")
# Submissions a second one sync worker is counted on for, to size the submission budget BELOW
# what the workers can serve (about 275/s a worker on the 2-core benchmark host: see
# docs/performance.md), so a flood is answered 429 instead of queueing behind the budget.
SUBMISSIONS_PER_WORKER = 100


def from_env(cache_shared: bool) -> tuple[str, int, int, str, str]:
    """(pool, workers, threads, staff origin, public origin) from the TIPLINE_ variables."""
    pool = env("TIPLINE_WEB_POOL", "all") or "all"
    if pool not in POOLS:
        raise ImproperlyConfigured(f"TIPLINE_WEB_POOL must be one of {', '.join(POOLS)}")
    default_workers = 2 * multiprocessing.cpu_count() if cache_shared else 1
    workers = env_int("TIPLINE_WEB_WORKERS", default_workers, minimum=1)
    threads = env_int("TIPLINE_WEB_THREADS", 1 if workers > 1 else 8, minimum=1)
    staff = (env("TIPLINE_STAFF_ORIGIN", "") or "").rstrip("/")
    public = (env("TIPLINE_PUBLIC_ORIGIN", "") or "").rstrip("/")
    return pool, workers, threads, staff, public


def side(path: str) -> str:
    """'staff', 'public' or 'shared': which pool answers `path`."""
    if path.startswith(SHARED_PREFIXES):
        return "shared"
    return "staff" if path.startswith(STAFF_PREFIXES) else "public"


def routed(application, pool: str, staff_origin: str, public_origin: str):
    """`application` answering only `pool`'s paths (and the shared ones)."""
    if pool == "all":
        return application
    elsewhere = {"public": staff_origin, "staff": public_origin}[pool]

    def pool_application(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if side(path) in (pool, "shared"):
            return application(environ, start_response)
        return _not_here(environ, start_response, elsewhere)

    return pool_application


def _not_here(environ, start_response, origin: str):
    """Answered before Django, so a flood of wrong paths costs this pool next to nothing."""
    headers = [("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")]
    if origin and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
        target = origin + quote(environ.get("PATH_INFO", "/"), safe="/-._~")
        if environ.get("QUERY_STRING"):
            target += "?" + quote(environ["QUERY_STRING"], safe="=&+%-._~")
        start_response("302 Found", [*headers, ("Location", target), ("Content-Length", "0")])
        return [b""]
    body = b"Not served here.\n"
    start_response(
        "404 Not Found",
        [*headers, ("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
    )
    return [body]
