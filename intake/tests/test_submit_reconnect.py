"""The submission's INSERT runs without Django's per-request `SELECT 1`: a connection the server
dropped is replaced and the same row sent again, and a row that had committed before the
connection broke is found, not filed twice (intake/actions/reports.py, `_insert_row`)."""

import psycopg
import pytest
from django.db import OperationalError, connection

from core.receipts import matches
from intake.actions import reports
from intake.followup import find_report
from intake.models import Report
from tipline.testing.builders import submit_via_api

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_a_connection_the_server_dropped_is_replaced(client, category):
    submit_via_api(client)  # the connection is open and persistent now
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))
    receipt = submit_via_api(client)
    assert connection.connection.info.backend_pid != pid
    assert Report.objects.count() == 2
    assert find_report(receipt) is not None


def test_a_row_committed_before_the_connection_broke_is_not_filed_twice(
    client, category, monkeypatch
):
    real = reports._execute
    calls = []

    def commit_then_lose_the_answer(conn, sql, params):
        calls.append(sql)
        real(conn, sql, params)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(reports, "_execute", commit_then_lose_the_answer)
    receipt = submit_via_api(client)
    assert len(calls) == 2  # sent again on a new connection, refused by the primary key
    assert matches(receipt, Report.objects.get().receipt_hash)
