"""Follow-up by receipt (GET /api/v1/followup): CPU per answer in the web process, then p99 at
concurrency 64 under gunicorn (issue 12: under 1 ms of CPU, so about 1,300 answers/s fit a
50 ms p99 at c=64 by Little's law).

In-process part: the WSGI application called directly (no HTTP server), CPU time per request
(process_time, so the database server's share is not counted) for the follow-up answer and, as
the baseline in the same run, GET /api/v1/health. Then wrk at c=64 against gunicorn.

    .venv/bin/python bench/followup.py [--requests 3000] [--seconds 10] [--workers 4]
"""

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, gunicorn, prepared, wrk  # noqa: E402


def call(app, method: str, path: str, headers: dict | None = None) -> int:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    for key, value in (headers or {}).items():
        environ["HTTP_" + key.upper().replace("-", "_")] = value
    status = []
    body = app(environ, lambda s, h, *a: status.append(int(s.split()[0])))
    b"".join(body)
    body.close()
    return status[0]


def cpu_per_request(app, n: int, path: str, header=None) -> float:
    started = time.process_time()
    for _ in range(n):
        call(app, "GET", path, header() if header else None)
    return (time.process_time() - started) / n * 1000


def in_process(env: dict, receipts: list[str], n: int, profile: bool = False) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipline.settings")
    # bench/intake.py was imported as "intake": the app of that name must win from here on.
    sys.modules.pop("intake", None)
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if p != str(Path(__file__).parent)]
    from tipline.wsgi import application

    def receipt():
        return {"X-Receipt": random.choice(receipts)}

    assert call(application, "GET", "/api/v1/followup", receipt()) == 200
    for _ in range(2):  # warm up, then measure
        health = cpu_per_request(application, n, "/api/v1/health")
        follow = cpu_per_request(application, n, "/api/v1/followup", receipt)
    print(f"CPU per request in the web process: health {health:.3f} ms, follow-up {follow:.3f} ms")
    if profile:
        import cProfile
        import pstats

        # CPU time, not wall time: waiting for the database would otherwise lead the list.
        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(cpu_per_request, application, n, "/api/v1/followup", receipt)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cpu-only", action="store_true", help="skip the wrk run")
    parser.add_argument("--profile", action="store_true", help="print where the CPU goes")
    args = parser.parse_args()
    with prepared("tipline_bench_followup") as (env, _data), gunicorn(env, args.workers) as base:
        from intake import followup_load, sample_report  # bench/intake.py

        receipts, lua = followup_load(base, sample_report(base))
        in_process(env, receipts, args.requests, args.profile)
        if args.cpu_only:
            return
        health = wrk(f"{base}/api/v1/health", connections=64, seconds=args.seconds)
        follow = wrk(f"{base}/api/v1/followup", connections=64, seconds=args.seconds, lua=lua)
        for label, r in (("GET /health (baseline)", health), ("GET /followup", follow)):
            print(
                f"c=64 {label:<24} {r['rps']:>7.0f}/s  p50 {r.get('p50', 0):>6.1f}  "
                f"p99 {r.get('p99', 0):>6.1f} ms  errors {r.get('errors', 0)}  "
                f"({r['rps'] / health['rps']:.2f}x health)"
            )


if __name__ == "__main__":
    main()
