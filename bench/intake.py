"""Intake throughput: complete anonymous API submissions (~4 KB of answers) under gunicorn on
PostgreSQL at concurrency 1, 16 and 64, then follow-up reads by receipt.

Prints submissions/s, p50/p95/p99 (ms) and errors, and each figure as a ratio of a baseline
measured in the same run (GET /api/v1/health on the same server: the cost of HTTP + Django alone).
Targets (docs/performance.md): ≥ 1,000 submissions/s with zero errors at c=64, p99 < 200 ms;
follow-up p99 < 50 ms. Needs `wrk` (apt-get install wrk) and a local PostgreSQL.

    .venv/bin/python bench/intake.py [--seconds 10] [--workers 3]
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import get_json, gunicorn, post_json, prepared, wrk  # noqa: E402

LEVELS = (1, 16, 64)
FILLER = "我们在单位附近多次看到一名陌生人拍摄军事设施，并记录车辆进出时间。" * 3


def sample_answers(category: dict, regions: list) -> dict:
    """Valid answers for any category, padded to about 4 KB of text."""
    answers: dict = {}
    region = regions[0]["code"]
    for field in category["fields"]:
        kind = field["type"]
        if kind == "long_text":
            answers[field["key"]] = (FILLER * 40)[:1300]  # ~3.9 KB of UTF-8
        elif kind == "short_text":
            answers[field["key"]] = "benchmark"
        elif kind == "single_choice":
            answers[field["key"]] = field["choices"][0]["value"]
        elif kind == "multiple_choice":
            answers[field["key"]] = [field["choices"][0]["value"]]
        elif kind == "date":
            answers[field["key"]] = "2026-01-15"
        elif kind == "region":
            answers[field["key"]] = region
        elif kind == "yes_no":
            answers[field["key"]] = True
    return answers


def sample_report(base: str) -> dict:
    """A valid JSON submission for the running server at `base`, in its first category."""
    categories = get_json(f"{base}/api/v1/categories")
    regions = get_json(f"{base}/api/v1/regions")
    return {
        "category": categories[0]["slug"],
        "region": regions[0]["code"],
        "answers": sample_answers(categories[0], regions),
        "language": "zh-hans",
        "contact": None,
    }


def followup_load(base: str, body: dict) -> tuple[list[str], str]:
    """200 receipts of reports submitted now, and a wrk script that follows up on them at
    random (GET /api/v1/followup with one of them each time)."""
    receipts = [post_json(f"{base}/api/v1/reports", body)[1]["receipt"] for _ in range(200)]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(receipts) + "\n")
    lua = (
        f'local receipts = {{}}\nfor line in io.lines("{handle.name}") do '
        "receipts[#receipts + 1] = line end\n"
        'request = function()\n  return wrk.format("GET", "/api/v1/followup", '
        '{["X-Receipt"] = receipts[math.random(#receipts)]})\nend\n'
    )
    return receipts, lua


def row(label: str, result: dict, baseline: dict) -> str:
    ratio = result["rps"] / baseline["rps"] if baseline.get("rps") else 0.0
    return (
        f"{label:<28} {result['rps']:>9.0f}/s  p50 {result.get('p50', 0):>7.1f}  "
        f"p95 {result.get('p95', 0):>7.1f}  p99 {result.get('p99', 0):>7.1f} ms  "
        f"errors {result.get('errors', 0):>5}  ({ratio:.2f}× health)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    with prepared("tipline_bench_intake") as (env, _data), gunicorn(env, args.workers) as base:
        body = sample_report(base)
        print(
            f"payload: {len(json.dumps(body, ensure_ascii=False).encode())} bytes JSON, "
            f"category {body['category']}, {args.workers} gunicorn sync workers"
        )
        status, _receipt = post_json(f"{base}/api/v1/reports", body)
        assert status == 201, status
        submit_lua = (
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = [==[{json.dumps(body, ensure_ascii=False)}]==]\n"
        )
        _receipts, followup_lua = followup_load(base, body)
        for connections in LEVELS:
            health = wrk(f"{base}/api/v1/health", connections=connections, seconds=args.seconds)
            submit = wrk(
                f"{base}/api/v1/reports",
                connections=connections,
                seconds=args.seconds,
                lua=submit_lua,
            )
            follow = wrk(
                f"{base}/api/v1/followup",
                connections=connections,
                seconds=args.seconds,
                lua=followup_lua,
            )
            print(f"--- concurrency {connections}")
            print(row("baseline GET /health", health, health))
            print(row("POST /reports (submit)", submit, health))
            print(row("GET /followup (receipt)", follow, health))


if __name__ == "__main__":
    main()
