"""Oversight figures at national scale (issue 11): dashboards, transparency page, rebuild, refresh.

Builds a throwaway PostgreSQL database (`tipline_bench_insights`), COPYs N reports spread over two
years (8 provinces, 5 categories, 5 channels, 3 campaigns; acknowledged, triaged, fed back and
closed in realistic shares, with cases for the accepted ones), then prints:

  - `rebuild_insights` over every held day (all of them here): wall time;
  - a day's incremental refresh: N/730 new reports plus as many decisions on older ones (with
    their audit events), then one `do_refresh_insights`: wall time;
  - p50/p95 of the dashboard for headquarters (default half-year and the full two years), for a
    provincial supervisor, and of /transparency/, through Django's test client in-process, each
    beside the staff home page as a baseline measured in the same run. The dashboard keeps its
    page until the figures change (insights.pages): each is timed as viewed again, and as first
    viewed after a refresh (the cache emptied before every request).

`--keep` reuses the reports of an earlier run (no COPY) and keeps the database.

    .venv/bin/python bench/insights.py --reports 1000000
"""

import argparse
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import bench_env, recreate_database  # noqa: E402
from scale import PROVINCES, provincial_units, setup_django  # noqa: E402

DB_NAME = "tipline_bench_insights"
DAYS = 730
CHANNELS = ("web", "web", "web", "api", "hotline", "letter", "partner:news")
COLUMNS = [
    *("id", "receipt_hash", "channel", "category_id", "region_id", "language", "status"),
    *("created_at", "key_id", "wrapped_key", "answers_sealed", "has_identity", "unit_id"),
    *("priority", "triage_state", "routed_at", "ack_due_at", "acknowledged_at", "triage_due_at"),
    *("triaged_at", "feedback_due_at", "feedback_at", "reward_barred", "receipt_declined"),
    *("reporter_kind", "campaign_id", "reference"),
]
STATES = ("accepted", "accepted", "accepted", "spam", "duplicate")


def make_world():
    from accounts.models import Role
    from intake.models import Campaign, Category
    from tipline.test import make_staff

    units, hq = provincial_units()
    categories = [
        Category.objects.create(slug=f"cat-{i}", name_zh=f"类别{i}", name_en=f"Category {i}")
        for i in range(5)
    ]
    campaigns = [Campaign.objects.create(tag=f"c{i}", name_zh=f"活动{i}") for i in range(3)]
    return {
        "units": units,
        "categories": categories,
        "campaigns": campaigns,
        "auditor": make_staff("bench_auditor", hq, Role.AUDITOR),
        "supervisor": make_staff("bench_supervisor", units[0][0], Role.SUPERVISOR),
    }


def load_world():
    """The world of an earlier run kept with --keep."""
    from accounts.models import Region, Unit, User
    from intake.models import Campaign, Category

    units = [(Unit.objects.get(name_en=code), Region.objects.get(code=code)) for code in PROVINCES]
    return {
        "units": units,
        "categories": list(Category.objects.filter(slug__startswith="cat-").order_by("slug")),
        "campaigns": list(Campaign.objects.order_by("tag")),
        "auditor": User.objects.get(username="bench_auditor"),
        "supervisor": User.objects.get(username="bench_supervisor"),
    }


