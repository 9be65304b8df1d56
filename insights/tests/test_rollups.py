"""The daily figures equal what counting the reports directly gives, whatever happened to them and
whenever the refresh ran in between; a rebuild gives the same again."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role
from cases.actions.escalations import do_escalate_overdue
from insights.actions import do_rebuild_insights, do_refresh_insights, refresh
from insights.measures import MEASURES
from insights.models import DailyFigure
from insights.tests import helpers as h
from intake.models import Report
from tipline.test import make_staff

pytestmark = pytest.mark.django_db

filing = st.fixed_dictionaries(
    {
        "slug": st.sampled_from(["espionage", "sabotage"]),
        "region_code": st.sampled_from(["110000", "110100", "310000", None]),
        "channel": st.sampled_from(["web", "hotline", "letter"]),
        "days_ago": st.integers(0, 120),
        "campaign": st.sampled_from([None, None, "radio-2025"]),
    }
)
step = st.tuples(
    st.sampled_from(["ack", "feedback", "accept", "spam", "false", "close", "transfer", "refresh"]),
    st.integers(0, 7),
    st.integers(1, 400),
)


@pytest.fixture
def staff(unit_hq, unit_a, unit_b):
    return {
        "hq": make_staff("hq_analyst", unit_hq, Role.ANALYST, Role.INTAKE_OFFICER),
        "units": [unit_a, unit_b],
    }


def play(reports, steps, staff, now):
    actor = staff["hq"]
    for verb, index, hours in steps:
        if verb == "refresh":
            do_refresh_insights(now=now)
            continue
        filed = reports[index % len(reports)]
        filed.refresh_from_db()
        state = filed.triage_state
        if verb in ("ack", "feedback"):
            h.message(filed, actor, feedback=verb == "feedback", hours=hours)
        elif verb in ("accept", "spam", "false") and state == "new":
            h.triage(filed, actor, "new_case" if verb == "accept" else verb, hours=hours)
        elif verb == "close" and state == "accepted" and filed.status != "closed":
            outcome = ["substantiated", "unsubstantiated", "false"][hours % 3]
            h.close(filed, actor, outcome)
        elif verb == "transfer" and state == "new":
            unit = staff["units"][hours % 2]
            if unit.pk != filed.unit_id:
                h.transfer(filed, actor, unit)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(filings=st.lists(filing, min_size=1, max_size=6), steps=st.lists(step, max_size=14))
def test_the_figures_equal_a_direct_count_over_any_history(staff, filings, steps):
    with transaction.atomic():
        now = timezone.now() + timedelta(hours=1)
        reports = [h.report(**f) for f in filings]
        play(reports, steps, staff, now)
        do_refresh_insights(now=now)
        assert h.figures() == {k: v for k, v in h.direct_counts(now).items() if v}
        incremental = h.figures(MEASURES)
        assert h.period_sums("w") == h.period_sums("m") == h.period_sums("d")
        assert h.margins() == h.margins_of_weeks()
        do_rebuild_insights(now=now)
        assert h.figures(MEASURES) == incremental
        assert h.period_sums("w") == h.period_sums("d")
        assert h.margins() == h.margins_of_weeks()
        # The rebuilt ledger says what the refresh would: re-reading every report changes nothing.
        assert refresh(Report.objects.values_list("id", flat=True), now) == 0
        transaction.set_rollback(True)


def test_a_transfer_moves_the_reports_counts_to_the_unit_holding_it(staff, unit_a, unit_b):
    filed = h.report(region_code="110000")
    do_refresh_insights()
    assert h.totals(unit_id=unit_a.pk)["received"] == 1
    h.transfer(filed, staff["hq"], unit_b)
    do_refresh_insights()
    assert h.totals(unit_id=unit_a.pk)["received"] is None
    assert h.totals(unit_id=unit_b.pk)["received"] == 1


def test_an_acknowledgement_is_counted_with_its_time_bucket(staff):
    filed = h.report(days_ago=3)
    do_refresh_insights()
    h.message(filed, staff["hq"], hours=30)  # the 24-48 hour bucket
    do_refresh_insights()
    assert h.totals()["acknowledged"] == 1
    assert h.totals()["ack_h4"] == 1


def test_a_deadline_passing_unmet_is_counted_as_missed(staff):
    h.report(days_ago=6)
    do_refresh_insights()
    assert not h.totals()["ack_missed"]
    later = timezone.now() + timedelta(days=2)
    do_escalate_overdue(now=later)  # the cases sweep raises the breach (and its audit event)
    do_refresh_insights(now=later)
    assert h.totals()["ack_missed"] == 1


def test_nothing_is_counted_twice_when_the_refresh_runs_again(staff):
    h.report()
    do_refresh_insights()
    do_refresh_insights()
    assert DailyFigure.objects.get().received == 1
