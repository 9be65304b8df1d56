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
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from intake.models import Category, Report
from intake.tests.api_fixtures import (  # noqa: F401 - importing registers the fixtures
    category_fixture,
    fresh_cache,
    regions_fixture,
    report_json,
)

pytestmark = pytest.mark.django_db(transaction=True)  # committed, as a dump would see it
PG_DUMP = Path("/usr/bin/pg_dump")


def canary(label: str) -> str:
    return f"{label}-canary-{secrets.token_hex(8)}"


def forms(secret: str) -> list[bytes]:
    """The shapes a string takes at rest: raw UTF-8, hex (pg_dump's bytea), JSON-escaped."""
    raw = secret.encode()
    return [raw, raw.hex().encode(), json.dumps(secret).encode()[1:-1]]


def found_in(blob: bytes, secret: str) -> bool:
    lowered = blob.lower()
    return any(form.lower() in lowered for form in forms(secret))


def database_image() -> bytes:
    """Every byte the database holds, as a thief of its files or a dump would get them."""
    if connection.vendor == "postgresql":
        return _pg_dump()
    name = connection.settings_dict["NAME"]
    if Path(str(name)).is_file():
        return b"".join(
            Path(f"{name}{suffix}").read_bytes()
            for suffix in ("", "-wal")
            if Path(f"{name}{suffix}").exists()
        )
    # pytest-django keeps SQLite test databases in memory: serialize() gives the exact image a
    # file would hold, free pages included.
    connection.ensure_connection()
    return bytes(connection.connection.serialize())


def _pg_dump() -> bytes:
    if not PG_DUMP.exists():
        pytest.skip("pg_dump is not installed")
    db = connection.settings_dict
    args = [str(PG_DUMP), "--no-owner", "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    done = subprocess.run(args, capture_output=True, env=env, check=True, timeout=60)  # noqa: S603 - fixed binary, our own test database
    return done.stdout


def attachment_files(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


@pytest.fixture
def all_logs(caplog):
    """caplog at DEBUG on every logger, including those that do not propagate to the root."""
    caplog.set_level(logging.DEBUG)
    loggers = [
        (name, logger)
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    ]
    for name, _logger in loggers:
        caplog.set_level(logging.DEBUG, logger=name)  # restored by caplog afterwards
    quiet = [logger for _name, logger in loggers if not logger.propagate]
    for logger in quiet:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in quiet:
        logger.removeHandler(caplog.handler)


def log_text(caplog, capfd) -> bytes:
    out, err = capfd.readouterr()
    records = "\n".join(f"{r.getMessage()} {vars(r)!r}" for r in caplog.records)
    return "\n".join([caplog.text, records, out, err]).encode("utf-8", "replace")


@pytest.fixture
def store(settings, tmp_path):
    settings.ATTACHMENT_DIR = tmp_path / "attachments"
    return settings.ATTACHMENT_DIR


@pytest.fixture
def sql_logged():
    """Log every SQL statement with its parameters: what reaches the database is searched too."""
    connection.force_debug_cursor = True
    yield
    connection.force_debug_cursor = False


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
