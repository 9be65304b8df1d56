import pytest

pytestmark = pytest.mark.django_db


def test_submit_and_follow_up(client, category):
    r = client.post(
        "/api/v1/reports",
        {
            "category": "espionage",
            "region": "110000",
            "answers": {"what": "a canary"},
            "language": "en",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    receipt = r.json()["receipt"]
    r = client.get("/api/v1/followup", HTTP_X_RECEIPT=receipt)
    assert r.status_code == 200, r.content
    r = client.post(
        "/api/v1/followup/messages",
        {"body": "more"},
        content_type="application/json",
        HTTP_X_RECEIPT=receipt,
    )
    assert r.status_code == 201, r.content
    r = client.get("/api/v1/followup", HTTP_X_RECEIPT=receipt)
    assert r.json()["messages"][0]["body"] == "more"
