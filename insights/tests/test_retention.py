"""Deleting reports at the end of their retention never changes the figures already recorded,
and a rebuild leaves the days with purged reports exactly as they were."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from cases.actions.retention import do_purge_expired
from insights.actions import do_rebuild_insights, do_refresh_insights
from insights.models import DailyFigure, PurgedDay, ReportFact
from insights.tests import helpers as h
from intake.models import Report
from tipline.test import make_staff

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(DailyFigure.objects.values_list("day", "unit_id", "received", "triage_spam"))


@pytest.fixture
def history(unit_hq, unit_a):
    officer = make_staff("hq_officer", unit_hq, Role.INTAKE_OFFICER)
    spam = h.report(days_ago=60)
    h.triage(spam, officer, "spam")
    kept = h.report(days_ago=60)  # the same day, still awaiting triage
    recent = h.report(days_ago=1)
    do_refresh_insights()
    return spam, kept, recent


def test_a_purge_leaves_the_figures_unchanged(history):
    spam, _kept, _recent = history
    before = snapshot()
    assert do_purge_expired(now=timezone.now() + timedelta(days=1)) == 1
    assert not Report.objects.filter(pk=spam.pk).exists()
    do_refresh_insights()
    assert snapshot() == before
    assert PurgedDay.objects.filter(day=h.local_day(spam)).exists()
    assert not ReportFact.objects.filter(report__isnull=True).exists()  # nothing of it is left


def test_a_rebuild_keeps_the_days_with_purged_reports_as_recorded(history):
    spam, kept, recent = history
    do_purge_expired(now=timezone.now() + timedelta(days=1))
    before = snapshot()
    # Someone damages the figures of both days; the rebuild mends only the fully held one.
    DailyFigure.objects.update(received=99)
    result = do_rebuild_insights()
    after = {day: received for day, _unit, received, _spam in snapshot()}
    assert after[h.local_day(recent)] == 1
    assert after[h.local_day(kept)] == 99  # not recomputable: one of its reports is gone
    assert result["days_kept"] == 1
    assert len(before) == len(snapshot())
