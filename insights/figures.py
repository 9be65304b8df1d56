"""Reading the daily figures for the dashboards and the CSV export: totals, groupings, times and
deadline compliance, always over the rows of the units a user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import F, Sum
from django.utils.translation import pgettext

from accounts.models import Region, Unit
from insights.buckets import BUCKETS, EDGE_HOURS, quantile
from insights.measures import COUNTS, HISTOGRAMS, MEASURES
from insights.models import PeriodFigure, WeekMargin
from intake.choices import channel_label
from intake.models import Campaign, Category

GROUP_MEASURES = (
    "received",
    "acknowledged",
    "ack_met",
    "ack_missed",
    "feedback_met",
    "feedback_missed",
)


@dataclass
class Filters:
    first: date
    last: date
    unit_ids: list[int] | None  # None: every unit (headquarters)
    channel: str = ""
    category_id: int | None = None
    province: str = ""
    campaign_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def narrowed(self) -> bool:
        """Whether a dimension other than the unit is filtered (the margins cannot answer)."""
        return bool(self.channel or self.category_id or self.province or self.campaign_id)

    def rows(self):
        rows = PeriodFigure.objects.for_units(self.unit_ids).weeks(self.first, self.last)
        if self.channel:
            rows = rows.filter(channel=self.channel)
        if self.category_id:
            rows = rows.filter(category_id=self.category_id)
        if self.province:
            rows = rows.filter(province=self.province)
        if self.campaign_id:
            rows = rows.filter(campaign_id=self.campaign_id)
        return rows


def sums(*measures):
    return {m: Sum(m) for m in measures}


def totals(filters: Filters) -> dict[str, int]:
    found = filters.rows().aggregate(**sums(*MEASURES))
    return {m: found[m] or 0 for m in MEASURES}


def grouped(filters: Filters, dimension: str, measures=GROUP_MEASURES) -> list[dict]:
    """One row per value of a dimension (channel, category_id, province, campaign_id, unit_id or
    week), largest first, weeks in order. The period is read in whole weeks (Monday first)."""
    rows = filters.rows()
    if dimension == "week":
        rows = rows.annotate(week=F("start"))
    found = list(rows.values(dimension).annotate(**sums(*measures)).order_by(dimension))
    if dimension != "week":
        found.sort(key=lambda row: -(row["received"] or 0))
    return found


WEEK_MEASURES = ("received", "acknowledged")
GROUPINGS = ("channel", "category_id", "province", "campaign_id", "unit_id")


def overview(filters: Filters, *, margins: bool = True) -> dict:
    """Everything the dashboard shows, in two queries: the totals of every measure, and (one
    GROUPING SETS query) the weeks and each grouping of GROUPINGS, largest first.

    SQLite has no GROUPING SETS: there, one query per grouping. Unless a dimension other than
    the unit is filtered, the weekly margins answer instead (`from_margins`; `margins=False`
    reads the weekly rows all the same, for comparison)."""
    if margins and not filters.narrowed:
        return from_margins(filters)
    total = totals(filters)
    if connection.vendor != "postgresql":
        weeks = grouped(filters, "week", WEEK_MEASURES)
        return {"total": total, "weeks": weeks, "by": {d: grouped(filters, d) for d in GROUPINGS}}
    sql, params = _grouping_sets(filters)
    weeks, by = [], {dimension: [] for dimension in GROUPINGS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            if row.pop("g_week") == 0:
                weeks.append({"week": row["week"], **{m: row[m] for m in WEEK_MEASURES}})
                continue
            dimension = next(d for d in GROUPINGS if row[f"g_{d}"] == 0)
            by[dimension].append({dimension: row[dimension], **{m: row[m] for m in GROUP_MEASURES}})
    weeks.sort(key=lambda row: row["week"])
    _sort(by)
    return {"total": total, "weeks": weeks, "by": by}


def _sort(by: dict[str, list[dict]]) -> None:
    for dimension, rows in by.items():
        rows.sort(key=lambda row, d=dimension: (-(row["received"] or 0), str(row[d])))


TYPED = {"category_id": int, "campaign_id": int}


def from_margins(filters: Filters) -> dict:
    """The same as overview() with no dimension but the unit filtered, read from WeekMargin in
    two queries over a few thousand rows: the whole weeks by week and unit (every measure: the
    weeks, the totals and the units are summed from them here), and the other groupings."""
    rows = WeekMargin.objects.for_units(filters.unit_ids).weeks(filters.first, filters.last)
    total = dict.fromkeys(MEASURES, 0)
    weeks: dict = {}
    units: dict = {}
    # One row per week and unit (the key is unique): no GROUP BY needed.
    for row in rows.filter(dimension="").values("start", "unit_id", *MEASURES).order_by():
        week = weeks.setdefault(row["start"], dict.fromkeys(WEEK_MEASURES, 0))
        unit = units.setdefault(row["unit_id"], dict.fromkeys(GROUP_MEASURES, 0))
        for m in MEASURES:
            total[m] += row[m] or 0
        for m in WEEK_MEASURES:
            week[m] += row[m] or 0
        for m in GROUP_MEASURES:
            unit[m] += row[m] or 0
    by: dict[str, list[dict]] = {dimension: [] for dimension in GROUPINGS}
    parts = rows.filter(dimension__in=WeekMargin.DIMENSIONS).values("dimension", "value")
    for row in parts.annotate(**sums(*GROUP_MEASURES)).order_by():
        dimension, value = row.pop("dimension"), row.pop("value")
        by[dimension].append({dimension: TYPED.get(dimension, str)(value), **row})
    by["unit_id"] = [{"unit_id": unit, **counts} for unit, counts in units.items()]
    _sort(by)
    found = [{"week": week, **counts} for week, counts in sorted(weeks.items())]
    return {"total": total, "weeks": found, "by": by}


def _grouping_sets(filters: Filters) -> tuple[str, list]:
    """The weekly rows of the filters, summed by week and by each grouping at once."""
    monday = filters.first - timedelta(days=filters.first.weekday())
    where, params = ["period = %s", "start >= %s", "start <= %s"], ["w", monday, filters.last]
    if filters.unit_ids is not None:
        where.append("unit_id = ANY(%s)")
        params.append(list(filters.unit_ids))
    for column, value in (
        ("channel", filters.channel),
        ("category_id", filters.category_id),
        ("province", filters.province),
        ("campaign_id", filters.campaign_id),
    ):
        if value:
            where.append(f"{column} = %s")
            params.append(value)
    flags = ", ".join(f"GROUPING({d}) AS g_{d}" for d in GROUPINGS)
    sums = ", ".join(f"SUM({m}) AS {m}" for m in GROUP_MEASURES)
    sets = ", ".join(f"({d})" for d in ("start", *GROUPINGS))
    sql = (
        f"SELECT start AS week, {', '.join(GROUPINGS)}, GROUPING(start) AS g_week, {flags}, "  # noqa: S608 - our own identifiers
        f"{sums} FROM {PeriodFigure._meta.db_table} WHERE {' AND '.join(where)} "
        f"GROUP BY GROUPING SETS ({sets})"
    )
    return sql, params


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def compliance(row: dict) -> dict:
    """Deadline compliance of a row: the share met of those assessed (met or missed)."""
    return {
        "ack_rate": rate(
            row.get("ack_met") or 0, (row.get("ack_met") or 0) + (row.get("ack_missed") or 0)
        ),
        "feedback_rate": rate(
            row.get("feedback_met") or 0,
            (row.get("feedback_met") or 0) + (row.get("feedback_missed") or 0),
        ),
    }


def times(total: dict[str, int]) -> list[dict]:
    """Per duration (acknowledge, triage, first feedback): its histogram, median and p90."""
    found = []
    for name in HISTOGRAMS:
        counts = [total[f"{name}_h{i}"] for i in range(BUCKETS)]
        found.append(
            {
                "name": name,
                "counts": counts,
                "median": quantile(counts, 0.5),
                "p90": quantile(counts, 0.9),
                "count": sum(counts),
            }
        )
    return found


def bucket_labels() -> list[str]:
    """The bands as the dashboard shows them: "≤1h", ">180d" in English, "≤1 小时", ">180 天" in
    Chinese (buckets.bucket_label() is the language-neutral form)."""
    return [_band(i) for i in range(BUCKETS)]


def _band(index: int) -> str:
    beyond = index >= len(EDGE_HOURS)
    hours = EDGE_HOURS[-1] if beyond else EDGE_HOURS[index]
    if hours >= 24 and hours % 24 == 0:
        if beyond:
            return pgettext("time band", ">%(n)dd") % {"n": hours // 24}
        return pgettext("time band", "≤%(n)dd") % {"n": hours // 24}
    return pgettext("time band", "≤%(n)dh") % {"n": hours}


def labels(dimension: str, values) -> dict:
    """Readable names for the values of a dimension (ids of rows that may since be gone)."""
    values = [v for v in values if v not in (None, "", 0)]
    if dimension == "channel":
        return {v: channel_label(v) for v in values}
    models = {
        "category_id": (Category, "pk"),
        "campaign_id": (Campaign, "pk"),
        "unit_id": (Unit, "pk"),
        "province": (Region, "code"),
    }
    if dimension not in models:
        return {}
    model, key = models[dimension]
    return {getattr(o, key): _name(o) for o in model.objects.filter(**{f"{key}__in": values})}


def _name(obj) -> str:
    if isinstance(obj, Campaign):
        return obj.name_en if obj.name_en and _english() else obj.name_zh or obj.tag
    return obj.name


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("en")


def export_rows(filters: Filters):
    """The CSV export: one row per week × channel × category × province × campaign."""
    keys = ("week", "channel", "category_id", "province", "campaign_id")
    rows = filters.rows().annotate(week=F("start"))
    return rows.values(*keys).annotate(**sums(*COUNTS, *MEASURES[len(COUNTS) :])).order_by(*keys)
