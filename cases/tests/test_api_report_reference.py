"""The staff API takes a report's reference wherever it takes its id, and answers with it."""

import pytest

from tipline.test import api_token_for

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(user)}"}


def test_a_report_is_read_by_its_reference(client, intake_officer):
    report = submit(answers={"what": "a drone over the harbour"})
    for handle in (report.grouped_reference, report.reference.lower()):
        response = client.get(f"/api/v1/staff/reports/{handle}", **auth(intake_officer))
        assert response.status_code == 200
        assert response.json()["id"] == str(report.pk)
        assert response.json()["reference"] == report.grouped_reference


def test_another_units_reference_is_a_404(client, unit_a, analyst_b):
    report = submit()
    response = client.get(f"/api/v1/staff/reports/{report.reference}", **auth(analyst_b))
    assert response.status_code == 404
    similar = client.get(f"/api/v1/staff/reports/{report.reference}/similar", **auth(analyst_b))
    assert similar.status_code == 404


def test_a_report_is_triaged_by_its_reference_as_a_duplicate_of_a_reference(client, intake_officer):
    first, second = submit(), submit()
    response = client.post(
        f"/api/v1/staff/reports/{second.grouped_reference}/triage",
        {"decision": "duplicate", "priority": 3, "duplicate_of": first.reference.lower()},
        content_type="application/json",
        **auth(intake_officer),
    )
    assert response.status_code == 200
    assert second.triage_decisions.get().duplicate_of == first


def test_a_duplicate_of_another_units_reference_is_refused(client, unit_a, analyst_b):
    theirs, mine = submit(), submit(region_code="310000")
    response = client.post(
        f"/api/v1/staff/reports/{mine.reference}/triage",
        {"decision": "duplicate", "priority": 3, "duplicate_of": theirs.reference},
        content_type="application/json",
        **auth(analyst_b),
    )
    assert response.status_code == 422
    assert "duplicate_of" in response.json()["errors"]


def test_the_queue_and_the_case_list_their_reports_references(client, analyst_a):
    waiting, accepted = submit(), submit()
    case = accept(accepted, analyst_a)
    queue = client.get("/api/v1/staff/queue", **auth(analyst_a)).json()
    assert [item["reference"] for item in queue["items"]] == [waiting.grouped_reference]
    detail = client.get(f"/api/v1/staff/cases/{case.number}", **auth(analyst_a)).json()
    assert detail["reports"][0]["reference"] == accepted.grouped_reference


def test_a_case_message_names_its_report_by_reference(client, analyst_a):
    report = submit()
    case = accept(report, analyst_a)
    response = client.post(
        f"/api/v1/staff/cases/{case.number}/messages",
        {"body": "Thank you.", "report": report.grouped_reference},
        content_type="application/json",
        **auth(analyst_a),
    )
    assert response.status_code == 201
    assert response.json()["report"] == str(report.pk)
