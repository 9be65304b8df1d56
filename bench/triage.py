"""Triage queue at scale: the staff page and the staff API queue with 1,000 and 100,000 reports.

Builds a throwaway PostgreSQL database (`tipline_bench_triage`), bulk-inserts reports spread over
three units, priorities and three months (half of them awaiting triage), then times requests
in-process through Django's test client (the whole middleware stack, no network) for:

  - /staff/triage/ as a Beijing intake officer (a unit's subtree) and as an HQ officer (all),
  - /api/v1/staff/queue with a staff API token, and a filtered page (P1, overdue).

Prints p50/p95 (ms) and the number of SQL queries per request; the query count must be the same
at 1k and 100k rows. Target (issue 3): p95 < 300 ms at 100k.

    .venv/bin/python bench/triage.py [--requests 100] [--keep]
"""

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import PG, bench_env, recreate_database  # noqa: E402

DB_NAME = "tipline_bench_triage"
BATCH = 5000


def setup_django(data_dir: Path) -> None:
    env = bench_env(DB_NAME, data_dir, TIPLINE_ALLOWED_HOSTS="testserver,127.0.0.1")
    env["TIPLINE_SECURE_COOKIES"] = "false"
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipline.settings")
    from core import keyring

    keyring.save(keyring.generate(), data_dir / "keyring.json")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_world():
    """Units, regions, categories and the staff whose queues we time."""
    from accounts.actions import do_issue_api_token
    from accounts.models import Region, Unit
    from intake.models import Category
    from tipline.test import make_staff

    beijing = Region.objects.create(code="110000", name_zh="北京市", name_en="Beijing")
    shanghai = Region.objects.create(code="310000", name_zh="上海市", name_en="Shanghai")
    hq = Unit.objects.create(name_zh="国家总部", name_en="HQ")
    unit_a = Unit.objects.create(name_zh="北京", name_en="Beijing", parent=hq)
    unit_b = Unit.objects.create(name_zh="上海", name_en="Shanghai", parent=hq)
    unit_a.regions.add(beijing)
    unit_b.regions.add(shanghai)
    for slug in ("espionage", "sabotage", "terrorism", "leaks"):
        Category.objects.create(slug=slug, name_zh=slug, name_en=slug)
    officer = make_staff("bench_officer", unit_a, "intake_officer")
    hq_officer = make_staff("bench_hq", hq, "intake_officer")
    token = do_issue_api_token(officer, name="bench", days=1, actor="system")[1]
    return {
        "units": [(hq, None), (unit_a, beijing), (unit_b, shanghai)],
        "officer": officer,
        "hq_officer": hq_officer,
        "token": token,
    }


def insert_reports(world, count: int) -> None:
    """Rows as the router leaves them; sealed columns are filler (the queue never opens them)."""
    from django.utils import timezone

    from intake import vault
    from intake.models import Category, Report

    _dek, key_id, wrapped = vault.new_report_key()
    sealed = secrets.token_bytes(200)
    categories = list(Category.objects.all())
    now = timezone.now()
    rows = []
    for _ in range(count):
        unit, region = random.choice(world["units"])
        created = now - timedelta(seconds=random.randint(0, 90 * 86400))
        category = random.choice(categories)
        rows.append(
            Report(
                id=uuid.uuid4(),
                receipt_hash=secrets.token_bytes(32),
                category=category,
                region=region,
                unit=unit,
                created_at=created,
                routed_at=created,
                priority=random.choice((1, 2, 3, 3, 3, 4)),
                triage_state=random.choice(("new", "accepted")),
                key_id=key_id,
                wrapped_key=wrapped,
                answers_sealed=sealed,
                ack_due_at=created + category.ack_within,
                triage_due_at=created + category.triage_within,
                feedback_due_at=created + category.feedback_within,
            )
        )
        if len(rows) == BATCH:
            Report.objects.bulk_create(rows)
            rows = []
    Report.objects.bulk_create(rows)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client, url: str, requests: int, **headers) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches and connections
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    query_count = len(queries)  # now: the log is cleared by the next request
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url, **headers)
        samples.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(samples, n=20)
    return statistics.median(samples), cuts[18], query_count


def measure(world, requests: int) -> dict[str, tuple[float, float, int]]:
    from django.test import Client

    from tipline.test import login_staff

    officer = login_staff(Client(), world["officer"])
    hq = login_staff(Client(), world["hq_officer"])
    api = Client()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}"}
    return {
        "page /staff/triage/ (unit A)": timed(officer, "/staff/triage/", requests),
        "page /staff/triage/ (HQ, all)": timed(hq, "/staff/triage/", requests),
        "page ?priority=1&overdue=on": timed(
            officer, "/staff/triage/?priority=1&overdue=on", requests
        ),
        "api /api/v1/staff/queue": timed(api, "/api/v1/staff/queue", requests, **bearer),
        "api queue ?limit=200&offset=1000": timed(
            api, "/api/v1/staff/queue?limit=200&offset=1000", requests, **bearer
        ),
    }


def report(label: str, rows: int, results: dict) -> None:
    print(f"\n{label}: {rows:,} reports")
    for name, (p50, p95, queries) in results.items():
        print(f"  {name:<36} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {queries:>2} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    random.seed(3)
    recreate_database(DB_NAME)
    with tempfile.TemporaryDirectory(prefix="tipline-bench-") as tmp:
        setup_django(Path(tmp))
        world = make_world()
        start = time.perf_counter()
        insert_reports(world, 1_000)
        small = measure(world, args.requests)
        insert_reports(world, 99_000)
        print(f"inserted 100,000 reports in {time.perf_counter() - start:.1f} s")
        large = measure(world, args.requests)
        report("small", 1_000, small)
        report("large", 100_000, large)
        grew = [name for name in small if small[name][2] != large[name][2]]
        worst = max(p95 for _p50, p95, _q in large.values())
        print(f"\nquery counts {'GREW for ' + ', '.join(grew) if grew else 'did not grow'}")
        print(f"worst p95 at 100k: {worst:.1f} ms (target < 300 ms)")
        from django.db import connections

        connections.close_all()
    if not args.keep:
        import subprocess

        subprocess.run(
            ["psql", f"{PG}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {DB_NAME}"],
            check=True,
            capture_output=True,
        )


if __name__ == "__main__":
    main()
