"""Through a real pgbouncer in transaction mode (Debian's package), with the options
TIPLINE_PGBOUNCER=1 gives (tipline/databases.py): `.iterator()`, transactions with an audit event,
no prepared statement left on a server connection, and one client connection kept across
requests. Two server connections are shared by every client, as in production."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction

from audit.actions import record
from audit.models import AuditEvent
from cases.tests.helpers import submit
from intake.models import Report
from tipline import databases

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not shutil.which("pgbouncer"), reason="pgbouncer is not installed"),
    pytest.mark.django_db(transaction=True, databases=["default", "pooled"]),
]
CONFIG = """[databases]
tipline = host={host} port={port} dbname={name} user={user}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = 2
max_client_conn = 100
ignore_startup_parameters = extra_float_digits,options
logfile = {dir}/pgbouncer.log
pidfile = {dir}/pgbouncer.pid
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module", autouse=True)
def pgbouncer():
    """Started before pytest-django checks the databases a test may use."""
    db = settings.DATABASES["default"]
    folder = Path(tempfile.mkdtemp(prefix="tipline-pgbouncer-"))
    folder.chmod(0o777)  # noqa: S103 - pgbouncer refuses root and runs as postgres
    port = _free_port()
    name = db["NAME"] if db["NAME"].startswith("test_") else f"test_{db['NAME']}"
    (folder / "pgbouncer.ini").write_text(
        CONFIG.format(
            host=db["HOST"], port=db["PORT"], name=name, user=db["USER"], listen=port, dir=folder
        )
    )
    command = ["pgbouncer", str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command)  # noqa: S603 - fixed command line
    try:
        for _ in range(50):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        url = f"postgres://{db['USER']}@127.0.0.1:{port}/tipline?pgbouncer=1"
        config = databases.parse(url, pooled=False)
        config["TEST"] = {"MIRROR": "default"}
        both = {"default": settings.DATABASES["default"], "pooled": config}
        config = connections.configure_settings(both)["pooled"]
        settings.DATABASES["pooled"] = config
        connections.settings["pooled"] = config
        yield
    finally:
        if "pooled" in settings.DATABASES:
            connections["pooled"].close()
        settings.DATABASES.pop("pooled", None)
        connections.settings.pop("pooled", None)
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def test_iterator_runs_without_a_server_side_cursor(pgbouncer, unit_hq, unit_a):
    made = {submit().pk for _ in range(5)}
    rows = Report.objects.using("pooled").order_by("created_at").iterator(chunk_size=2)
    assert {report.pk for report in rows} == made


def test_a_transaction_with_its_audit_event_commits_through_the_pooler(pgbouncer):
    with transaction.atomic(using="pooled"):
        event = AuditEvent.objects.using("pooled").count()
        with connections["pooled"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM audit_auditevent")
            assert cursor.fetchone()[0] == event
    record("test.pooled")
    assert AuditEvent.objects.using("pooled").filter(action="test.pooled").count() == 1


def test_no_prepared_statement_is_left_on_a_server_connection(pgbouncer):
    with transaction.atomic(using="pooled"):
        for _ in range(10):  # psycopg's default would prepare after 5 runs
            list(Report.objects.using("pooled").filter(status="new")[:1])
        with connections["pooled"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0


def test_the_client_connection_is_kept_between_requests(pgbouncer):
    from django.core.signals import request_finished, request_started

    request_started.send(sender=None)
    Report.objects.using("pooled").exists()
    first = connections["pooled"].connection
    request_finished.send(sender=None)
    request_started.send(sender=None)
    Report.objects.using("pooled").exists()
    assert connections["pooled"].connection is first, "persistent (CONN_MAX_AGE) through pgbouncer"
    request_finished.send(sender=None)
