"""Eight retries of one submission at the same moment: one report, one receipt for all."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client

from intake.followup import find_report
from intake.models import IdempotencyRecord, Message, Report
from tipline.testing.builders import report_json, submit_via_api
from tipline.testing.markers import postgres_only

THREADS = 8
pytestmark = [*postgres_only, pytest.mark.django_db(transaction=True)]


def all_at_once(request) -> list:
    """Run `request(client)` in THREADS threads released together; [(status, json, replayed)]."""
    start = threading.Barrier(THREADS)

    def one(_index):
        client = Client()
        try:
            start.wait()
            response = request(client)
            return response.status_code, response.json(), response.get("Idempotent-Replayed")
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


def test_concurrent_retries_of_a_report_create_exactly_one(category):
    key = str(uuid.uuid4())
    results = all_at_once(
        lambda client: client.post(
            "/api/v1/reports",
            report_json(contact={"name": "with identity: the transactional path"}),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
    )
    assert [status for status, _body, _replayed in results] == [201] * THREADS
    receipts = {body["receipt"] for _status, body, _replayed in results}
    assert len(receipts) == 1
    assert Report.objects.count() == 1
    assert find_report(receipts.pop()) is not None
    assert sorted(str(replayed) for _s, _b, replayed in results) == ["None"] + ["true"] * 7
    assert IdempotencyRecord.objects.count() == 1


def test_concurrent_retries_of_a_message_post_it_once(category):
    receipt, key = submit_via_api(Client()), str(uuid.uuid4())
    results = all_at_once(
        lambda client: client.post(
            "/api/v1/followup/messages",
            {"body": "sent once"},
            content_type="application/json",
            HTTP_X_RECEIPT=receipt,
            HTTP_IDEMPOTENCY_KEY=key,
        )
    )
    assert [status for status, _body, _replayed in results] == [201] * THREADS
    assert len({body["sent_at"] for _status, body, _replayed in results}) == 1
    assert Message.objects.count() == 1