def database_exists(name: str) -> bool:
    from common import PG

    found = subprocess.run(
        ["psql", f"{PG}/postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # noqa: S608 - our constant
        check=True,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() == "1"


def reference(n: int) -> str:
    """The n-th report's reference: unique for n < 30^8 (30 is coprime with the multiplier), where
    a million random ones would likely collide once."""
    from core.references import ALPHABET, LENGTH

    value, found = (n * 1_000_003) % len(ALPHABET) ** LENGTH, ""
    for _ in range(LENGTH):
        value, digit = divmod(value, len(ALPHABET))
        found += ALPHABET[digit]
    return found


def row(world, rng, created, key_id, wrapped, ref):
    unit, region = rng.choice(world["units"])
    hours = lambda low, high: timedelta(hours=rng.uniform(low, high))  # noqa: E731
    acked = created + hours(0.1, 240) if rng.random() < 0.9 else None
    triaged = created + hours(0.5, 72) if rng.random() < 0.85 else None
    state = rng.choice(STATES) if triaged else "new"
    feedback = created + hours(24, 3000) if state == "accepted" and rng.random() < 0.6 else None
    campaign = rng.choice(world["campaigns"]).pk if rng.random() < 0.1 else None
    return (
        uuid.uuid4(), secrets.token_bytes(32), rng.choice(CHANNELS),
        rng.choice(world["categories"]).pk, region.code, "zh-hans", "received", created,
        key_id, wrapped, b"x", False, unit.pk, 3, state, created, created + timedelta(days=7),
        acked, created + timedelta(hours=24), triaged, created + timedelta(days=90), feedback,
        False, False, "person", campaign, ref,
    )  # fmt: skip


def copy_reports(world, count: int, *, days: int, seed: int, end=None) -> float:
    from django.db import connection
    from django.utils import timezone

    from intake import vault
    from intake.models import Report

    rng = random.Random(seed)
    first = Report.objects.count()
    _dek, key_id, wrapped = vault.new_report_key()
    end = end or timezone.now()
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY intake_report ({', '.join(COLUMNS)}) FROM STDIN") as copy,
    ):
        for n in range(first, first + count):
            created = end - timedelta(seconds=rng.randint(0, days * 86400))
            copy.write_row(row(world, rng, created, key_id, wrapped, reference(n)))
    return time.perf_counter() - started


CASES_SQL = """
WITH picked AS (
  SELECT id, unit_id, created_at, row_number() OVER () AS n FROM intake_report
  WHERE triage_state = 'accepted' AND feedback_at IS NOT NULL
), made AS (
  INSERT INTO cases_case (number, unit_id, status, outcome, reward_barred, created_at, closed_at,
                          key_id, wrapped_key)
  SELECT 'TL-B-' || n, unit_id, 'closed',
         (ARRAY['substantiated','unsubstantiated','false','out_of_scope'])[1 + n % 4], false,
         created_at, created_at + interval '30 days', 'bench', '\\x00'::bytea
  FROM picked RETURNING id, number
)
INSERT INTO cases_casereport (case_id, report_id, added_at)
SELECT made.id, picked.id, picked.created_at
FROM made JOIN picked ON made.number = 'TL-B-' || picked.n
"""


def a_day_of_work(world, per_day: int, seed: int) -> None:
    """New arrivals for a day, and as many acknowledgements of older reports, with audit events."""
    from django.db import transaction
    from django.utils import timezone

    from audit.actions import record
    from intake.models import Report

    copy_reports(world, per_day, days=1, seed=seed + 1)
    now = timezone.now()
    waiting = list(
        Report.objects.filter(acknowledged_at__isnull=True).values_list("id", flat=True)[:per_day]
    )
    with transaction.atomic():
        Report.objects.filter(id__in=waiting).update(acknowledged_at=now)
        for report_id in waiting:
            record("message.send", target_type="report", target_id=report_id)


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def quantiles(samples: list[float]) -> str:
    p95 = statistics.quantiles(samples, n=20)[18]
    return f"p50 {statistics.median(samples):7.1f} ms  p95 {p95:7.1f} ms"


def time_pages(world, repeat: int) -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from tipline.test import login_staff

    today = timezone.localdate()
    two_years = {"first": str(today - timedelta(days=DAYS)), "last": str(today)}
    hq = login_staff(Client(SERVER_NAME="127.0.0.1"), world["auditor"])
    province = login_staff(Client(SERVER_NAME="127.0.0.1"), world["supervisor"])
    public = Client(SERVER_NAME="127.0.0.1")

    def get(client, url, params=None, cold=False):
        def fetch():
            if cold:  # nothing cached: the first view of a page after a refresh changed figures
                cache.clear()
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    pages = (
        ("baseline: staff home (HQ)", get(hq, "/staff/")),
        ("dashboard HQ, half-year", get(hq, "/staff/insights/")),
        ("  first view after a refresh", get(hq, "/staff/insights/", cold=True)),
        ("dashboard HQ, two years", get(hq, "/staff/insights/", two_years)),
        ("  first view after a refresh", get(hq, "/staff/insights/", two_years, cold=True)),
        ("dashboard one province", get(province, "/staff/insights/", two_years)),
        ("  first view after a refresh", get(province, "/staff/insights/", two_years, cold=True)),
        ("/transparency/", get(public, "/transparency/")),
    )
    for label, fetch in pages:
        fetch()  # warm
        print(f"{label:28s} {quantiles(timed(fetch, repeat))}")


def profile_first_view(world, repeat: int) -> None:
    """Where the first two-year headquarters view's time goes: its queries and the rows they
    read, the figures (SQL), the charts (pygal) and the rest (template, middleware), each the
    median of `repeat` builds from nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django.utils.translation import override

    from insights import charts
    from insights.figures import Filters, overview
    from insights.models import PeriodFigure, WeekMargin
    from insights.views import dashboard

    today = timezone.localdate()
    filters = Filters(today - timedelta(days=DAYS), today, None)
    weekly = PeriodFigure.objects.weeks(filters.first, filters.last).count()
    margins = WeekMargin.objects.weeks(filters.first, filters.last).count()
    with CaptureQueriesContext(connection) as queries:
        overview(filters)
    print(
        f"  first view's figures: {len(queries)} queries over {margins:,} margin rows "
        f"(the weekly rows they stand for: {weekly:,})"
    )
    drawn = []
    original = charts.bar

    cpu = []

    def counted(*args, **kwargs):
        started, started_cpu = time.perf_counter(), time.process_time()
        found = original(*args, **kwargs)
        drawn[-1] += time.perf_counter() - started
        cpu[-1] += time.process_time() - started_cpu
        return found

    sql, weekly_sql, whole = [], [], []
    charts.bar = counted
    try:
        with override("zh-hans"):
            for _ in range(repeat):
                drawn.append(0.0)
                cpu.append(0.0)
                started = time.perf_counter()
                overview(filters, margins=False)
                weekly_sql.append(time.perf_counter() - started)
                started = time.perf_counter()
                overview(filters)
                sql.append(time.perf_counter() - started)
                started = time.perf_counter()
                dashboard.context(filters)
                whole.append(time.perf_counter() - started)
    finally:
        charts.bar = original
    ms = lambda values: f"{statistics.median(values) * 1000:6.1f} ms"  # noqa: E731
    print(
        f"  median build: figures (SQL) {ms(sql)} (from the weekly rows instead: "
        f"{ms(weekly_sql)}), charts (pygal) {ms(drawn)} ({ms(cpu)} of CPU), "
        f"figures + labels + charts {ms(whole)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--database",
        default=DB_NAME,
        help="the throwaway database's name (several people benchmarking on one server each "
        "need their own)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse the reports of an earlier run (skip the COPY) and keep the database",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipline-bench-") as tmp:
        # In-process pages: the per-process cache, so clearing it (for cold charts) touches no one
        # else's Redis.
        env = bench_env(
            args.database, Path(tmp), TIPLINE_LOG_LEVEL="WARNING", TIPLINE_CACHE_URL="locmem://"
        )
        reuse = args.keep and database_exists(args.database)
        if not reuse:
            recreate_database(args.database)
        from core import keyring

        keyring.save(keyring.generate(), Path(tmp) / "keyring.json")
        setup_django(env)
        from django.db import connection

        from intake.models import Report

        if reuse:
            world = load_world()
            print(f"reusing {Report.objects.count():,} reports of an earlier run (--keep)")
        else:
            world = make_world()
            wall = copy_reports(world, args.reports, days=DAYS, seed=args.seed)
            with connection.cursor() as cursor:
                cursor.execute(CASES_SQL)
                cursor.execute("ANALYZE")
            print(f"COPY of {args.reports:,} reports (and their cases): {wall:.1f} s")

        from insights.actions import do_rebuild_insights, do_refresh_insights
        from insights.models import DailyFigure

        started = time.perf_counter()
        result = do_rebuild_insights()
        print(
            f"rebuild_insights             {time.perf_counter() - started:7.1f} s  "
            f"({result['reports']:,} reports; {DailyFigure.objects.count():,} figure rows)"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        per_day = max(1, args.reports // DAYS)
        a_day_of_work(world, per_day, args.seed)
        started = time.perf_counter()
        changed = do_refresh_insights()
        print(
            f"a day's incremental refresh  {time.perf_counter() - started:7.2f} s  "
            f"({changed:,} reports changed: {per_day:,} new, {per_day:,} acknowledged)"
        )
        time_pages(world, args.repeat)
        profile_first_view(world, 10)


if __name__ == "__main__":
    main()
