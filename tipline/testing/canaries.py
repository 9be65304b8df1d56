"""Searching everything at rest for a canary: the database image, attachment files, logs.

Used by the canary tests of every channel (see intake/tests/test_canary.py for the method); the
fixtures that capture logs and SQL are in tipline/testing/fixtures.py."""

import json
import os
import secrets
import subprocess
from pathlib import Path

import pytest
from django.db import connection

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


def log_text(caplog, capfd) -> bytes:
    out, err = capfd.readouterr()
    records = "\n".join(f"{r.getMessage()} {vars(r)!r}" for r in caplog.records)
    return "\n".join([caplog.text, records, out, err]).encode("utf-8", "replace")
