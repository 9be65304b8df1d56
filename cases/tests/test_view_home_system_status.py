"""Administrators see the system's status on the staff home: the read replica's state and lag.
(With a replica configured: test_view_home_replica_status.py.)"""

import pytest
from django.template.loader import render_to_string

from core.replicas import Health
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


def home(client, user) -> str:
    response = login_staff(client, user).get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_an_administrator_sees_that_no_replica_is_configured(client, admin_user):
    page = home(client, admin_user)
    assert "System status" in page
    assert "None configured: every read uses the primary database." in page


def test_other_staff_do_not_see_the_system_status(client, analyst_a, supervisor):
    assert "System status" not in home(client, analyst_a)
    assert "System status" not in home(client, supervisor)


@pytest.mark.parametrize(
    ("health", "shown"),
    [
        (Health("standby", 1.24), "Standby, replay lag 1.2 s."),
        (Health("standby", 42.0), "More than the primary pin"),
        (Health("standby"), "Standby; nothing replayed yet."),
        (Health("standby", 3.0, paused=True), "Replay is paused: the standby falls further behind"),
        (Health("standby", 0.0, receiving=False), "Not receiving from the primary"),
        (Health("down"), "Unreachable: staff reads use the primary database."),
    ],
)
def test_a_standby_shows_its_replay_lag(rf, admin_user, health, shown):
    """A real streaming standby runs in bench/cluster.py; here, what each state reads like."""
    request = rf.get("/staff/")
    request.user = admin_user
    page = render_to_string("cases/home.html", {"replica": health}, request=request)
    assert shown in page
    assert ("More than the primary pin" in page) == health.behind
