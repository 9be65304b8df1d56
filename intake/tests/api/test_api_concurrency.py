"""Many reporters at once: every submission commits, every receipt is unique and works."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client

from intake.followup import find_report
from intake.models import Attachment, Report, ReporterIdentity
from tipline.testing.builders import report_json, text_upload
from tipline.testing.markers import postgres_only

THREADS, PER_THREAD = 8, 10
pytestmark = [*postgres_only, pytest.mark.django_db(transaction=True)]


def _submit_many(worker: int) -> list[tuple[int, str]]:
    client, results = Client(), []
    try:
        for i in range(PER_THREAD):
            if i % 3 == 0:  # with contact: the transactional path
                body = report_json(contact={"name": f"w{worker}-{i}"})
                response = client.post("/api/v1/reports", body, content_type="application/json")
            elif i % 3 == 1:  # multipart with a file
                data = {"report": json.dumps(report_json()), "attachments": [text_upload()]}
                response = client.post("/api/v1/reports", data)
            else:  # the single-INSERT fast path
                response = client.post(
                    "/api/v1/reports", report_json(), content_type="application/json"
                )
            results.append((response.status_code, response.json().get("receipt", "")))
    finally:
        connections.close_all()  # this thread's connection; the test database is dropped later
    return results


def test_concurrent_submissions_all_commit_with_distinct_receipts(category):
    with ThreadPoolExecutor(THREADS) as pool:
        results = [r for batch in pool.map(_submit_many, range(THREADS)) for r in batch]
    total = THREADS * PER_THREAD
    assert [status for status, _receipt in results] == [201] * total
    receipts = {receipt for _status, receipt in results}
    assert len(receipts) == total
    assert Report.objects.count() == total
    assert ReporterIdentity.objects.count() == len(range(0, PER_THREAD, 3)) * THREADS
    assert Attachment.objects.count() == len(range(1, PER_THREAD, 3)) * THREADS
    assert len({find_report(receipt).id for receipt in receipts}) == total
