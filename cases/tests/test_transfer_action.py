import base64

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from cases.actions.routing import do_transfer_report
from cases.errors import ActionError
from intake import vault

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def test_a_report_is_transferred_with_a_reason(intake_officer, unit_b):
    report = submit()
    do_transfer_report(report, actor=intake_officer, unit=unit_b, reason="happened in Shanghai")
    report.refresh_from_db()
    assert report.unit == unit_b
    event = AuditEvent.objects.get(action="report.transfer")
    assert event.details["to"] == unit_b.pk
    assert "Shanghai" not in str(event.details)  # the audit trail holds no content
    sealed = base64.b64decode(event.details["reason_sealed"])
    reason = vault.open_json(
        vault.report_key(report),
        sealed,
        "report",
        report.id,
        "transfer",
        event.details["from"],
        unit_b.pk,
    )
    assert reason == "happened in Shanghai"


def test_a_transfer_needs_a_reason(intake_officer, unit_b):
    with pytest.raises(ActionError):
        do_transfer_report(submit(), actor=intake_officer, unit=unit_b, reason=" ")


def test_a_triaged_report_is_not_transferred(analyst_a, unit_b):
    report = submit()
    accept(report, analyst_a)
    with pytest.raises(ActionError):
        do_transfer_report(report, actor=analyst_a, unit=unit_b, reason="wrong unit")


def test_a_custodian_cannot_transfer(unit_a, custodian, unit_b):
    with pytest.raises(PermissionDenied):
        do_transfer_report(submit(), actor=custodian, unit=unit_b, reason="no")


def test_an_unrouted_report_gets_its_deadlines_when_transferred(intake_officer, unit_b):
    report = submit(routed=False)
    do_transfer_report(report, actor=intake_officer, unit=unit_b, reason="Shanghai")
    report.refresh_from_db()
    assert report.routed_at is not None
    assert report.triage_due_at is not None
