"""The background indexers open report content; each opening is in the audit trail, naming the
reports (never the text)."""

from io import StringIO

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from cases.similarity.tests.helpers import EN, ZH, file_report

pytestmark = pytest.mark.django_db


def processed(purpose):
    return [
        event
        for event in AuditEvent.objects.filter(action="report.content_processed")
        if event.details["purpose"] == purpose
    ]


def test_the_indexing_sweep_records_every_report_it_opened():
    report = file_report(ZH)
    events = processed("indexing")
    assert [str(report.id)] in [event.details["reports"] for event in events]
    assert all(event.actor_id is None for event in events)
    assert "无人机" not in str([event.details for event in events])


@pytest.mark.parametrize(
    ("command", "purpose"),
    [
        ("rebuild_similarity", "rebuild_similarity"),
        ("rebuild_search_index", "rebuild_search_index"),
    ],
)
def test_rebuilds_record_every_report_they_opened(command, purpose):
    reports = [file_report(ZH, index=False), file_report(EN, index=False)]
    call_command(command, stdout=StringIO(), stderr=StringIO())
    opened = {rid for event in processed(purpose) for rid in event.details["reports"]}
    assert opened == {str(report.id) for report in reports}
