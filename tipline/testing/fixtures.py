"""pytest fixtures for every app's tests (registered by the root conftest.py)."""

import importlib
import io
import logging
import os
import runpy
import shutil

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.db.models.signals import post_migrate

from core import crypto
from intake.questionnaire import catalog
from tipline.testing import builders
from tipline.testing.replica import add_replica, remove_replica


@pytest.fixture
def regions(db):
    yield builders.regions()
    catalog.invalidate()


@pytest.fixture
def category(db, regions):
    """The espionage questionnaire (see builders.QUESTIONS), over the regions."""
    yield builders.category()
    catalog.invalidate()


def _seed_default_tiers(sender, using="default", **kwargs):
    """A transactional test ends with a flush, which empties the tables a migration seeded but
    then sends post_migrate; without this, a later file on the same xdist worker would find no
    tiers, depending on which files the worker was sent first."""
    seed = importlib.import_module("rewards.migrations.0002_default_tiers_and_ledger")
    seed.add_default_tiers(apps, None)


@pytest.fixture(autouse=True, scope="session")
def seeded_rows_survive_flushes():
    post_migrate.connect(
        _seed_default_tiers, sender=apps.get_app_config("rewards"), dispatch_uid="test-tiers"
    )
    yield
    post_migrate.disconnect(dispatch_uid="test-tiers", sender=apps.get_app_config("rewards"))


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttles, budgets, used drafts and rate-limit counters live in the cache; no test may
    see another's."""
    cache.clear()
    yield
    cache.clear()


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


@pytest.fixture
def own_keyring(settings, tmp_path):
    """A private copy of the keyring file, for tests that rotate keys (rotation rewrites the
    file): never the test session's. Yields the copy's path."""
    path = tmp_path / "keyring.json"
    shutil.copy(settings.KEYRING_PATH, path)
    path.chmod(0o600)
    settings.KEYRING_PATH = path
    crypto.forget_keyring()
    yield path
    crypto.forget_keyring()


def rotate_keys(*args: str) -> str:
    """`manage.py rotate_keys` with these arguments; what it printed. Use with own_keyring."""
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def replica_alias():
    """The "replica" alias (tipline.testing.replica) for a whole module, named in its
    pytestmark so that it exists before pytest-django checks the databases a test may use."""
    add_replica()
    yield
    remove_replica()


@pytest.fixture
def read_settings(monkeypatch, tmp_path):
    """tipline/settings.py run afresh under the given TIPLINE_* variables and no others (the
    loaded settings are untouched): read_settings(TIPLINE_X="1") is that module's namespace."""

    def read(**variables: str) -> dict:
        for name in list(os.environ):
            if name.startswith("TIPLINE_") and name != "TIPLINE_SECRET_KEY":
                monkeypatch.delenv(name)
        monkeypatch.setenv("TIPLINE_DATA_DIR", str(tmp_path))
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(django_settings.BASE_DIR / "tipline" / "settings.py"))

    return read


@pytest.fixture
def quick_passwords(settings):
    """The personas' passwords hashed cheaply, for tests that make many (the API contract runs:
    the API never reads a password, its tokens are keyed hashes of their own)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def keep_connection():
    """For calls straight to the WSGI app (the API contract runs), whose request signals would
    close the connection that holds the test's transaction; Django's own test client unhooks
    them the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
