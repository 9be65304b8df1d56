import pytest

from intake import vault as intake_vault
from intake.models import Message
from tipline.test import api_token_for

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_for(user)}"}


def url(case, tail=""):
    return f"/api/v1/staff/cases/{case.number}{tail}"


@pytest.fixture
def case(analyst_a):
    return accept(submit(), analyst_a)


def test_it_shows_the_case(client, analyst_a, case):
    response = client.get(url(case), **auth(analyst_a))
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert len(response.json()["reports"]) == 1


def test_it_changes_the_status_and_closes_with_a_public_outcome(client, analyst_a, case):
    headers = auth(analyst_a)
    body = {"status": "under_investigation"}
    response = client.post(url(case, "/status"), body, content_type="application/json", **headers)
    assert response.json()["status"] == "under_investigation"
    body = {"status": "closed", "outcome": "substantiated", "public_outcome": "Dealt with."}
    response = client.post(url(case, "/status"), body, content_type="application/json", **headers)
    assert response.status_code == 200
    assert response.json()["public_outcome"] == "Dealt with."


def test_a_bad_status_gets_422(client, analyst_a, case):
    headers = auth(analyst_a)
    for body in ({"status": "lost"}, {"status": "referred"}, {"status": "closed"}):
        response = client.post(
            url(case, "/status"), body, content_type="application/json", **headers
        )
        assert response.status_code == 422, body


def test_it_sends_a_message_to_the_reporter(client, analyst_a, case):
    body = {"body": "Please tell us more.", "feedback": False}
    response = client.post(
        url(case, "/messages"), body, content_type="application/json", **auth(analyst_a)
    )
    assert response.status_code == 201
    message = Message.objects.get()
    dek = intake_vault.report_key(message.report)
    assert intake_vault.open_message(dek, message) == "Please tell us more."


def test_an_empty_message_gets_422(client, analyst_a, case):
    response = client.post(
        url(case, "/messages"), {"body": ""}, content_type="application/json", **auth(analyst_a)
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("method", "tail", "body"),
    [
        ("get", "", None),
        ("post", "/status", {"status": "under_investigation"}),
        ("post", "/messages", {"body": "hello"}),
    ],
)
def test_another_unit_gets_404_and_a_missing_role_403(
    client, case, analyst_b, intake_officer, method, tail, body
):
    call = getattr(client, method)
    extra = {"content_type": "application/json"} if body else {}
    args = (body,) if body else ()
    assert call(url(case, tail), *args, **extra, **auth(analyst_b)).status_code == 404
    assert call(url(case, tail), *args, **extra, **auth(intake_officer)).status_code == 403
