"""Partners submit and follow up with their API key: reports are labelled with the partner,
a bad or revoked key is refused, and each key has its own rate limit."""

import pytest

from intake.actions.partners import do_issue_partner_key, do_register_partner, do_revoke_partner_key
from intake.followup import find_report
from intake.models import PartnerKey, Report
from tipline.testing.builders import report_json, submit_via_api

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return do_register_partner(slug="wechat-mini", name="Mini-program", actor="system")


@pytest.fixture
def key(partner) -> str:
    return do_issue_partner_key(partner, actor="system")[1]


def post_report(client, **headers):
    return client.post("/api/v1/reports", report_json(), content_type="application/json", **headers)


def test_a_report_with_a_bearer_key_carries_the_partners_channel(client, category, key):
    response = post_report(client, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201
    assert find_report(response.json()["receipt"]).channel == "partner:wechat-mini"


def test_the_key_may_come_in_x_partner_key(client, category, key):
    response = post_report(client, HTTP_X_PARTNER_KEY=key)
    assert find_report(response.json()["receipt"]).channel == "partner:wechat-mini"


def test_a_report_without_a_key_stays_anonymous_on_the_api_channel(client, category):
    assert find_report(submit_via_api(client)).channel == "api"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Bearer tpk_not-a-key-we-issued"},
        {"HTTP_X_PARTNER_KEY": "tpk_not-a-key-we-issued"},
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
        {"HTTP_AUTHORIZATION": "Bearer tl_a-staff-token"},
    ],
)
def test_a_key_we_did_not_issue_is_refused(client, category, headers):
    assert post_report(client, **headers).status_code == 401
    assert not Report.objects.exists()


def test_two_different_keys_in_one_request_are_refused(client, category, partner, key):
    other = do_issue_partner_key(partner, actor="system")[1]
    response = post_report(client, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_X_PARTNER_KEY=other)
    assert response.status_code == 401


def test_a_revoked_key_is_refused_at_once(client, category, key):
    assert post_report(client, HTTP_X_PARTNER_KEY=key).status_code == 201
    do_revoke_partner_key(PartnerKey.objects.get(), actor="system")
    assert post_report(client, HTTP_X_PARTNER_KEY=key).status_code == 401
    assert Report.objects.count() == 1


def test_the_key_of_a_deactivated_partner_is_refused(client, category, partner, key):
    partner.active = False
    partner.save()
    assert post_report(client, HTTP_X_PARTNER_KEY=key).status_code == 401


def test_a_partner_follows_up_only_with_the_receipt(client, category, key):
    receipt = post_report(client, HTTP_X_PARTNER_KEY=key).json()["receipt"]
    # A key is no credential for follow-up: without the receipt the answer is "no receipt" (401).
    assert client.get("/api/v1/followup", HTTP_X_PARTNER_KEY=key).status_code == 401
    response = client.get("/api/v1/followup", HTTP_X_PARTNER_KEY=key, HTTP_X_RECEIPT=receipt)
    assert response.status_code == 200


def test_a_bad_key_is_refused_on_follow_up_even_with_a_receipt(client, category):
    receipt = submit_via_api(client)
    headers = {"HTTP_X_PARTNER_KEY": "tpk_revoked-or-made-up", "HTTP_X_RECEIPT": receipt}
    assert client.get("/api/v1/followup", **headers).status_code == 401
    message = {"body": "more"}
    response = client.post(
        "/api/v1/followup/messages", message, content_type="application/json", **headers
    )
    assert response.status_code == 401


def test_each_key_has_its_own_rate_limit(client, category, partner, key):
    partner.requests_per_minute = 2
    partner.save()
    other = do_issue_partner_key(partner, actor="system")[1]
    assert [post_report(client, HTTP_X_PARTNER_KEY=key).status_code for _ in range(3)] == [
        201,
        201,
        429,
    ]
    refused = post_report(client, HTTP_X_PARTNER_KEY=key)
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert post_report(client, HTTP_X_PARTNER_KEY=other).status_code == 201
    assert post_report(client).status_code == 201  # anonymous callers are not held back


def test_a_key_in_use_records_when_it_was_last_used(client, category, key):
    post_report(client, HTTP_X_PARTNER_KEY=key)
    assert PartnerKey.objects.get().last_used_at is not None
