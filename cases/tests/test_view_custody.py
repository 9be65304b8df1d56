import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.actions.custody import do_decide_identity_request, do_request_identity
from cases.models import IdentityRequest
from tipline.test import login_staff, make_staff, make_sudo

from .helpers import accept, submit

pytestmark = pytest.mark.django_db
URL = "/staff/custody/"


@pytest.fixture
def case(unit_a, analyst_a):
    return accept(submit(contact={"name": "Li Lei"}), analyst_a)


@pytest.fixture
def request_(case, analyst_a):
    return do_request_identity(
        case, case.links.get().report, actor=analyst_a, justification="need a witness statement"
    )


def reveal_url(case, request_):
    return f"/staff/cases/{case.number}/identity/{request_.pk}/"


def test_the_analyst_asks_from_the_case_page(client, case, analyst_a):
    body = {"report": case.links.get().report.pk, "justification": "need a statement"}
    response = login_staff(client, analyst_a).post(f"/staff/cases/{case.number}/identity/", body)
    assert response.status_code == 302
    assert IdentityRequest.objects.get().analyst == analyst_a


def test_custodians_see_waiting_requests_without_the_identity(client, request_, custodian):
    page = login_staff(client, custodian).get(URL).content.decode()
    assert "need a witness statement" in page
    assert "Li Lei" not in page


def test_a_custodian_approves(client, request_, custodian):
    url = f"/staff/custody/{request_.pk}/decide/"
    response = login_staff(client, custodian).post(url, {"approve": "yes"})
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.status == "approved"


def test_a_denial_without_a_reason_is_refused(client, request_, custodian):
    url = f"/staff/custody/{request_.pk}/decide/"
    assert login_staff(client, custodian).post(url, {"approve": "no"}).status_code == 422


def test_custody_pages_are_for_custodians_only(client, request_, analyst_a):
    login_staff(client, analyst_a)
    assert client.get(URL).status_code == 403
    assert (
        client.post(f"/staff/custody/{request_.pk}/decide/", {"approve": "yes"}).status_code == 403
    )


def test_a_custodian_of_another_unit_gets_404(client, request_, unit_b):
    other = make_staff("custodian_b", unit_b, "custodian")
    url = f"/staff/custody/{request_.pk}/decide/"
    assert login_staff(client, other).post(url, {"approve": "yes"}).status_code == 404


def test_the_approved_analyst_sees_the_identity_with_sudo(
    client, case, request_, custodian, analyst_a
):
    do_decide_identity_request(request_, actor=custodian, approve=True)
    login_staff(client, analyst_a)
    assert client.get(reveal_url(case, request_)).status_code == 302  # asks for a fresh code
    make_sudo(client)
    response = client.get(reveal_url(case, request_))
    assert response.status_code == 200
    assert "Li Lei" in response.content.decode()


def test_before_approval_the_analyst_gets_403(client, case, request_, analyst_a):
    make_sudo(login_staff(client, analyst_a))
    assert client.get(reveal_url(case, request_)).status_code == 403


def test_another_analyst_gets_404(client, case, request_, custodian, unit_a):
    do_decide_identity_request(request_, actor=custodian, approve=True)
    colleague = make_staff("analyst_a2", unit_a, "analyst")
    make_sudo(login_staff(client, colleague))
    assert client.get(reveal_url(case, request_)).status_code == 404


def test_another_unit_gets_404_and_no_role_403(
    client, case, request_, custodian, analyst_b, intake_officer
):
    do_decide_identity_request(request_, actor=custodian, approve=True)
    make_sudo(login_staff(client, analyst_b))
    assert client.get(reveal_url(case, request_)).status_code == 404
    make_sudo(login_staff(client, intake_officer))
    assert client.get(reveal_url(case, request_)).status_code == 403


def test_the_identity_is_not_in_the_admin(client, request_, admin_user):
    from django.contrib import admin

    from intake.models import ReporterIdentity

    assert ReporterIdentity not in admin.site._registry
    registered = admin.site._registry.get(IdentityRequest)
    assert registered is None or "sealed" not in str(registered.get_fields(None))


def test_decided_requests_show_the_custodians_note(client, request_, custodian):
    do_decide_identity_request(request_, actor=custodian, approve=False, note="ask the witness")
    page = login_staff(client, custodian).get(URL).content.decode()
    assert "ask the witness" in page


def test_the_custody_list_opens_each_request_without_extra_queries(
    client, case, request_, custodian
):
    login_staff(client, custodian)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    do_request_identity(
        case,
        case.links.get().report,
        actor=make_staff("analyst_a3", case.unit, "analyst"),
        justification="a second request",
    )
    with CaptureQueriesContext(connection) as two:
        body = client.get(URL).content.decode()
    assert "need a witness statement" in body
    assert "a second request" in body
    assert len(two) == len(one)
