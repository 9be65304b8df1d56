import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from rewards.models import Award, AwardStatus, Payment, ShareStatus
from tipline.test import login_staff, make_sudo

from .helpers import BANK, approved, closed_case, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(analyst_a):
    return closed_case(analyst_a)


def proposal_form(**extra):
    data = {
        "tier": "",
        "amount": "5000",
        "justification": "named the courier",
        "check_specific_lead": "on",
        "check_new_to_agency": "on",
        "check_verified_useful": "on",
        "nominate_0": "on",
    }
    return data | extra


def test_an_analyst_proposes_through_the_console(client, analyst_a, case):
    from .helpers import tier

    case_, _reports, _ = case
    login_staff(client, analyst_a)
    page = client.get(f"/staff/rewards/propose/{case_.number}/")
    assert page.status_code == 200
    assert "reported first" in page.content.decode()
    response = client.post(f"/staff/rewards/propose/{case_.number}/", proposal_form(tier=tier().pk))
    award = Award.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/rewards/{award.id}/"


def test_a_refused_proposal_is_a_form_error(client, analyst_a, case):
    from .helpers import tier

    case_, _reports, _ = case
    login_staff(client, analyst_a)
    form = proposal_form(tier=tier().pk)
    del form["check_verified_useful"]
    response = client.post(f"/staff/rewards/propose/{case_.number}/", form)
    assert response.status_code == 422
    assert "checklist" in response.content.decode()
    assert not Award.objects.exists()


def test_another_units_case_is_not_found(client, analyst_b, case):
    login_staff(client, analyst_b)
    assert client.get(f"/staff/rewards/propose/{case[0].number}/").status_code == 404


def test_a_reward_officer_cannot_propose(client, reward_officer, case):
    login_staff(client, reward_officer)
    assert client.get(f"/staff/rewards/propose/{case[0].number}/").status_code == 403


def test_other_roles_get_403_on_the_list(client, intake_officer):
    login_staff(client, intake_officer)
    assert client.get("/staff/rewards/").status_code == 403


def test_another_units_award_is_not_found(client, analyst_a, case, unit_b):
    from accounts.models import Role
    from tipline.test import make_staff

    award = propose(case[0], analyst_a, case[1])
    login_staff(client, make_staff("officer_b", unit_b, Role.REWARD_OFFICER))
    assert client.get(f"/staff/rewards/{award.id}/").status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client, reward_officer_a, analyst_a):
    from cases.tests.helpers import submit

    login_staff(client, reward_officer_a)
    for _ in range(3):
        case_, reports, _ = closed_case(analyst_a, reports=[submit()])
        propose(case_, analyst_a, reports)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/rewards/").status_code == 200
    count = len(queries)
    case_, reports, _ = closed_case(analyst_a, reports=[submit()])
    propose(case_, analyst_a, reports)
    with CaptureQueriesContext(connection) as queries:
        client.get("/staff/rewards/")
    assert len(queries) == count


def test_deciding_needs_a_fresh_second_factor(client, reward_officer_a, analyst_a, case):
    award = propose(case[0], analyst_a, case[1])
    login_staff(client, reward_officer_a)
    response = client.post(f"/staff/rewards/{award.id}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sudo/")
    make_sudo(client)
    response = client.post(f"/staff/rewards/{award.id}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.APPROVED


def test_the_proposer_cannot_decide_in_the_console(client, analyst_a, case):
    from accounts.models import Role

    award = propose(case[0], analyst_a, case[1])
    analyst_a.staff_roles.create(role=Role.REWARD_OFFICER)
    login_staff(client, analyst_a)
    make_sudo(client)
    response = client.post(f"/staff/rewards/{award.id}/decide/", {"decision": "approve"})
    assert response.status_code == 403


def test_the_payer_opens_bank_details_once_a_custodian_approved_and_pays(
    client, analyst_a, reward_officer_a, finance_officer, custodian, case
):
    from rewards.actions.claims import do_claim_share
    from rewards.actions.custody import do_decide_payee_access, do_request_payee_access

    award = approved(propose(case[0], analyst_a, case[1]), reward_officer_a)
    share = award.shares.get()
    do_claim_share(share, report=case[1][0], method="bank", payee=BANK)
    login_staff(client, finance_officer)
    make_sudo(client)
    assert client.get(f"/staff/rewards/shares/{share.id}/payee/").status_code == 403
    request = do_request_payee_access(share, actor=finance_officer, justification="to pay")
    do_decide_payee_access(request, actor=custodian, approve=True)
    page = client.get(f"/staff/rewards/shares/{share.id}/payee/")
    assert BANK["account_number"] in page.content.decode()
    assert AuditEvent.objects.filter(action="reward.payee_open").exists()
    response = client.post(f"/staff/rewards/shares/{share.id}/pay/", {"reference": "TX-7"})
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.status == ShareStatus.PAID
    assert Payment.objects.get().reference == "TX-7"


def test_statistics_and_their_audited_export(client, auditor, analyst_a, reward_officer_a, case):
    approved(propose(case[0], analyst_a, case[1]), reward_officer_a)
    login_staff(client, auditor)
    assert "5000" in client.get("/staff/rewards/statistics/").content.decode()
    assert client.get("/staff/rewards/statistics.csv").status_code == 302  # sudo first
    make_sudo(client)
    response = client.get("/staff/rewards/statistics.csv")
    assert "tier-1" in response.content.decode()
    assert AuditEvent.objects.filter(action="reward.stats_export").exists()


def test_statistics_are_not_for_analysts(client, analyst_a):
    login_staff(client, analyst_a)
    assert client.get("/staff/rewards/statistics/").status_code == 403
