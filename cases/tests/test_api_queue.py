import pytest

from tipline.test import api_token_for
from tipline.testing.builders import category

from .helpers import accept, submit

pytestmark = pytest.mark.django_db
URL = "/api/v1/staff/queue"


def get(client, user, url=URL, **params):
    token = api_token_for(user)
    return client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_lists_new_reports_highest_priority_then_oldest_first(client, intake_officer):
    from intake.models import Report

    old, urgent, new = submit(), submit(), submit()
    Report.objects.filter(pk=urgent.pk).update(priority=1)
    response = get(client, intake_officer)
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert [item["id"] for item in response.json()["items"]] == [
        str(urgent.id),
        str(old.id),
        str(new.id),
    ]


def test_it_leaves_out_triaged_reports(client, analyst_a):
    accept(submit(), analyst_a)
    waiting = submit()
    items = get(client, analyst_a).json()["items"]
    assert [item["id"] for item in items] == [str(waiting.id)]


def test_it_shows_only_the_users_units(client, analyst_a, analyst_b):
    submit(region_code="310000")
    assert get(client, analyst_a).json()["count"] == 0
    assert get(client, analyst_b).json()["count"] == 1


def test_national_hq_sees_every_unit_and_the_unrouted(client, unit_a, unit_b, unit_hq):
    from tipline.test import make_staff

    submit(), submit(region_code="310000"), submit(routed=False)
    hq = make_staff("hq_officer", unit_hq, "intake_officer")
    assert get(client, hq).json()["count"] == 3


def test_it_filters_by_category_priority_and_overdue(client, intake_officer):
    submit(category("sabotage"))
    submit()
    assert get(client, intake_officer, category="sabotage").json()["count"] == 1
    assert get(client, intake_officer, priority=3).json()["count"] == 2
    assert get(client, intake_officer, overdue="true").json()["count"] == 0


def test_a_user_without_a_triage_role_gets_403(client, unit_a, custodian):
    assert get(client, custodian).status_code == 403


def test_no_token_gets_401(client):
    assert client.get(URL).status_code == 401


def test_bad_filters_get_422(client, intake_officer):
    assert get(client, intake_officer, priority=9).status_code == 422
    assert get(client, intake_officer, limit=0).status_code == 422


def test_the_query_count_does_not_grow_with_the_queue(
    client, intake_officer, django_assert_num_queries
):
    token = api_token_for(intake_officer)
    client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")  # first use stamps last_used_at
    submit()
    # token, user, floods (one aggregate), the page, the count
    with django_assert_num_queries(5):
        client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    for _ in range(5):
        submit()
    with django_assert_num_queries(5):
        assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").json()["count"] == 6
