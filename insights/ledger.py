"""Writing the daily figures: add a batch of differences, and keep each held report's fact.

Every change to DailyFigure is an addition (INSERT … ON CONFLICT DO UPDATE SET col = col + new),
so two refreshes never overwrite each other's counts and a purged report's counts stay put.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import connection

from insights.measures import DIMENSIONS, MEASURES, ReportState, contribution
from insights.models import DailyFigure, ReportFact

Deltas = dict[tuple, Counter]


def add_to_figures(deltas: Deltas) -> None:
    """Add each key's counts to its row (created if missing); rows left with nothing go."""
    rows = [(key, counts) for key, counts in deltas.items() if any(counts.values())]
    if not rows:
        return
    table = connection.ops.quote_name(DailyFigure._meta.db_table)
    columns = [*DIMENSIONS, *MEASURES]
    updates = ", ".join(f"{m} = {table}.{m} + EXCLUDED.{m}" for m in MEASURES)
    size = max(1, min(500, 30_000 // len(columns)))
    if connection.vendor == "sqlite":
        size = max(1, 999 // len(columns))
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(batch))
        params = []
        for key, counts in batch:
            params += [*key, *(counts.get(m, 0) for m in MEASURES)]
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {placeholders} "  # noqa: S608 - our own identifiers; values bound
            f"ON CONFLICT ({', '.join(DIMENSIONS)}) DO UPDATE SET {updates}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    DailyFigure.objects.filter(day__in={key[0] for key, _c in rows}, received__lte=0).delete()


def fact_from(report_id, state: ReportState, counts: dict) -> ReportFact:
    day, unit, channel, category, province, campaign = state.key
    return ReportFact(
        report_id=report_id,
        day=day,
        unit_id=unit,
        channel=channel,
        category_id=category,
        province=province,
        campaign_id=campaign,
        counts=counts,
    )


def diff(old: ReportFact | None, state: ReportState, now) -> tuple[Deltas, dict]:
    """What changes in the figures when a report's fact becomes its current state."""
    new = contribution(state, now)
    deltas: Deltas = defaultdict(Counter)
    if old is not None:
        deltas[old.key].subtract(old.counts)
    deltas[state.key].update(new)
    return deltas, new


def apply_states(pairs, facts: dict, now) -> int:
    """Bring the figures and facts up to date with (report id, state) pairs; returns how many
    reports changed. `facts` maps report id -> its current fact (missing: never counted)."""
    deltas: Deltas = defaultdict(Counter)
    changed, created = [], []
    for report_id, state in pairs:
        old = facts.get(report_id)
        report_deltas, new = diff(old, state, now)
        if old is not None and old.key == state.key and old.counts == new:
            continue
        for key, counts in report_deltas.items():
            deltas[key].update(counts)
        fact = fact_from(report_id, state, new)
        if old is None:
            created.append(fact)
        else:
            fact.pk = old.pk
            changed.append(fact)
    add_to_figures(deltas)
    ReportFact.objects.bulk_create(created, batch_size=2000)
    fields = ["day", "unit_id", "channel", "category_id", "province", "campaign_id", "counts"]
    ReportFact.objects.bulk_update(changed, fields, batch_size=1000)
    return len(changed) + len(created)
