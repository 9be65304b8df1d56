"""A flood of wrong receipts over the API never locks a valid receipt out: there is no
site-wide brake to trip (docs/threat-model.md, "A receipt guesser")."""

import pytest

from tipline.testing.builders import submit_via_api

pytestmark = pytest.mark.django_db
URL = "/api/v1/followup"


def test_a_flood_of_wrong_receipts_never_makes_a_valid_one_wait(client, category, settings):
    settings.RECEIPT_FLOOD_ALERT_PER_MINUTE = 5
    receipt = submit_via_api(client)
    for n in range(120):  # 24 times the alert level: a site-wide brake there would trip
        assert client.get(URL, HTTP_X_RECEIPT=f"{n:020d}").status_code == 404
    assert client.get(URL, HTTP_X_RECEIPT=receipt).status_code == 200
    reply = client.post(
        f"{URL}/messages", {"body": "Still here."}, "application/json", HTTP_X_RECEIPT=receipt
    )
    assert reply.status_code == 201


def test_the_flood_is_reported_to_the_operators(client, category, settings, caplog):
    settings.RECEIPT_FLOOD_ALERT_PER_MINUTE = 3
    with caplog.at_level("WARNING", logger="core.ratelimit"):
        for n in range(6):
            client.get(URL, HTTP_X_RECEIPT=f"{n:020d}")
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "core.ratelimit"]
    assert "3 failures this minute" in warning
    assert "00000000000000000000" not in warning
