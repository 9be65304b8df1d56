"""A "replica" database alias for tests: a second, real connection to the test database (a
primary, so it answers but replays nothing). Which connection served a query is what such tests
check, not replication itself (bench/cluster.py runs a real standby). The fixture that adds the
alias for a whole module is `replica_alias` (tipline/testing/fixtures.py)."""

from contextlib import contextmanager

from django.conf import settings
from django.db import connections


def add_replica(**changes) -> None:
    config = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}, **changes}
    settings.DATABASES["replica"] = config
    connections.settings["replica"] = config


def remove_replica() -> None:
    connections["replica"].close()
    settings.DATABASES.pop("replica", None)
    connections.settings.pop("replica", None)


@contextmanager
def dead_replica():
    """Within the block the replica is an address where nothing answers; then back as it was."""
    connections["replica"].close()
    add_replica(PORT="1", OPTIONS={"connect_timeout": 1})
    try:
        del connections["replica"]  # the next use connects with the dead address
        yield
    finally:
        connections["replica"].close()
        add_replica()
        del connections["replica"]
