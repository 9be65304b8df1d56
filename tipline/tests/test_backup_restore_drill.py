"""The backup and restore drill of docs/operations.md, bounded: dump, restore into a fresh
database, acknowledge the rewind, verify the audit trail, follow up with a receipt.

Reports go in through the real public API; the dump is plain `pg_dump` output (uncompressed, so
searching it for what reporters typed means something). Lives here, in the wiring layer, because
it crosses every app from intake to audit.
"""

import json
import os
import secrets
import subprocess
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from tipline.testing.builders import report_json

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),  # committed, as a dump sees it
]


def pg(tool: str, *args: str, stdin: bytes | None = None) -> bytes:
    """Run a PostgreSQL client tool against the test server, as an operator would."""
    db = connection.settings_dict
    binary = Path("/usr/bin") / tool
    if not binary.exists():
        pytest.skip(f"{tool} is not installed")
    flags = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            flags += [flag, str(db[key])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    done = subprocess.run(  # noqa: S603 - fixed binaries, our own test server
        [str(binary), *flags, *args], input=stdin, capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@contextmanager
def restored_from(dump: bytes):
    """A fresh database holding the dump; the default connection points at it meanwhile."""
    original = connection.settings_dict["NAME"]
    name = f"{original}_restore_{secrets.token_hex(4)}"
    pg("createdb", name)
    try:
        pg("psql", "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", name, stdin=dump)
        connection.close()
        connection.settings_dict["NAME"] = name
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        pg("dropdb", "--if-exists", "--force", name)


def canary(label: str) -> str:
    return f"{label}-canary-{secrets.token_hex(8)}"


def found_in(dump: bytes, secret: str) -> bool:
    """Raw UTF-8, hex (how pg_dump prints bytea) or JSON-escaped: every form it could take."""
    raw = secret.encode()
    forms = [raw, raw.hex().encode(), json.dumps(secret).encode()[1:-1]]
    return any(form.lower() in dump.lower() for form in forms)


def submit_reports(client: Client, given: dict) -> list[str]:
    first = client.post(
        "/api/v1/reports",
        report_json(answers={"what": given["answer"]}, contact={"name": given["contact"]}),
        content_type="application/json",
    )
    upload = SimpleUploadedFile(
        f"{given['file_name']}.txt", f"notes {given['file_bytes']}".encode(), "text/plain"
    )
    second = client.post(
        "/api/v1/reports",
        {"report": json.dumps(report_json()), "attachments": [upload]},
    )
    assert (first.status_code, second.status_code) == (201, 201), second.content
    receipts = [first.json()["receipt"], second.json()["receipt"]]
    follow_up(client, receipts[0], given["message"])
    identity = client.post(
        "/api/v1/followup/identity",
        {"contact": {"email": given["identity"]}},
        content_type="application/json",
        HTTP_X_RECEIPT=receipts[1],
    )
    assert identity.status_code == 204
    return receipts


def follow_up(client: Client, receipt: str, body: str) -> None:
    posted = client.post(
        "/api/v1/followup/messages",
        {"body": body},
        content_type="application/json",
        HTTP_X_RECEIPT=receipt,
    )
    assert posted.status_code == 201, posted.content


def run_periodic_tasks(settings) -> None:
    """What the scheduler and a worker do: route the new reports (audited), then checkpoint."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("run_scheduler", "--once")


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def stores(settings, tmp_path):
    settings.ATTACHMENT_DIR = tmp_path / "attachments"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


def test_a_restored_backup_is_acknowledged_verifies_and_still_follows_up(
    category, unit_a, stores, settings
):
    client = Client()
    given = {k: canary(k) for k in ("answer", "contact", "file_name", "file_bytes", "message")}
    given["identity"] = f"{canary('identity')}@example.org"
    receipts = submit_reports(client, given)
    run_periodic_tasks(settings)

    dump = pg("pg_dump", "--no-owner", "--dbname", connection.settings_dict["NAME"])

    late = client.post("/api/v1/reports", report_json(), content_type="application/json")
    late_receipt = late.json()["receipt"]
    follow_up(client, late_receipt, "after the backup")
    run_periodic_tasks(settings)  # its routing is audited and anchored; the backup lacks both

    with restored_from(dump):
        with pytest.raises(CommandError, match=r"events #\d+ to #\d+ are missing"):
            verify()
        call_command("acknowledge_audit_rewind", "--reason", "restore drill", stdout=StringIO())
        assert "acknowledged rewind" in verify()

        shown = client.get("/api/v1/followup", HTTP_X_RECEIPT=receipts[0])
        assert shown.status_code == 200
        assert given["message"] in shown.content.decode()  # the keyring still opens it
        assert client.get("/api/v1/followup", HTTP_X_RECEIPT=receipts[1]).status_code == 200
        # What came in after the backup is gone with it: the drill says so.
        lost = client.get("/api/v1/followup", HTTP_X_RECEIPT=late_receipt)
        assert lost.status_code in (401, 404)

    # Without the keyring the dump shows configuration and metadata, never what was given.
    assert found_in(dump, category.name_zh)  # the search can see: clear text is found
    assert found_in(dump, "espionage")
    leaks = [
        name for name, secret in [*given.items(), *enumerate(receipts)] if found_in(dump, secret)
    ]
    assert leaks == []
