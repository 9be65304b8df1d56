"""The staff home page tells each role what waits for it, with counts and links."""

import pytest

from tipline.test import login_staff

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def waiting(client, user):
    response = login_staff(client, user).get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return {item["label"]: item for item in response.context["waiting"]}


def test_an_intake_officer_sees_the_reports_awaiting_triage(client, intake_officer):
    submit()
    submit()
    items = waiting(client, intake_officer)
    assert items["Reports awaiting triage"]["count"] == 2
    assert items["Reports awaiting triage"]["href"] == "/staff/triage/"
    assert "My open cases" not in items


def test_an_analyst_sees_their_own_open_cases(client, analyst_a, supervisor):
    case = accept(submit(), analyst_a)
    case.assigned.add(analyst_a)
    accept(submit(), analyst_a)
    items = waiting(client, analyst_a)
    assert items["My open cases"]["count"] == 1
    assert items["My open cases"]["href"] == "/staff/cases/?mine=on"
    assert "Escalations" not in items


def test_counts_are_scoped_to_the_users_units(client, analyst_b, unit_a):
    submit()
    assert waiting(client, analyst_b)["Reports awaiting triage"]["count"] == 0


def test_a_supervisor_sees_escalations_and_a_custodian_identity_requests(
    client, supervisor, custodian
):
    assert "Escalations" in waiting(client, supervisor)
    items = waiting(client, custodian)
    assert list(items) == ["Identity requests to decide"]


def test_the_page_links_to_each_list(client, intake_officer):
    body = login_staff(client, intake_officer).get("/staff/").content.decode()
    assert 'href="/staff/triage/"' in body
