import pytest

from tipline.test import api_token_for
from tipline.testing.builders import category

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def post(client, user, report_id, body):
    token = api_token_for(user)
    return client.post(
        f"/api/v1/staff/reports/{report_id}/triage",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_it_accepts_a_report_into_a_new_case(client, intake_officer):
    report = submit()
    response = post(client, intake_officer, report.id, {"decision": "new_case", "priority": 1})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["triage_state"] == "accepted"
    assert body["status"] == "under_review"
    assert body["case"].startswith("TL-")
    report.refresh_from_db()
    assert report.priority == 1


def test_it_accepts_into_an_existing_case_and_corrects_the_category(client, analyst_a):
    case = accept(submit(), analyst_a)
    report = submit()
    category("sabotage")
    body = {"decision": "existing_case", "priority": 2, "case": case.number, "category": "sabotage"}
    assert post(client, analyst_a, report.id, body).json()["case"] == case.number
    report.refresh_from_db()
    assert report.category.slug == "sabotage"


def test_false_without_a_reason_gets_422(client, intake_officer):
    response = post(client, intake_officer, submit().id, {"decision": "false", "priority": 3})
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]


def test_bad_input_gets_422(client, intake_officer):
    report = submit()
    for body in (
        {"decision": "maybe", "priority": 3},
        {"decision": "spam", "priority": 0},
        {"decision": "spam"},
        {"decision": "spam", "priority": 3, "category": "nope"},
        {"decision": "spam", "priority": 3, "region": "999999"},
        {"decision": "existing_case", "priority": 3, "case": "TL-0000-NOPE22"},
    ):
        assert post(client, intake_officer, report.id, body).status_code == 422, body


def test_a_case_of_another_unit_is_not_offered(client, analyst_a, analyst_b):
    other = accept(submit(region_code="310000"), analyst_b)
    body = {"decision": "existing_case", "priority": 3, "case": other.number}
    assert post(client, analyst_a, submit().id, body).status_code == 422


def test_a_user_of_another_unit_gets_404(client, analyst_b, unit_a):
    body = {"decision": "spam", "priority": 3}
    assert post(client, analyst_b, submit().id, body).status_code == 404


def test_a_user_without_the_role_gets_403(client, unit_a, custodian):
    body = {"decision": "spam", "priority": 3}
    assert post(client, custodian, submit().id, body).status_code == 403
