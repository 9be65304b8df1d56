"""The dashboard's one GROUPING SETS query gives exactly what one query per grouping gives, for
every scope and filter (PostgreSQL; SQLite runs the per-grouping queries themselves)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from insights.actions import do_refresh_insights
from insights.figures import GROUPINGS, WEEK_MEASURES, Filters, grouped, overview
from insights.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(unit_a, unit_b):
    for index in range(9):
        h.report(
            region_code=("110000", "110100", "310000", None)[index % 4],
            slug="sabotage" if index % 3 else "espionage",
            channel=("web", "hotline", "letter")[index % 3],
            days_ago=index * 11,
            campaign="radio-2025" if index % 4 == 1 else None,
        )
    do_refresh_insights()
    return unit_a, unit_b


def per_grouping(filters: Filters) -> dict:
    weeks = grouped(filters, "week", WEEK_MEASURES)
    by = {dimension: grouped(filters, dimension) for dimension in GROUPINGS}
    for dimension, rows in by.items():
        rows.sort(key=lambda row, d=dimension: (-(row["received"] or 0), str(row[d])))
    return {"weeks": weeks, "by": by}


def test_one_query_gives_what_one_query_per_grouping_gives(history):
    unit_a, unit_b = history
    today = timezone.localdate()
    first = today - timedelta(days=100)
    cases = [
        Filters(first, today, None),
        Filters(first, today, [unit_a.pk]),
        Filters(first, today, [unit_b.pk], channel="web"),
        Filters(today - timedelta(days=40), today, None, province="110000"),
        Filters(first, today, [], channel="hotline"),
    ]
    for filters in cases:
        found = overview(filters)
        expected = per_grouping(filters)
        assert found["weeks"] == expected["weeks"]
        assert found["by"] == expected["by"]
        assert found["total"]["received"] == sum(w["received"] for w in expected["weeks"])
    assert overview(cases[0])["total"]["received"] == 9
