"""Idempotency-Key on POST /api/v1/followup/messages: a retried message is posted once."""

import uuid

import pytest

from intake.models import Message
from tipline.testing.builders import submit_via_api

pytestmark = pytest.mark.django_db


def post_message(client, receipt: str, key: str, body: str = "One more thing."):
    return client.post(
        "/api/v1/followup/messages",
        {"body": body},
        content_type="application/json",
        HTTP_X_RECEIPT=receipt,
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_retried_message_is_posted_once(client, category):
    receipt, key = submit_via_api(client), "retry-1"
    first, again = post_message(client, receipt, key), post_message(client, receipt, key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Message.objects.count() == 1


def test_the_same_key_on_another_report_is_a_new_message(client, category):
    key = str(uuid.uuid4())
    mine = post_message(client, submit_via_api(client), key, "mine")
    theirs = post_message(client, submit_via_api(client), key, "theirs")
    assert "Idempotent-Replayed" not in theirs
    assert theirs.json()["body"] == "theirs"
    assert mine.json()["body"] == "mine"
    assert Message.objects.count() == 2
