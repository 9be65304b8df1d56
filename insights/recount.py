"""The rebuild's recount in one SQL statement on PostgreSQL: insights.measures.contribution()
written as column expressions, so a million reports are counted in the database instead of being
streamed through Python (which took minutes).

The Python contribution() stays the definition: the incremental refresh uses it, SQLite rebuilds
with it, and the tests check that a rebuild here gives exactly what the refresh gave.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from insights.buckets import BUCKETS, EDGES
from insights.measures import DIMENSIONS, FEEDBACK_OWED, MEASURES, OUTCOMES, TRIAGE_STATES
from insights.states import GRANTED

TIMES = {"ack": "acknowledged_at", "triage": "triaged_at", "feedback": "feedback_at"}


def _bucket(column: str) -> str:
    """The histogram bucket of a time, computed once per report (in the inner query)."""
    seconds = f"extract(epoch from r.{column} - r.created_at)"
    whens = " ".join(f"WHEN {seconds} <= {edge} THEN {i}" for i, edge in enumerate(EDGES))
    return f"CASE WHEN r.{column} IS NULL THEN NULL {whens} ELSE {len(EDGES)} END"


def _deadline(done: str, due: str, owed: str, outcome: str) -> str:
    met = "<=" if outcome == "met" else ">"
    missed = (
        f" WHEN r.{done} IS NULL AND {owed} AND r.{due} < %(now)s THEN 1"
        if outcome == "missed"
        else ""
    )
    return (
        f"CASE WHEN r.{due} IS NULL THEN NULL WHEN r.{done} IS NOT NULL AND r.{done} {met} r.{due} "
        f"THEN 1{missed} END"
    )


def expressions() -> dict[str, str]:
    """measure -> an SQL expression giving its count for one report, NULL for none."""
    owed = "r.triage_state IN (" + ", ".join(f"'{s}'" for s in FEEDBACK_OWED) + ")"
    found = {
        "received": "1",
        "acknowledged": "CASE WHEN r.acknowledged_at IS NOT NULL THEN 1 END",
        "triaged": "CASE WHEN r.triaged_at IS NOT NULL THEN 1 END",
        "feedback": "CASE WHEN r.feedback_at IS NOT NULL THEN 1 END",
        "flooded": "CASE WHEN r.flood_report IS NOT NULL THEN 1 END",
        "protection_requests": "NULLIF(COALESCE(r.pr_n, 0), 0)",
        "rewards_granted": "NULLIF(COALESCE(r.sh_money, 0), 0)",
        "commendations_granted": "NULLIF(COALESCE(r.sh_other, 0), 0)",
    }
    for outcome in ("met", "missed"):
        found[f"ack_{outcome}"] = _deadline(
            "acknowledged_at", "ack_due_at", "r.triage_state <> 'spam'", outcome
        )
        found[f"feedback_{outcome}"] = _deadline("feedback_at", "feedback_due_at", owed, outcome)
    for state in TRIAGE_STATES:
        found[f"triage_{state}"] = f"CASE WHEN r.triage_state = '{state}' THEN 1 END"
    for outcome in OUTCOMES:
        found[f"outcome_{outcome}"] = f"CASE WHEN r.outcome = '{outcome}' THEN 1 END"
    for name in TIMES:
        for i in range(BUCKETS):
            found[f"{name}_h{i}"] = f"CASE WHEN r.{name}_bucket = {i} THEN 1 END"
    assert set(found) == set(MEASURES)  # noqa: S101 - a measure added without its SQL
    return found


def _json(measures: list[str]) -> str:
    """The jsonb of the non-null counts, written as text and parsed once: concat_ws skips the
    NULLs, which is five times cheaper than jsonb_build_object over every measure and then
    jsonb_strip_nulls."""
    pairs = ", ".join(f"'\"{m}\": ' || {m}" for m in measures)
    return f"('{{' || concat_ws(', ', {pairs}) || '}}')::jsonb"


# Each held report's dimensions and counts, staged once in a temporary table (no WAL; read twice,
# for the daily figures and for the facts), from only the columns the measures read.
STAGE = """
CREATE TEMP TABLE insights_recount ON COMMIT DROP AS
WITH pr AS (SELECT report_id, count(*) AS n FROM rewards_protectionrequest GROUP BY report_id),
sh AS (
  SELECT s.report_id,
         count(*) FILTER (WHERE t.kind = 'money') AS money,
         count(*) FILTER (WHERE t.kind <> 'money') AS other
  FROM rewards_share s JOIN rewards_award a ON a.id = s.award_id
  JOIN rewards_tier t ON t.id = a.tier_id
  WHERE s.report_id IS NOT NULL AND s.status IN ({granted}) GROUP BY s.report_id
),
b AS (
  SELECT r.id, r.created_at, r.unit_id, r.channel, r.category_id, r.campaign_id, r.triage_state,
         r.acknowledged_at, r.ack_due_at, r.triaged_at, r.feedback_at, r.feedback_due_at,
         c.outcome, fm.report_id AS flood_report, pr.n AS pr_n, sh.money AS sh_money,
         sh.other AS sh_other, COALESCE(g2.code, g1.code, g.code, '') AS province_code, {buckets}
  FROM intake_report r
  LEFT JOIN accounts_region g ON g.code = r.region_id
  LEFT JOIN accounts_region g1 ON g1.code = g.parent_id
  LEFT JOIN accounts_region g2 ON g2.code = g1.parent_id
  LEFT JOIN cases_casereport cr ON cr.report_id = r.id
  LEFT JOIN cases_case c ON c.id = cr.case_id
  LEFT JOIN similarity_floodmember fm ON fm.report_id = r.id
  LEFT JOIN pr ON pr.report_id = r.id
  LEFT JOIN sh ON sh.report_id = r.id
),
m AS (
  SELECT r.id, (r.created_at AT TIME ZONE %(zone)s)::date AS day, COALESCE(r.unit_id, 0) AS unit_id,
         r.channel, r.category_id, r.province_code AS province,
         COALESCE(r.campaign_id, 0) AS campaign_id, {measures}
  FROM b r
)
SELECT * FROM m WHERE day NOT IN (SELECT day FROM insights_purgedday)
"""
DAILY = """
INSERT INTO insights_dailyfigure ({dims}, {measure_names})
SELECT {dims}, {sums} FROM insights_recount GROUP BY {dims}
"""
FACTS = """
INSERT INTO insights_reportfact (report_id, {dims}, counts)
SELECT id, {dims}, {json} FROM insights_recount
"""


def recount_in_sql(now) -> int:
    """Insert the facts and the daily figures of every held day; returns the reports counted.
    Three statements, no row through Python: stage, sum by day and dimensions, write facts."""
    found = expressions()
    measures = list(MEASURES)
    parts = {
        "granted": ", ".join(f"'{status}'" for status in GRANTED),
        "measures": ", ".join(f"{found[m]} AS {m}" for m in measures),
        "buckets": ", ".join(f"{_bucket(col)} AS {name}_bucket" for name, col in TIMES.items()),
        "dims": ", ".join(DIMENSIONS),
        "json": _json(measures),
        "measure_names": ", ".join(measures),
        "sums": ", ".join(f"COALESCE(SUM({m}), 0)" for m in measures),
    }
    with connection.cursor() as cursor:
        # Sorting and hashing a million rows in memory rather than in temporary files.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(STAGE.format(**parts), {"now": now, "zone": settings.TIME_ZONE})
        counted = cursor.rowcount
        cursor.execute(DAILY.format(**parts))
        cursor.execute(FACTS.format(**parts))
        cursor.execute("DROP TABLE insights_recount")
        return counted


PERIODS_SQL = """
INSERT INTO insights_periodfigure (period, start, {rest}, {measures})
SELECT %s, {start}, {rest}, {sums} FROM insights_dailyfigure GROUP BY {start}, {rest}
"""
STARTS = {
    "postgresql": {"w": "date_trunc('week', day)::date", "m": "date_trunc('month', day)::date"},
    "sqlite": {"w": "date(day, 'weekday 0', '-6 days')", "m": "date(day, 'start of month')"},
}


def periods_in_sql() -> None:
    """Weekly (Monday first) and monthly sums of the whole daily record, then the weekly
    margins."""
    rest = ", ".join(DIMENSIONS[1:])
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM insights_periodfigure")
        for period, start in STARTS[connection.vendor].items():
            sql = PERIODS_SQL.format(
                rest=rest, measures=", ".join(MEASURES), start=start, sums=sums
            )
            cursor.execute(sql, [period])
        margins_in_sql(cursor, MEASURES)


# Also run by migration 0003 (with the measures of its time) to fill the margins of the figures
# recorded before them.
MARGINS_SQL = """
INSERT INTO insights_weekmargin (dimension, start, unit_id, value, {measures})
SELECT %s, start, unit_id, {value}, {sums} FROM insights_periodfigure WHERE period = 'w'
GROUP BY start, unit_id{group}
"""


def margins_in_sql(cursor, measures) -> None:
    """WeekMargin from the weekly rows: each week × unit whole, then by each dimension."""
    names, sums = ", ".join(measures), ", ".join(f"SUM({m})" for m in measures)
    cursor.execute("DELETE FROM insights_weekmargin")
    for dimension in ("", "channel", "category_id", "province", "campaign_id"):
        value = f"CAST({dimension} AS TEXT)" if dimension else "''"
        group = f", {dimension}" if dimension else ""
        sql = MARGINS_SQL.format(measures=names, value=value, sums=sums, group=group)
        cursor.execute(sql, [dimension])
