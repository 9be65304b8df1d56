"""The public transparency figures: by month and by province, never finer, every figure under
THRESHOLD shown as "fewer than 10" with complementary suppression (core.smallcells), so that no
hidden figure can be worked back out of a total or of the other cells of its line.

Two tables, each suppressed as a whole with its totals:
  - reports received by month × channel (partner channels together), with month and channel
    totals;
  - for one month, by province: received, acknowledged within 7 days, first feedback within
    3 months, cases closed as substantiated or otherwise, commendations and rewards granted,
    with national totals.
"Within 7 days" and "within 3 months" are the legal defaults, read exactly from the duration
histograms (their bucket edges include 7 and 90 days), whatever a category's own deadline.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from core.smallcells import suppress_table, total
from insights.buckets import WITHIN_7_DAYS, WITHIN_90_DAYS
from insights.models import PeriodFigure

MONTHS_SHOWN = 12
ACK_7 = [f"ack_h{i}" for i in range(WITHIN_7_DAYS)]
FEEDBACK_90 = [f"feedback_h{i}" for i in range(WITHIN_90_DAYS)]
OTHER_OUTCOMES = [
    "outcome_unsubstantiated",
    "outcome_false",
    "outcome_malicious",
    "outcome_out_of_scope",
]
PROVINCE_COLUMNS = (
    ("received", _("Reports received"), ["received"]),
    ("ack_7", _("Acknowledged within 7 days"), ACK_7),
    ("feedback_90", _("First feedback within 3 months"), FEEDBACK_90),
    ("substantiated", _("Cases closed: substantiated"), ["outcome_substantiated"]),
    ("other_outcomes", _("Cases closed: other outcomes"), OTHER_OUTCOMES),
    ("commendations", _("Commendations granted"), ["commendations_granted"]),
    ("rewards", _("Rewards granted"), ["rewards_granted"]),
)
PUBLIC_CHANNELS = ("web", "api", "hotline", "voicemail", "letter", "visit", "partner")


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _public_channel(channel: str) -> str:
    return "partner" if channel.startswith("partner:") else channel


def _published(rows: dict) -> dict:
    """A suppressed table with its row, column and grand totals (each hidden under 10)."""
    cells = suppress_table(rows)
    columns = sorted({c for line in rows.values() for c in line}, key=repr)
    return {
        "cells": cells,
        "row_totals": {r: total(sum(rows[r].values())) for r in rows},
        "column_totals": {c: total(sum(rows[r].get(c, 0) for r in rows)) for c in columns},
        "grand_total": total(sum(sum(line.values()) for line in rows.values())),
    }


def by_month_and_channel(today: date) -> dict:
    first = month_start(today, MONTHS_SHOWN - 1)
    found = (
        PeriodFigure.objects.months(first, today)
        .annotate(month=F("start"))
        .values("month", "channel")
        .annotate(n=Sum("received"))
    )
    months = [month_start(today, back) for back in range(MONTHS_SHOWN - 1, -1, -1)]
    rows = {m: dict.fromkeys(PUBLIC_CHANNELS, 0) for m in months}
    for row in found:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        channel = _public_channel(row["channel"])
        if month in rows and channel in rows[month]:
            rows[month][channel] += row["n"] or 0
    return {"months": months, "channels": PUBLIC_CHANNELS, **_published(rows)}


def by_province(month: date) -> dict:
    """One month's figures per province (reports without a region: "not given")."""
    measures = sorted({m for _key, _label, names in PROVINCE_COLUMNS for m in names})
    found = (
        PeriodFigure.objects.months(month, month)
        .values("province")
        .annotate(**{m: Sum(m) for m in measures})
    )
    rows: dict = {}
    for row in found:
        line = rows.setdefault(row["province"], {key: 0 for key, _l, _n in PROVINCE_COLUMNS})
        for key, _label, names in PROVINCE_COLUMNS:
            line[key] += sum(row[name] or 0 for name in names)
    published = _published(rows) if rows else {"cells": {}, "column_totals": {}}
    return {"month": month, "provinces": sorted(rows, key=lambda code: code or "~"), **published}
