"""The staff home's system status with a replica configured. The "replica" is a second, real
connection to the test database: a primary, so it answers but replays nothing."""

import pytest

from core import replicas
from tipline.test import login_staff
from tipline.testing.replica import dead_replica

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("replica_alias"),
]


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
    with dead_replica():
        assert "Unreachable: staff reads use the primary database." in status(client, admin_user)
        assert replicas._down_since, "the page does not try the dead replica again at once"
