from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from cases.models import RoutingRule
from cases.tests.helpers import submit_with_receipt
from rewards.actions.protection import (
    do_acknowledge_protection,
    do_record_measure,
    do_request_protection,
    escalate_overdue,
    open_measure,
    open_request,
)
from rewards.models import ProtectionRequest
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(unit_a):
    """A report routed to unit A (by its region), with its receipt."""
    RoutingRule.objects.create(region_id="110000", unit=unit_a)
    report, receipt = submit_with_receipt()
    assert report.unit == unit_a
    return report, receipt


def test_the_page_first_says_call_110(client, reported):
    client.post("/followup/", {"code": reported[1]})
    page = client.get("/followup/protection/").content.decode()
    assert page.index("110") < page.index("<form method")
    assert "/followup/protection/" in client.get("/followup/report/").content.decode()


def test_a_reporter_asks_for_protection_on_the_web(client, reported):
    report, receipt = reported
    client.post("/followup/", {"code": receipt})
    response = client.post(
        "/followup/protection/", {"kind": "retaliation", "body": "my car was vandalised"}
    )
    assert response.status_code == 303
    item = ProtectionRequest.objects.get()
    assert item.unit_id == report.unit_id
    assert b"vandalised" not in bytes(item.body_sealed)
    assert open_request(item) == "my car was vandalised"
    assert item.ack_due_at - item.created_at == timedelta(hours=24)
    assert AuditEvent.objects.get(action="protection.request").actor_label == "reporter"


def test_the_api_takes_a_request_and_shows_its_status(client, reported, supervisor):
    report, receipt = reported
    response = client.post(
        "/api/v1/followup/protection",
        {"kind": "protection", "body": "threatened by phone"},
        content_type="application/json",
        HTTP_X_RECEIPT=receipt,
    )
    assert response.status_code == 201
    item = ProtectionRequest.objects.get()
    do_record_measure(item, actor=supervisor, body="patrols near home")
    listed = client.get("/api/v1/followup/protection", HTTP_X_RECEIPT=receipt).json()
    assert listed[0]["status"] == "measures_taken"


def test_supervisors_acknowledge_and_record_sealed_measures(reported, supervisor):
    item = do_request_protection(reported[0], kind="protection", body="followed home")
    item = do_acknowledge_protection(item, actor=supervisor)
    assert item.acknowledged_by == supervisor
    measure = do_record_measure(item, actor=supervisor, body="escort arranged")
    assert b"escort" not in bytes(measure.body_sealed)
    assert open_measure(measure) == "escort arranged"
    assert AuditEvent.objects.filter(action="protection.measure").exists()


def test_only_supervisors_of_the_unit_handle_it(reported, analyst_a, unit_b):
    from accounts.models import Role
    from tipline.test import make_staff

    item = do_request_protection(reported[0], kind="protection", body="followed home")
    with pytest.raises(PermissionDenied):
        do_acknowledge_protection(item, actor=analyst_a)
    with pytest.raises(PermissionDenied):
        do_acknowledge_protection(item, actor=make_staff("sup_b", unit_b, Role.SUPERVISOR))


def test_an_unacknowledged_request_escalates_once_when_its_deadline_passes(
    reported, settings, supervisor
):
    settings.TIPLINE_EMAIL_ESCALATIONS = True
    supervisor.email = "sup@example.org"
    supervisor.save()
    item = do_request_protection(reported[0], kind="protection", body="followed home")
    assert escalate_overdue(now=item.ack_due_at - timedelta(minutes=1)) == 0
    assert escalate_overdue(now=item.ack_due_at + timedelta(minutes=1)) == 1
    assert escalate_overdue(now=item.ack_due_at + timedelta(hours=2)) == 0
    event = AuditEvent.objects.get(action="deadline.escalate")
    assert event.target_type == "protection"


def test_an_acknowledged_request_does_not_escalate(reported, supervisor):
    item = do_request_protection(reported[0], kind="protection", body="followed home")
    do_acknowledge_protection(item, actor=supervisor)
    assert escalate_overdue(now=item.ack_due_at + timedelta(hours=1)) == 0


def test_the_console_shows_it_to_supervisors_only(client, reported, supervisor, analyst_b):
    from accounts.models import Role
    from tipline.test import make_staff

    item = do_request_protection(reported[0], kind="protection", body="followed home")
    login_staff(client, supervisor)
    assert "followed home" in client.get(f"/staff/rewards/protection/{item.pk}/").content.decode()
    client.post(f"/staff/rewards/protection/{item.pk}/measure/", {"body": "escort"})
    assert item.measures.count() == 1
    login_staff(client, analyst_b)
    assert client.get("/staff/rewards/protection/").status_code == 403
    login_staff(client, make_staff("sup_b", analyst_b.unit, Role.SUPERVISOR))
    assert client.get(f"/staff/rewards/protection/{item.pk}/").status_code == 404


def test_notices_carry_no_content(
    reported, settings, supervisor, django_capture_on_commit_callbacks
):
    settings.TIPLINE_EMAIL_ESCALATIONS = True
    supervisor.email = "sup@example.org"
    supervisor.save()
    with django_capture_on_commit_callbacks(execute=True):
        do_request_protection(reported[0], kind="protection", body="followed home")
    assert len(mail.outbox) == 1
    assert "followed" not in mail.outbox[0].body
