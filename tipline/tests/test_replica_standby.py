"""The read replica's status and fallback against a real streaming standby (issue 12).

A private primary and a standby made from it by pg_basebackup (tipline/testing/pgcluster.py,
a few seconds): the staff home of an administrator shows the standby's replay lag while it
streams, the lag growing and the pause named while replay is paused under writes, the loss of
the primary, and, once the standby is stopped, that it is unreachable while the heavy reads go
to the primary. The standby carries no Tipline tables: the status asks it only about its WAL.
"""

import re
import time

import pytest
from django.conf import settings
from django.db import connections

from core import replicas
from tipline.test import login_staff
from tipline.testing.markers import postgres_only
from tipline.testing.pgcluster import Unavailable, private_postgres, private_standby

pytestmark = [*postgres_only, pytest.mark.drill]


@pytest.fixture
def standby():
    try:
        with private_postgres() as primary, private_standby(primary) as standby:
            yield primary, standby
    except Unavailable as exc:
        pytest.skip(str(exc))


def _set_replica(**changes) -> None:
    """The "replica" alias, a test mirror so that pytest-django neither flushes it nor wraps it
    in a transaction (a standby refuses both)."""
    config = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}, **changes}
    settings.DATABASES["replica"] = connections.settings["replica"] = config
    if "replica" in connections:
        connections["replica"].close()
        del connections["replica"]


@pytest.fixture(scope="module", autouse=True)
def replica_declared():
    """Declared before pytest-django checks the databases a test may use; removed after."""
    _set_replica()
    yield
    connections["replica"].close()
    settings.DATABASES.pop("replica", None)
    connections.settings.pop("replica", None)


@pytest.fixture
def replica_alias(standby):
    """The replica alias on the private standby's own `postgres` database."""
    _set_replica(NAME="postgres", PORT=str(standby[1].port), OPTIONS={"connect_timeout": 2})
    replicas._down_since.clear()
    yield
    _set_replica()
    replicas._down_since.clear()


def until(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def status(client) -> str:
    response = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    shown = response.content.decode().split('id="replica-status">', 1)[1].split("</dd>", 1)[0]
    return re.sub(r"</?strong>", "", shown)


def lag_shown(text: str) -> float:
    return float(re.search(r"Standby, replay lag ([\d.]+) s\.", text).group(1))


def write(primary) -> None:
    primary.psql(
        "postgres", "CREATE TABLE IF NOT EXISTS t (at timestamptz); INSERT INTO t VALUES (now())"
    )


def replayed(standby) -> bool:
    return (
        standby.psql(
            "postgres", "SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
        ).strip()
        == "t"
    )


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_real_standby_shows_its_lag_and_falls_back_when_stopped(
    client, admin_user, analyst_a, standby, replica_alias, settings
):
    primary, replica = standby
    settings.REPLICA_PIN_SECONDS = 1
    login_staff(client, admin_user)
    write(primary)
    assert until(lambda: replayed(replica))
    assert status(client) == "Standby, replay lag 0.0 s."
    with replicas.replica_reads(analyst_a):  # who has not acted: not pinned to the primary
        assert replicas.read_alias() == replicas.REPLICA

    replica.psql("postgres", "SELECT pg_wal_replay_pause()")
    write(primary)
    time.sleep(2)
    write(primary)  # received, not replayed: the lag counts from the last replayed commit
    assert until(lambda: not replayed(replica))
    paused = status(client)
    assert lag_shown(paused) >= 2.0
    assert "Replay is paused" in paused
    assert "More than the primary pin" in paused
    time.sleep(1)
    assert lag_shown(status(client)) >= lag_shown(paused) + 0.9, "the lag grows"

    replica.psql("postgres", "SELECT pg_wal_replay_resume()")
    assert until(lambda: replayed(replica))
    primary.stop("immediate")
    assert until(lambda: "Not receiving from the primary" in status(client))

    replica.stop("immediate")
    assert status(client) == "Unreachable: staff reads use the primary database."
    assert replicas._down_since
    with replicas.replica_reads(analyst_a):
        assert replicas.read_alias() == replicas.PRIMARY
