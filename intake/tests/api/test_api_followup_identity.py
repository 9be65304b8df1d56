import pytest

from intake import vault
from intake.followup import find_report
from intake.models import ReporterIdentity
from tipline.testing.builders import submit_via_api

pytestmark = pytest.mark.django_db
URL = "/api/v1/followup/identity"


def post_json(client, receipt, body):
    return client.post(URL, body, content_type="application/json", HTTP_X_RECEIPT=receipt)


def test_a_reporter_can_say_who_they_are_later(client, category):
    receipt = submit_via_api(client)
    response = post_json(client, receipt, {"contact": {"name": "韩梅梅", "email": "h@example.cn"}})
    assert response.status_code == 204
    assert response.content == b""
    report = find_report(receipt)
    assert report.has_identity
    identity = ReporterIdentity.objects.get(report=report)
    assert "韩梅梅".encode() not in bytes(identity.sealed)
    assert vault.open_identity(identity) == {"name": "韩梅梅", "email": "h@example.cn"}


def test_new_details_are_merged_with_those_given_before(client, category):
    receipt = submit_via_api(client, contact={"name": "李雷", "phone": "111"})
    assert post_json(client, receipt, {"contact": {"phone": "222"}}).status_code == 204
    identity = ReporterIdentity.objects.get()
    assert vault.open_identity(identity) == {"name": "李雷", "phone": "222"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"contact": None},
        {"contact": {}},
        {"contact": {"name": "   "}},
        {"contact": {"unknown": "x"}},
        {"contact": "me"},
        {"contact": ["me"]},
        {"contact": {"name": 5}},
        {"contact": {"name": "x" * 501}},
        {"contact": {"name": "a\x00b"}},
    ],
)
def test_empty_or_bad_contact_details_are_422(client, category, body):
    receipt = submit_via_api(client)
    response = post_json(client, receipt, body)
    assert response.status_code == 422
    assert "contact" in response.json()["errors"]
    assert not ReporterIdentity.objects.exists()


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"null", b"\xc3\x28"])
def test_malformed_json_is_400(client, category, raw):
    receipt = submit_via_api(client)
    response = client.generic(
        "POST", URL, raw, content_type="application/json", HTTP_X_RECEIPT=receipt
    )
    assert response.status_code == 400


def test_an_unknown_receipt_is_404(client, category):
    submit_via_api(client)
    response = post_json(client, "11112222333344445555", {"contact": {"name": "x"}})
    assert response.status_code == 404
    assert not ReporterIdentity.objects.exists()
