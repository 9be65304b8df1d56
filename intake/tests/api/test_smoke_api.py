import pytest

from accounts.models import Region
from intake.models import Category, Field

pytestmark = pytest.mark.django_db


def test_submit_and_follow_up(client):
    cat = Category.objects.create(slug="espionage", name_zh="间谍", name_en="Espionage")
    Field.objects.create(category=cat, key="what", type="long_text", label_zh="事", required=True)
    Region.objects.create(code="110000", name_zh="北京", name_en="Beijing")
    from intake.questionnaire import catalog

    catalog.invalidate()
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
