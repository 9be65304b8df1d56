import pytest
from django.utils import timezone

from intake.models import Report
from tipline.test import login_staff, make_staff
from tipline.testing.builders import category

from .helpers import accept, submit

pytestmark = pytest.mark.django_db
URL = "/staff/triage/"


def test_it_lists_new_reports_most_urgent_first(client, intake_officer):
    old, urgent = submit(), submit()
    Report.objects.filter(pk=urgent.pk).update(priority=1)
    page = login_staff(client, intake_officer).get(URL).content.decode()
    assert page.index(str(urgent.pk)[:8]) < page.index(str(old.pk)[:8])
    due = timezone.localtime(old.triage_due_at).isoformat()
    assert f'datetime="{due}"' in page  # the countdown


def test_it_hides_triaged_reports_and_other_units(client, analyst_a, unit_b):
    triaged = submit()
    accept(triaged, analyst_a)
    elsewhere = submit(region_code="310000")
    waiting = submit()
    page = login_staff(client, analyst_a).get(URL).content.decode()
    assert str(waiting.pk)[:8] in page
    assert str(triaged.pk)[:8] not in page
    assert str(elsewhere.pk)[:8] not in page


def test_a_user_of_another_unit_sees_none_of_unit_as_reports(client, unit_a, analyst_b):
    report = submit()
    assert str(report.pk)[:8] not in login_staff(client, analyst_b).get(URL).content.decode()


def test_it_filters(client, intake_officer):
    submit(category("sabotage"))
    plain = submit()
    response = login_staff(client, intake_officer).get(URL, {"category": "espionage"})
    assert response.context["page"].paginator.count == 1
    assert response.context["page"][0] == plain
    assert client.get(URL, {"overdue": "on"}).context["page"].paginator.count == 0
    assert (
        client.get(URL, {"priority": "3", "region": "110000"}).context["page"].paginator.count == 2
    )


def test_bad_filters_show_an_empty_page_not_an_error(client, intake_officer):
    response = login_staff(client, intake_officer).get(URL, {"priority": "9", "page": "x"})
    assert response.status_code == 200


def test_a_user_without_a_triage_role_gets_403(client, unit_a, custodian):
    assert login_staff(client, custodian).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(URL).status_code == 302


def test_the_query_count_does_not_grow_with_the_queue(
    client, intake_officer, django_assert_num_queries
):
    login_staff(client, intake_officer)
    submit()
    client.get(URL)
    # one for the floods panel (issue 9), one for the region filter's names (any queue size)
    with django_assert_num_queries(13):
        client.get(URL)
    for _ in range(5):
        submit()
    with django_assert_num_queries(13):
        client.get(URL)


def test_hq_sees_unrouted_reports(client, unit_hq, unit_a):
    hq = make_staff("hq_officer", unit_hq, "intake_officer")
    report = submit(region_code=None, routed=False)
    page = login_staff(client, hq).get(URL).content.decode()
    assert str(report.pk)[:8] in page
