"""The staff home's system status with a replica configured. The "replica" is a second, real
connection to the test database: a primary, so it answers but replays nothing."""

import pytest
from django.conf import settings
from django.db import connections

from core import replicas
from tipline.test import login_staff

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def _add_replica(**changes) -> None:
    config = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}, **changes}
    settings.DATABASES["replica"] = config
    connections.settings["replica"] = config


@pytest.fixture(scope="module", autouse=True)
def replica_alias():
    """Added before pytest-django checks the databases a test may use; removed after."""
    _add_replica()
    yield
    connections["replica"].close()
    settings.DATABASES.pop("replica", None)
    connections.settings.pop("replica", None)


@pytest.fixture(autouse=True)
def replica_up():
    replicas._down_since.clear()
    yield
    replicas._down_since.clear()


def status(client, user) -> str:
    response = login_staff(client, user).get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode().split('id="replica-status">', 1)[1].split("</dd>", 1)[0]


def test_a_replica_pointed_at_the_primary_shows_no_lag(client, admin_user):
    shown = status(client, admin_user)
    assert shown == "Answers, but is not a standby: it replays nothing (lag 0)."


def test_an_unreachable_replica_is_shown_and_reads_use_the_primary(client, admin_user):
    connections["replica"].close()
    _add_replica(PORT="1", OPTIONS={"connect_timeout": 1})
    try:
        del connections["replica"]  # the next use connects with the dead address
        assert "Unreachable: staff reads use the primary database." in status(client, admin_user)
        assert replicas._down_since, "the page does not try the dead replica again at once"
    finally:
        connections["replica"].close()
        _add_replica()
        del connections["replica"]
