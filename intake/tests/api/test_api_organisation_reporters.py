"""Reports on behalf of an organisation through the public and partner API."""

import pytest

from intake import vault
from intake.followup import find_report
from tipline.testing.builders import report_json

pytestmark = pytest.mark.django_db

ORGANISATION = {"organisation": "某科技有限公司", "organisation_type": "company", "email": "s@x.cn"}


def post(client, **overrides):
    body = report_json(**overrides)
    return client.post("/api/v1/reports", body, content_type="application/json")


def test_an_organisation_reports_with_its_details_in_the_identity_vault(client, category):
    response = post(client, reporter_kind="organisation", contact=ORGANISATION)
    assert response.status_code == 201
    report = find_report(response.json()["receipt"])
    assert report.reporter_kind == "organisation"
    assert vault.open_identity(report.identity) == ORGANISATION


def test_an_organisation_must_be_named(client, category):
    response = post(client, reporter_kind="organisation", contact={"email": "s@x.cn"})
    assert response.status_code == 422
    assert "contact" in response.json()["errors"]


def test_an_unknown_reporter_kind_gets_422(client, category):
    response = post(client, reporter_kind="government")
    assert response.status_code == 422
    assert "reporter_kind" in response.json()["errors"]


def test_a_report_is_from_a_person_unless_said_otherwise(client, category):
    assert find_report(post(client).json()["receipt"]).reporter_kind == "person"


def test_an_organisation_follows_up_with_its_receipt_like_anyone(client, category):
    receipt = post(client, reporter_kind="organisation", contact=ORGANISATION).json()["receipt"]
    assert client.get("/api/v1/followup", HTTP_X_RECEIPT=receipt).status_code == 200
