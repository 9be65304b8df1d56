"""Canaries: what a reporter gives must exist at rest only encrypted, and device data not at all.

Unique strings go in through every public API path (answers, contact, message body, attachment
name and bytes, the receipt we hand back) and in the device headers. Afterwards the raw database
(PostgreSQL: `pg_dump`; SQLite: the database image and its WAL), every attachment file and every
log line are searched for them, in each form they could take at rest (UTF-8, hex as `pg_dump`
prints bytea, JSON escapes). The same search is first shown to find planted copies, so a pass
means absent, not unsearched.
"""

import json
import logging
import os
import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from intake.models import Category, Report
from tipline.testing.builders import report_json
from tipline.testing.canaries import attachment_files, canary, database_image, found_in, log_text

pytestmark = pytest.mark.django_db(transaction=True)  # committed, as a dump would see it


def submit_everything(secrets_: dict, device: dict) -> list[str]:
    """Every public write path, each carrying its canary; returns the receipts handed out."""
    client = Client(HTTP_USER_AGENT=device["ua"], HTTP_X_FORWARDED_FOR=device["xff"])
    answers = {"what": secrets_["answer"], "name": secrets_["answer_zh"]}
    first = client.post(
        "/api/v1/reports",
        report_json(answers=answers, contact={"name": secrets_["contact"]}),
        content_type="application/json",
    )
    attachment = _text_file(secrets_["file_name"], secrets_["file_bytes"])
    second = client.post(
        "/api/v1/reports",
        {
            "report": json.dumps(report_json(answers={"what": secrets_["multipart"]})),
            "attachments": [attachment],
        },
    )
    receipts = [first.json()["receipt"], second.json()["receipt"]]
    headers = {"HTTP_X_RECEIPT": receipts[0]}
    message = client.post(
        "/api/v1/followup/messages",
        {"body": secrets_["message"]},
        content_type="application/json",
        **headers,
    )
    reply_file = _text_file(secrets_["reply_file_name"], secrets_["reply_file_bytes"])
    reply = client.post(
        "/api/v1/followup/messages",
        {"body": secrets_["reply"], "attachments": [reply_file]},
        **headers,
    )
    identity = client.post(
        "/api/v1/followup/identity",
        {"contact": {"email": secrets_["identity"]}},
        content_type="application/json",
        **headers,
    )
    refused = client.post(  # a 422 is logged by django.request; its body must not be
        "/api/v1/reports",
        report_json(answers={"what": secrets_["refused"], "kind": "no-such-kind"}),
        content_type="application/json",
    )
    shown = client.get("/api/v1/followup", **headers)
    statuses = [r.status_code for r in (first, second, message, reply, identity, refused, shown)]
    assert statuses == [201, 201, 201, 201, 204, 422, 200]
    assert secrets_["message"] in shown.content.decode()  # it was stored, and opens again
    return receipts


def _text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.txt", f"notes {text} notes".encode(), "text/plain")


def test_the_search_finds_planted_canaries(category, store, all_logs, capfd):
    """Proof that the search below can see: plaintext it must find wherever it is planted."""
    text, blob, in_file, in_log, in_stderr = map(canary, ["text", "blob", "file", "log", "err"])
    Category.objects.create(slug="planted", name_zh=text)
    receipt = (
        Client()
        .post("/api/v1/reports", report_json(), content_type="application/json")
        .json()["receipt"]
    )
    assert receipt
    # As if encryption were switched off: plaintext straight into a sealed (binary) column.
    Report.objects.update(answers_sealed=f"{{'what': '{blob}'}}".encode())
    store.mkdir(parents=True, exist_ok=True)
    (store / "planted.clean").write_bytes(in_file.encode())
    logging.getLogger("intake").debug("planted %s", in_log)
    os.write(2, in_stderr.encode())

    image = database_image()
    assert found_in(image, text)
    assert found_in(image, blob)
    assert found_in(attachment_files(store), in_file)
    logs = log_text(all_logs, capfd)
    assert found_in(logs, in_log)
    assert found_in(logs, in_stderr)


def test_nothing_a_reporter_gives_is_at_rest_in_the_clear(
    category, store, all_logs, capfd, sql_logged
):
    given = {
        key: canary(key)
        for key in (
            "answer",
            "contact",
            "multipart",
            "file_name",
            "file_bytes",
            "message",
            "reply",
            "reply_file_name",
            "reply_file_bytes",
            "identity",
            "refused",
        )
    }
    given["answer_zh"] = f"金丝雀{secrets.token_hex(6)}"
    device = {"ua": f"Mozilla/5.0 ({canary('ua')})", "xff": f"198.51.100.23, {canary('xff')}"}

    receipts = submit_everything(given, device)

    places = {
        "database": database_image(),
        "attachment files": attachment_files(store),
        "logs": log_text(all_logs, capfd),
    }
    assert places["attachment files"], "the attachments were written"
    assert b"INSERT" in places["logs"], "SQL was logged, so the search covered it"
    leaks = [
        (name, where)
        for name, secret in [
            *given.items(),
            *device.items(),
            *((f"receipt {i}", r) for i, r in enumerate(receipts)),
        ]
        for where, blob in places.items()
        if found_in(blob, secret)
    ]
    assert leaks == []
