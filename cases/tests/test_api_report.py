import uuid

import pytest

from audit.models import AuditEvent
from tipline.test import api_token_for
from tipline.testing.builders import text_file

from .helpers import submit

pytestmark = pytest.mark.django_db


def get(client, user, report_id):
    token = api_token_for(user)
    return client.get(f"/api/v1/staff/reports/{report_id}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_shows_the_decrypted_report_and_audits_the_view(client, intake_officer):
    report = submit(files=[text_file()], answers={"what": "a drone over the harbour"})
    response = get(client, intake_officer, report.id)
    assert response.status_code == 200
    body = response.json()
    assert body["answers"] == {"what": "a drone over the harbour"}
    assert body["attachments"][0]["name"] == "note.txt"
    assert body["triage_state"] == "new"
    event = AuditEvent.objects.get(action="report.view")
    assert event.actor == intake_officer
    assert event.target_id == str(report.id)


def test_it_never_shows_the_identity(client, intake_officer):
    report = submit(contact={"name": "Li Lei", "phone": "13800000000"})
    assert "Li Lei" not in get(client, intake_officer, report.id).content.decode()


def test_a_user_of_another_unit_gets_404(client, analyst_b, unit_a):
    assert get(client, analyst_b, submit().id).status_code == 404


def test_a_user_without_a_content_role_gets_403(client, unit_a, auditor):
    assert get(client, auditor, submit().id).status_code == 403


def test_an_unknown_or_malformed_id_gets_404(client, intake_officer):
    assert get(client, intake_officer, uuid.uuid4()).status_code == 404
    assert get(client, intake_officer, "not-a-uuid").status_code == 404
