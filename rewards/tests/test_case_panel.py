"""The case page shows whoever may see the case that a reporter of it asked for protection, and
where the request stands; the request's words stay on the supervisors' protection page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.tests.helpers import accept, submit
from rewards.actions.protection import (
    do_acknowledge_protection,
    do_record_measure,
    do_request_protection,
)
from tipline.test import login_staff

from .helpers import closed_case

pytestmark = pytest.mark.django_db
BODY = "A man waits outside my flat every evening."


@pytest.fixture
def case_with_request(analyst_a):
    report = submit()
    case = accept(report, analyst_a)
    request = do_request_protection(report, kind="retaliation", body=BODY)
    return case, request


def case_page(client, user, case) -> str:
    login_staff(client, user)
    response = client.get(f"/staff/cases/{case.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_analyst_sees_that_protection_was_requested(client, analyst_a, case_with_request):
    case, _ = case_with_request
    page = case_page(client, analyst_a, case)
    assert "asked for protection" in page
    assert "Retaliation for reporting" in page
    assert "Waiting for acknowledgement" in page
    assert BODY not in page
    assert "/staff/rewards/protection/" not in page  # the request itself is for supervisors


def test_the_status_follows_the_request(client, analyst_a, supervisor, case_with_request):
    case, request = case_with_request
    do_acknowledge_protection(request, actor=supervisor)
    assert "Acknowledged" in case_page(client, analyst_a, case)
    do_record_measure(request, actor=supervisor, body="patrols")
    assert "Measures taken" in case_page(client, analyst_a, case)


def test_an_overdue_request_says_so(client, analyst_a, case_with_request):
    case, request = case_with_request
    request.__class__.objects.filter(pk=request.pk).update(
        ack_due_at=timezone.now() - timedelta(hours=1)
    )
    assert "overdue" in case_page(client, analyst_a, case)


def test_supervisors_get_a_link_to_the_request(client, supervisor, case_with_request):
    case, request = case_with_request
    assert f"/staff/rewards/protection/{request.pk}/" in case_page(client, supervisor, case)


def test_a_case_without_requests_shows_none(client, analyst_a):
    case = accept(submit(), analyst_a)
    assert "asked for protection" not in case_page(client, analyst_a, case)


def test_another_units_analyst_gets_404(client, analyst_b, case_with_request):
    login_staff(client, analyst_b)
    assert client.get(f"/staff/cases/{case_with_request[0].number}/").status_code == 404


def test_a_closed_substantiated_case_offers_to_propose_an_award(client, analyst_a):
    case, _, _ = closed_case(analyst_a)
    assert f"/staff/rewards/propose/{case.number}/" in case_page(client, analyst_a, case)
