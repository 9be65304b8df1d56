"""The staff lists show age, deadline and priority, and sort by them from a whitelist."""

import re
from datetime import timedelta

import pytest

from intake.models import Report
from tipline.test import login_staff

from .helpers import accept, age, submit

pytestmark = pytest.mark.django_db
TRIAGE, CASES, OVERDUE = "/staff/triage/", "/staff/cases/", "/staff/overdue/"


def three_reports():
    """An old P3, a newer P1 whose triage deadline is furthest, a newest P2 due soonest."""
    old, urgent, soon = submit(), submit(), submit()
    age(old, days=2)
    age(urgent, hours=5)
    now = soon.created_at
    Report.objects.filter(pk=urgent.pk).update(priority=1, triage_due_at=now + timedelta(days=3))
    Report.objects.filter(pk=soon.pk).update(priority=2, triage_due_at=now + timedelta(hours=1))
    Report.objects.filter(pk=old.pk).update(triage_due_at=now + timedelta(days=1))
    return old, urgent, soon


def order(response) -> list:
    return [report.pk for report in response.context["page"]]


def test_the_triage_queue_sorts_by_priority_age_and_deadline(client, intake_officer):
    old, urgent, soon = three_reports()
    login_staff(client, intake_officer)
    assert order(client.get(TRIAGE)) == [urgent.pk, soon.pk, old.pk]
    assert order(client.get(TRIAGE, {"sort": "-priority"})) == [old.pk, soon.pk, urgent.pk]
    assert order(client.get(TRIAGE, {"sort": "age"})) == [soon.pk, urgent.pk, old.pk]
    assert order(client.get(TRIAGE, {"sort": "-age"})) == [old.pk, urgent.pk, soon.pk]
    assert order(client.get(TRIAGE, {"sort": "deadline"})) == [soon.pk, old.pk, urgent.pk]


@pytest.mark.parametrize("bad", ["id", "-created_at", "category__name", "--age", "", "age;drop"])
def test_a_sort_outside_the_whitelist_falls_back_to_the_default(client, intake_officer, bad):
    old, urgent, soon = three_reports()
    response = login_staff(client, intake_officer).get(TRIAGE, {"sort": bad})
    assert response.status_code == 200
    assert order(response) == [urgent.pk, soon.pk, old.pk]
    assert response.context["sorting"].current == "priority"


def test_the_sorted_header_says_so_and_links_the_other_way(client, intake_officer):
    submit()
    page = login_staff(client, intake_officer).get(TRIAGE, {"sort": "age", "page": "1"})
    html = page.content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-age">' in html
    # The other columns sort ascending first; no header keeps the page number.
    assert 'href="?sort=deadline"' in html
    assert 'href="?sort=priority"' in html
    assert html.count("aria-sort=") == 1


def test_the_sort_survives_filtering_and_paging(client, intake_officer):
    submit()
    html = login_staff(client, intake_officer).get(TRIAGE, {"sort": "-deadline"}).content
    assert b'<input type="hidden" name="sort" value="-deadline">' in html
    header = client.get(TRIAGE, {"sort": "age", "priority": "3"}).content.decode()
    assert 'href="?sort=-age&amp;priority=3"' in header or "priority=3&amp;sort=-age" in header


def test_the_triage_queue_shows_age_deadline_and_priority_in_words(client, intake_officer):
    report = age(submit(), hours=2, minutes=5)
    Report.objects.filter(pk=report.pk).update(
        priority=1, triage_due_at=report.created_at + timedelta(days=1, hours=2)
    )
    login_staff(client, intake_officer)
    html = client.get(TRIAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "P1" in html
    # A minute may pass between building the report and reading the page.
    assert re.search(r">2 hours, [56] minutes ago<", html)
    assert re.search(r">due in 23 hours, 5[45] minutes<", html)
    html = client.get(TRIAGE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert re.search(r">2小时[56]分钟", html)
    assert re.search(r">23小时5[45]分钟后到期<", html)


def test_the_case_list_sorts_by_priority_and_feedback_deadline(client, analyst_a):
    calm, urgent = submit(), submit()
    calm_case, urgent_case = accept(calm, analyst_a, priority=4), accept(urgent, analyst_a)
    Report.objects.filter(pk=urgent.pk).update(priority=1)
    Report.objects.filter(pk=calm.pk).update(feedback_due_at=calm.created_at + timedelta(days=1))
    Report.objects.filter(pk=urgent.pk).update(feedback_due_at=urgent.created_at + timedelta(9))
    login_staff(client, analyst_a)
    assert order(client.get(CASES)) == [urgent_case.pk, calm_case.pk]  # newest first
    assert order(client.get(CASES, {"sort": "priority"})) == [urgent_case.pk, calm_case.pk]
    assert order(client.get(CASES, {"sort": "-priority"})) == [calm_case.pk, urgent_case.pk]
    assert order(client.get(CASES, {"sort": "deadline"})) == [calm_case.pk, urgent_case.pk]
    response = client.get(CASES, {"sort": "number"})
    assert response.status_code == 200
    assert response.context["sorting"].current == "age"
    html = response.content.decode()
    assert "P1" in html
    assert "P4" in html
    assert html.count("<th scope=") == 8


def test_the_overdue_list_sorts_by_the_longest_missed_deadline(client, intake_officer):
    first, second = submit(), submit()
    now = second.created_at
    Report.objects.filter(pk=first.pk).update(triage_due_at=now - timedelta(hours=1), priority=1)
    Report.objects.filter(pk=second.pk).update(ack_due_at=now - timedelta(days=1))
    login_staff(client, intake_officer)
    assert order(client.get(OVERDUE)) == [first.pk, second.pk]  # P1 first
    assert order(client.get(OVERDUE, {"sort": "deadline"})) == [second.pk, first.pk]
    assert order(client.get(OVERDUE, {"sort": "-deadline"})) == [first.pk, second.pk]
    assert client.get(OVERDUE, {"sort": "first_missed"}).status_code == 200
