from datetime import timedelta

import pytest

from cases.actions.escalations import do_escalate_overdue
from cases.models import Escalation
from intake.models import Report
from tipline.test import login_staff

from .helpers import submit

pytestmark = pytest.mark.django_db
URL = "/staff/overdue/"


def overdue_report(**kwargs):
    report = submit(**kwargs)
    Report.objects.filter(pk=report.pk).update(triage_due_at=report.created_at - timedelta(hours=1))
    return report


def test_it_lists_and_counts_overdue_reports(client, intake_officer):
    late, on_time = overdue_report(), submit()
    response = login_staff(client, intake_officer).get(URL)
    page = response.content.decode()
    assert str(late.pk) in page
    assert str(on_time.pk) not in page
    counts = {kind: count for kind, _label, count in response.context["counts"]}
    assert counts == {"ack": 0, "triage": 1, "feedback": 0}


def test_it_filters_by_deadline(client, intake_officer):
    overdue_report()
    login_staff(client, intake_officer)
    assert client.get(URL, {"kind": "triage"}).context["page"].paginator.count == 1
    assert client.get(URL, {"kind": "feedback"}).context["page"].paginator.count == 0


def test_other_units_overdue_reports_are_not_shown(client, unit_a, unit_b, analyst_b):
    late = overdue_report()
    assert str(late.pk) not in login_staff(client, analyst_b).get(URL).content.decode()


def test_supervisors_see_and_dismiss_escalations(client, supervisor):
    overdue_report()
    do_escalate_overdue()
    escalation = Escalation.objects.get()
    login_staff(client, supervisor)
    assert 'class="notice"' in client.get("/staff/triage/").content.decode()
    response = client.post(f"/staff/overdue/escalations/{escalation.pk}/dismiss/")
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.dismissed_by == supervisor


def test_escalations_of_other_units_cannot_be_dismissed(client, unit_a, unit_b):
    from tipline.test import make_staff

    overdue_report()
    do_escalate_overdue()
    escalation = Escalation.objects.get()
    other = make_staff("chief_b", unit_b, "supervisor")
    url = f"/staff/overdue/escalations/{escalation.pk}/dismiss/"
    assert login_staff(client, other).post(url).status_code == 404


def test_only_supervisors_dismiss(client, intake_officer):
    overdue_report()
    do_escalate_overdue()
    url = f"/staff/overdue/escalations/{Escalation.objects.get().pk}/dismiss/"
    assert login_staff(client, intake_officer).post(url).status_code == 403


def test_a_user_without_the_role_gets_403(client, unit_a, custodian):
    assert login_staff(client, custodian).get(URL).status_code == 403


def test_the_query_count_does_not_grow(client, supervisor, django_assert_num_queries):
    login_staff(client, supervisor)
    overdue_report()
    client.get(URL)
    with django_assert_num_queries(14):
        client.get(URL)
    for _ in range(4):
        overdue_report()
    with django_assert_num_queries(14):
        client.get(URL)
