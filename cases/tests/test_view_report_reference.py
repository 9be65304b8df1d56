"""A report's reference (K7QM-2XHD) is shown on every staff page that lists or shows a report, and
accepted wherever staff type a report: the report's URL, the "go to report" box, the triage form's
duplicate field and the search box. Another unit's reference is a 404, like its id."""

from datetime import timedelta

import pytest

from cases.actions.escalations import do_escalate_overdue
from cases.search.actions import do_search_reports
from cases.search.queries import SearchFilters
from core import references
from intake.models import Report
from tipline.test import login_staff

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def typed(report) -> str:
    """How someone might type it back after hearing it: small letters, a space for the dash."""
    return report.reference[:4].lower() + " " + report.reference[4:].lower()


def test_every_report_gets_a_random_reference(unit_a):
    first, second = submit(), submit()
    assert references.normalize(first.reference) == first.reference
    assert first.reference != second.reference


def test_the_report_page_opens_by_reference_in_any_case(client, intake_officer):
    report = submit(answers={"what": "a drone over the harbour"})
    client = login_staff(client, intake_officer)
    for handle in (report.grouped_reference, report.reference.lower(), str(report.pk)):
        response = client.get(f"/staff/reports/{handle}/")
        assert response.status_code == 200
        assert "a drone over the harbour" in response.content.decode()
    assert report.grouped_reference in response.content.decode()


def test_another_units_reference_is_a_404(client, unit_a, analyst_b):
    report = submit()
    client = login_staff(client, analyst_b)
    assert client.get(f"/staff/reports/{report.grouped_reference}/").status_code == 404
    assert client.get("/staff/reports/go/", {"ref": report.reference}).status_code == 404


def test_an_unknown_reference_is_a_404(client, intake_officer):
    response = login_staff(client, intake_officer).get("/staff/reports/ZZZZ-ZZZZ/")
    assert response.status_code == 404


def test_the_go_box_takes_a_typed_reference_to_the_report(client, intake_officer):
    report = submit()
    response = login_staff(client, intake_officer).get("/staff/reports/go/", {"ref": typed(report)})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/reports/{report.pk}/"


def test_the_go_box_says_when_nothing_matches(client, unit_a, analyst_b):
    report = submit()
    response = login_staff(client, analyst_b).get(
        "/staff/reports/go/", {"ref": typed(report)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 404
    assert "No report with this reference in your units" in page
    assert typed(report) in page  # what they typed stays in the box


def test_the_go_box_needs_a_content_role(client, auditor):
    assert (
        login_staff(client, auditor).get("/staff/reports/go/", {"ref": "K7QM2XHD"}).status_code
        == 403
    )


def test_the_home_page_and_the_queue_have_the_go_box(client, intake_officer):
    report = submit()
    client = login_staff(client, intake_officer)
    assert 'action="/staff/reports/go/"' in client.get("/staff/").content.decode()
    queue = client.get("/staff/triage/").content.decode()
    assert 'action="/staff/reports/go/"' in queue
    assert report.grouped_reference in queue


def test_the_case_page_and_the_overdue_list_show_references(client, analyst_a, supervisor):
    report = submit()
    case = accept(report, analyst_a)
    page = login_staff(client, analyst_a).get(f"/staff/cases/{case.number}/").content.decode()
    assert report.grouped_reference in page
    late = submit()
    Report.objects.filter(pk=late.pk).update(triage_due_at=late.created_at - timedelta(hours=1))
    do_escalate_overdue()
    overdue = login_staff(client, supervisor).get("/staff/overdue/")
    assert overdue.context["escalations"]  # the escalation names the report by reference too
    assert overdue.content.decode().count(late.grouped_reference) == 2


def test_a_duplicate_is_named_by_its_reference(client, intake_officer):
    first, second = submit(), submit()
    body = {
        "category": second.category_id,
        "region": "110000",
        "priority": "3",
        "decision": "duplicate",
        "duplicate_of": typed(first),
    }
    response = login_staff(client, intake_officer).post(
        f"/staff/reports/{second.grouped_reference}/triage/", body
    )
    assert response.status_code == 302
    assert second.triage_decisions.get().duplicate_of == first


def test_a_duplicate_of_another_units_report_is_refused(client, analyst_b, unit_a, unit_b):
    theirs = submit()
    mine = submit(region_code="310000")
    body = {
        "category": mine.category_id,
        "region": "310000",
        "priority": "3",
        "decision": "duplicate",
        "duplicate_of": theirs.reference,
    }
    response = login_staff(client, analyst_b).post(f"/staff/reports/{mine.pk}/triage/", body)
    assert response.status_code == 422
    assert "duplicate_of" in response.context["triage_form"].errors


def test_searching_for_a_reference_finds_the_report(intake_officer, unit_b):
    report, other = submit(), submit(region_code="310000")
    total, results = do_search_reports(intake_officer, SearchFilters(q=typed(report)))
    assert total == 1
    assert results[0]["reference"] == report.grouped_reference
    total, _results = do_search_reports(intake_officer, SearchFilters(q=other.reference))
    assert total == 0
