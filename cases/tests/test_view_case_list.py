import pytest

from cases.actions.casework import do_assign_case
from tipline.test import login_staff

from .helpers import accept, submit

pytestmark = pytest.mark.django_db
URL = "/staff/cases/"


def test_it_lists_the_units_cases(client, analyst_a, analyst_b):
    mine = accept(submit(), analyst_a)
    theirs = accept(submit(region_code="310000"), analyst_b)
    page = login_staff(client, analyst_a).get(URL).content.decode()
    assert mine.number in page
    assert theirs.number not in page


def test_it_filters_by_status_and_assignment(client, analyst_a, supervisor):
    first = accept(submit(), analyst_a)
    accept(submit(), analyst_a)
    do_assign_case(first, actor=supervisor, analysts=[analyst_a])
    login_staff(client, analyst_a)
    assert client.get(URL, {"mine": "on"}).context["page"].paginator.count == 1
    assert client.get(URL, {"status": "closed"}).context["page"].paginator.count == 0
    assert client.get(URL, {"status": "open"}).context["page"].paginator.count == 2


def test_a_user_without_a_case_role_gets_403(client, unit_a, intake_officer):
    assert login_staff(client, intake_officer).get(URL).status_code == 403


def test_the_query_count_does_not_grow_with_the_cases(client, analyst_a, django_assert_num_queries):
    login_staff(client, analyst_a)
    accept(submit(), analyst_a)
    client.get(URL)
    # session, user, device, roles, unit, count, page, session save (3)
    with django_assert_num_queries(10):
        client.get(URL)
    for _ in range(4):
        accept(submit(), analyst_a)
    with django_assert_num_queries(10):
        client.get(URL)
