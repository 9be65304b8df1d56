"""Writing the daily figures: add a batch of differences, and keep each held report's fact.

Every change to DailyFigure is an addition (INSERT … ON CONFLICT DO UPDATE SET col = col + new),
so two refreshes never overwrite each other's counts and a purged report's counts stay put.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import timedelta

from django.db import connection

from insights.measures import DIMENSIONS, MEASURES, ReportState, contribution
from insights.models import DailyFigure, PeriodFigure, ReportFact, WeekMargin

Deltas = dict[tuple, Counter]


PERIOD_KEY = ("period", "start", *DIMENSIONS[1:])
MARGIN_KEY = ("dimension", "start", "unit_id", "value")


def _upsert(model, key_columns, rows) -> None:
    """Add counts to rows by key. PostgreSQL: COPY into a scratch table, then one INSERT … ON
    CONFLICT; elsewhere one statement per row (executemany). No statement grows with the batch."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join([*key_columns, *MEASURES])
    updates = ", ".join(f"{m} = {table}.{m} + EXCLUDED.{m}" for m in MEASURES)
    conflict = f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {updates}"
    params = [[*key, *(counts.get(m, 0) for m in MEASURES)] for key, counts in rows]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            marks = ", ".join(["%s"] * (len(key_columns) + len(MEASURES)))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) {conflict}"  # noqa: S608 - ours
            cursor.executemany(sql, params)
            return
        scratch = f"insights_scratch_{model._meta.model_name}"
        create = f"CREATE TEMP TABLE IF NOT EXISTS {scratch} ON COMMIT DELETE ROWS AS "
        cursor.execute(create + f"SELECT {columns} FROM {table} WITH NO DATA")  # noqa: S608
        cursor.execute(f"TRUNCATE {scratch}")
        with cursor.cursor.copy(f"COPY {scratch} ({columns}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        sql = f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} {conflict}"  # noqa: S608
        cursor.execute(sql)


def period_deltas(rows) -> Deltas:
    """The same counts keyed by (period, start of week or month, dimensions...)."""
    found: Deltas = defaultdict(Counter)
    for (day, *dims), counts in rows:
        found[(PeriodFigure.WEEK, day - timedelta(days=day.weekday()), *dims)].update(counts)
        found[(PeriodFigure.MONTH, day.replace(day=1), *dims)].update(counts)
    return found


def margin_deltas(periods: Deltas) -> Deltas:
    """The weekly counts keyed by (dimension, Monday, unit, value): each week × unit once whole
    (dimension "") and once under each value of each dimension but the unit (WeekMargin)."""
    found: Deltas = defaultdict(Counter)
    for (period, start, unit, *values), counts in periods.items():
        if period != PeriodFigure.WEEK:
            continue
        found[("", start, unit, "")].update(counts)
        for dimension, value in zip(WeekMargin.DIMENSIONS, values, strict=True):
            found[(dimension, start, unit, str(value))].update(counts)
    return found


def add_to_figures(deltas: Deltas) -> None:
    """Add each key's counts to its daily, weekly and monthly rows and to the weekly margins
    (created if missing); rows left with nothing (a transfer moved everything out) go."""
    rows = [(key, counts) for key, counts in deltas.items() if any(counts.values())]
    if not rows:
        return
    periods = period_deltas(rows)
    margins = margin_deltas(periods)
    _upsert(DailyFigure, DIMENSIONS, rows)
    _upsert(PeriodFigure, PERIOD_KEY, list(periods.items()))
    _upsert(WeekMargin, MARGIN_KEY, list(margins.items()))
    DailyFigure.objects.filter(day__in={key[0] for key, _c in rows}, received__lte=0).delete()
    starts = {key[1] for key in periods}
    PeriodFigure.objects.filter(start__in=starts, received__lte=0).delete()
    WeekMargin.objects.filter(start__in=starts, received__lte=0).delete()


def insert_rows(model, columns, rows) -> None:
    """Plain inserts of new rows: COPY on PostgreSQL (the rebuild writes a million), else
    executemany."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - our own identifiers
        cursor.executemany(sql, rows)


def insert_figures(model, key_columns, totals: Deltas) -> None:
    rows = [[*key, *(counts.get(m, 0) for m in MEASURES)] for key, counts in totals.items()]
    insert_rows(model, [*key_columns, *MEASURES], rows)


FACT_COLUMNS = ("report_id", *DIMENSIONS, "counts")


def insert_facts(facts: list[tuple]) -> None:
    """(report id, state key, counts) triples as new ReportFact rows."""
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        rows = [(rid, *key, Jsonb(counts)) for rid, key, counts in facts]
    else:
        rows = [(str(rid).replace("-", ""), *key, json.dumps(counts)) for rid, key, counts in facts]
    insert_rows(ReportFact, FACT_COLUMNS, rows)


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
    # Replacing a fact is a delete and an insert: bulk_update's CASE expressions cost seconds.
    ReportFact.objects.filter(pk__in=[fact.pk for fact in changed]).delete()
    insert_facts([(f.report_id, f.key, f.counts) for f in (*changed, *created)])
    return len(changed) + len(created)
