"""For tests of data migrations: move the test database to a migration and read the models as
they were there (tests marked django_db(transaction=True): migrations run outside a test's
transaction)."""

from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets` ([(app, migration name)]); the historical apps registry there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@contextmanager
def migrated_to(targets):
    """At `targets` for the block (yields their apps registry); afterwards every app's latest,
    whatever the block did, so the next test finds the schema it expects."""
    try:
        yield migrate(targets)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
