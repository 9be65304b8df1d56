"""Idempotency-Key on POST /api/v1/reports: a retry gets the same receipt and creates nothing."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from intake.actions.partners import do_issue_partner_key, do_register_partner
from intake.idempotency import sweep_expired_records
from intake.models import IdempotencyRecord, Report
from tipline.testing.builders import report_json

pytestmark = pytest.mark.django_db


def post(client, key: str | None, body: dict | None = None, **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        "/api/v1/reports", body or report_json(), content_type="application/json", **headers
    )


def test_a_retry_with_the_same_key_returns_the_same_receipt_and_creates_nothing(client, category):
    key = str(uuid.uuid4())
    first, again = post(client, key), post(client, key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Report.objects.count() == 1


def test_the_same_key_with_other_content_is_refused_and_never_returns_the_first_receipt(
    client, category
):
    key = "0000000000000000"  # a careless or guessed key, reused by someone else
    first = post(client, key, report_json(answers={"what": "Alice's tip"}))
    other = post(client, key, report_json(answers={"what": "Bob's different tip"}))
    assert first.status_code == 201
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]
    assert first.json()["receipt"] not in other.content.decode()
    assert "Idempotent-Replayed" not in other
    assert Report.objects.count() == 1
    # The first request's retry still gets its own answer back.
    again = post(client, key, report_json(answers={"what": "Alice's tip"}))
    assert again.json()["receipt"] == first.json()["receipt"]


def test_different_keys_make_different_reports(client, category):
    post(client, str(uuid.uuid4()))
    post(client, str(uuid.uuid4()))
    assert Report.objects.count() == 2


def test_a_refused_request_is_not_remembered(client, category):
    key = str(uuid.uuid4())
    refused = post(client, key, report_json(answers={}))
    assert refused.status_code == 422
    assert not IdempotencyRecord.objects.exists()
    assert post(client, key).status_code == 201
    assert Report.objects.count() == 1


def test_the_stored_answer_is_sealed(client, category):
    receipt = post(client, str(uuid.uuid4())).json()["receipt"]
    record = IdempotencyRecord.objects.get()
    assert receipt.encode() not in bytes(record.response_sealed)
    assert record.status_code == 201


def test_an_expired_key_makes_a_new_report(client, category, settings):
    key = str(uuid.uuid4())
    first = post(client, key).json()["receipt"]
    IdempotencyRecord.objects.update(
        created_at=timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_TTL_SECONDS + 1)
    )
    second = post(client, key)
    assert second.status_code == 201
    assert second.json()["receipt"] != first
    assert "Idempotent-Replayed" not in second
    assert IdempotencyRecord.objects.count() == 1


def test_the_sweep_deletes_expired_records_only(client, category, settings):
    post(client, str(uuid.uuid4()))
    post(client, str(uuid.uuid4()))
    old = timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_TTL_SECONDS + 1)
    IdempotencyRecord.objects.filter(pk=IdempotencyRecord.objects.first().pk).update(created_at=old)
    assert sweep_expired_records.call() == 1
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.parametrize(
    "key", ["", "short", "x" * 201, "ключ-ключ-ключ-ключ", "tab\there-long-enough"]
)
def test_an_anonymous_key_that_is_empty_short_long_or_not_printable_gets_400(client, category, key):
    assert post(client, key).status_code == 400
    assert not Report.objects.exists()


def test_partners_and_anonymous_callers_never_share_keys(client, category):
    partner = do_register_partner(slug="app", name="App", actor="system")
    secret = do_issue_partner_key(partner, actor="system")[1]
    key = str(uuid.uuid4())
    anonymous = post(client, key).json()["receipt"]
    as_partner = post(client, key, HTTP_X_PARTNER_KEY=secret)
    assert as_partner.json()["receipt"] != anonymous
    assert Report.objects.count() == 2


def test_a_partner_may_use_short_keys(client, category):
    partner = do_register_partner(slug="app", name="App", actor="system")
    secret = do_issue_partner_key(partner, actor="system")[1]
    first = post(client, "42", HTTP_X_PARTNER_KEY=secret)
    again = post(client, "42", HTTP_X_PARTNER_KEY=secret)
    assert again.json()["receipt"] == first.json()["receipt"]
