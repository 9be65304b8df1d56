"""Markers shared by every app's tests."""

import pytest
from django.conf import settings


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


# Tests that need PostgreSQL's concurrency or tools; on SQLite they are skipped, not failed.
postgres_only = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL (TIPLINE_TEST_DATABASE)"),
]
