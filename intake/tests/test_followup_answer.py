"""The follow-up answer's one statement (intake/followup_answer.py): the same Python values as
the ORM on either database, and a connection the server dropped is replaced, not a 500."""

import uuid

import psycopg
import pytest
from django.db import connection

from core import receipts
from intake import followup_answer
from intake.actions.mailbox import do_post_message
from intake.followup import find_report
from intake.models import Attachment, Message
from tipline.testing.builders import submit_via_api, text_upload


def post(client, receipt, body, *files):
    response = client.post(
        "/api/v1/followup/messages",
        {"body": body, "attachments": list(files)},
        HTTP_X_RECEIPT=receipt,
    )
    assert response.status_code == 201


@pytest.mark.django_db
def test_it_reads_what_the_orm_reads(client, category, supervisor):
    receipt = submit_via_api(client)
    report = find_report(receipt)
    do_post_message(report, "Received.", author="agency", actor=supervisor)
    post(client, receipt, "two files", text_upload("a.txt"), text_upload("b.txt"))
    answer = followup_answer.load(receipts.receipt_hash(receipts.normalize(receipt)))
    assert (answer.id, answer.status, answer.key_id) == (report.id, "received", report.key_id)
    assert bytes(answer.wrapped_key) == bytes(report.wrapped_key)
    orm = list(Message.objects.filter(report=report))
    assert [(n.id, n.author, n.sent_at) for n in answer.messages] == [
        (m.id, m.author, m.sent_at) for m in orm
    ]
    assert isinstance(answer.messages[0].id, uuid.UUID)
    assert answer.messages[0].sent_at.tzinfo is not None  # aware, as the ORM gives it
    files = Attachment.objects.filter(message=orm[1])
    assert [(f.id, f.kind, f.original_size) for f in answer.messages[1].files] == [
        (f.id, f.kind, f.original_size) for f in files
    ]
    assert answer.messages[0].files == []


@pytest.mark.django_db
def test_an_unknown_receipt_hash_finds_nothing():
    assert followup_answer.load(b"\0" * 32) is None


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced(client, category):
    """Django's per-request `SELECT 1` is skipped on this path; a dead connection costs a
    reconnect instead of an error."""
    receipt = submit_via_api(client)
    assert client.get("/api/v1/followup", HTTP_X_RECEIPT=receipt).status_code == 200
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))
    response = client.get("/api/v1/followup", HTTP_X_RECEIPT=receipt)
    assert response.status_code == 200
    assert connection.connection.info.backend_pid != pid
