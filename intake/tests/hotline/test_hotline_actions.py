"""do_confirm_read_back: the caller's confirmation of an oral report's record."""

import pytest

from audit.models import AuditEvent
from intake.actions.calls import do_confirm_read_back
from intake.actions.reports import do_submit_report
from intake.models import Report
from tipline.test import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(category, call_taker) -> Report:
    return do_submit_report(
        submission(
            category_id=category.pk,
            region_code=None,
            answers={"what": "told by telephone"},
            language="zh-hans",
            channel="hotline",
            taken_by=call_taker,
        )
    )[0]


def test_it_stamps_the_time_and_audits_it(report, call_taker):
    do_confirm_read_back(report, actor=call_taker)
    assert Report.objects.get(pk=report.pk).read_back_confirmed_at is not None
    assert AuditEvent.objects.filter(action="report.read_back_confirmed").count() == 1


def test_the_first_confirmation_stands(report, call_taker):
    first = do_confirm_read_back(report, actor=call_taker).read_back_confirmed_at
    again = do_confirm_read_back(Report.objects.get(pk=report.pk), actor=call_taker)
    assert again.read_back_confirmed_at == first
    assert AuditEvent.objects.filter(action="report.read_back_confirmed").count() == 1
