"""pytest fixtures for every app's tests (registered by the root conftest.py)."""

import importlib
import logging

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_migrate

from intake.questionnaire import catalog
from tipline.testing import builders


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
