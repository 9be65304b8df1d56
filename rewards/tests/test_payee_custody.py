"""The payer opens a reporter's bank details only after a custodian approved their request for
that share, with a fresh second factor; every step and every opening is audited."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from audit.models import AuditEvent
from cases.errors import ActionError
from rewards import vault
from rewards.actions.custody import (
    do_decide_payee_access,
    do_request_payee_access,
    open_payee_details,
)
from rewards.models import PayeeAccessRequest, PayeeAccessStatus
from tipline.test import login_staff, make_staff, make_sudo

from .helpers import BANK, approved, claimed_by_bank, closed_case, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(analyst_a, reward_officer_a):
    case, reports, _ = closed_case(analyst_a)
    share = approved(propose(case, analyst_a, reports), reward_officer_a).shares.get()
    return claimed_by_bank(share, reports[0])


def ask(share, payer, why="The transfer to the reporter is due this week."):
    return do_request_payee_access(share, actor=payer, justification=why)


def test_the_payer_cannot_open_the_details_before_a_custodian_approves(claimed, finance_officer):
    with pytest.raises(PermissionDenied):
        open_payee_details(claimed, actor=finance_officer, fresh=True)
    ask(claimed, finance_officer)
    with pytest.raises(PermissionDenied):
        open_payee_details(claimed, actor=finance_officer, fresh=True)
    assert not AuditEvent.objects.filter(action="reward.payee_open").exists()


def test_once_approved_each_opening_is_audited_and_needs_a_fresh_factor(
    claimed, finance_officer, custodian
):
    request = ask(claimed, finance_officer)
    do_decide_payee_access(request, actor=custodian, approve=True)
    with pytest.raises(PermissionDenied):
        open_payee_details(claimed, actor=finance_officer, fresh=False)
    assert (
        open_payee_details(claimed, actor=finance_officer, fresh=True) == {"kind": "person"} | BANK
    )
    open_payee_details(claimed, actor=finance_officer, fresh=True)
    opened = AuditEvent.objects.filter(action="reward.payee_open")
    assert opened.count() == 2
    assert {e.actor_id for e in opened} == {finance_officer.pk}
    assert AuditEvent.objects.filter(action="reward.payee_approve", actor=custodian).exists()


def test_an_approval_is_for_that_payer_only(claimed, finance_officer, custodian, unit_a):
    do_decide_payee_access(ask(claimed, finance_officer), actor=custodian, approve=True)
    other = make_staff("finance_2", unit_a, Role.FINANCE_OFFICER)
    with pytest.raises(PermissionDenied):
        open_payee_details(claimed, actor=other, fresh=True)


def test_a_denied_request_opens_nothing_and_needs_a_reason(claimed, finance_officer, custodian):
    request = ask(claimed, finance_officer)
    with pytest.raises(ActionError):
        do_decide_payee_access(request, actor=custodian, approve=False)
    do_decide_payee_access(request, actor=custodian, approve=False, note="Pay by voucher.")
    with pytest.raises(PermissionDenied):
        open_payee_details(claimed, actor=finance_officer, fresh=True)
    request.refresh_from_db()
    assert vault.open_access_text(request, "note", request.decision_note_sealed) == (
        "Pay by voucher."
    )


def test_only_a_custodian_decides_and_never_on_their_own_request(
    claimed, finance_officer, reward_officer_a, unit_a
):
    request = ask(claimed, finance_officer)
    with pytest.raises(PermissionDenied):
        do_decide_payee_access(request, actor=reward_officer_a, approve=True)
    both = make_staff("both", unit_a, Role.FINANCE_OFFICER, Role.CUSTODIAN)
    own = ask(claimed, both)
    with pytest.raises(ActionError):
        do_decide_payee_access(own, actor=both, approve=True)


def test_a_custodian_of_another_unit_cannot_decide(claimed, finance_officer, unit_b):
    request = ask(claimed, finance_officer)
    outsider = make_staff("custodian_b", unit_b, Role.CUSTODIAN)
    with pytest.raises(PermissionDenied):
        do_decide_payee_access(request, actor=outsider, approve=True)


def test_the_proposer_and_approver_cannot_even_ask(claimed, analyst_a, reward_officer_a):
    for user in (analyst_a, reward_officer_a):
        with pytest.raises(PermissionDenied):
            ask(claimed, user)


def test_a_request_needs_a_reason_and_is_not_repeated(claimed, finance_officer):
    with pytest.raises(ActionError):
        ask(claimed, finance_officer, why=" ")
    ask(claimed, finance_officer)
    with pytest.raises(ActionError):
        ask(claimed, finance_officer)
    request = PayeeAccessRequest.objects.get()
    assert b"transfer" not in bytes(request.justification_sealed)
    assert AuditEvent.objects.filter(action="reward.payee_request").count() == 1


def test_the_award_page_asks_the_custodian_then_links_to_the_details(
    client, claimed, finance_officer, custodian
):
    login_staff(client, finance_officer)
    page = client.get(f"/staff/rewards/{claimed.award_id}/").content.decode()
    assert "Ask the custodian" in page
    assert f'/staff/rewards/shares/{claimed.id}/payee/"' not in page
    response = client.post(
        f"/staff/rewards/shares/{claimed.id}/payee/request/", {"justification": "to pay"}
    )
    assert response.status_code == 302
    assert "waiting for the custodian" in client.get(response["Location"]).content.decode()
    do_decide_payee_access(PayeeAccessRequest.objects.get(), actor=custodian, approve=True)
    page = client.get(f"/staff/rewards/{claimed.award_id}/").content.decode()
    assert f"/staff/rewards/shares/{claimed.id}/payee/" in page
    assert client.get(f"/staff/rewards/shares/{claimed.id}/payee/").status_code == 302  # sudo
    make_sudo(client)
    page = client.get(f"/staff/rewards/shares/{claimed.id}/payee/").content.decode()
    assert BANK["account_number"] in page


def test_the_custodian_reads_the_reason_and_decides_in_the_console(
    client, claimed, finance_officer, custodian
):
    ask(claimed, finance_officer, why="Reference for the transfer")
    login_staff(client, custodian)
    assert "/staff/rewards/custody/" in client.get("/staff/custody/").content.decode()
    page = client.get("/staff/rewards/custody/").content.decode()
    assert "Reference for the transfer" in page
    request = PayeeAccessRequest.objects.get()
    response = client.post(f"/staff/rewards/custody/{request.pk}/decide/", {"approve": "yes"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == PayeeAccessStatus.APPROVED
    assert request.decided_by == custodian


def test_the_custody_queue_is_for_custodians_only(client, claimed, finance_officer, unit_b):
    ask(claimed, finance_officer)
    login_staff(client, finance_officer)
    assert client.get("/staff/rewards/custody/").status_code == 403
    client.logout()
    login_staff(client, make_staff("custodian_b", unit_b, Role.CUSTODIAN))
    pk = PayeeAccessRequest.objects.get().pk
    assert (
        client.post(f"/staff/rewards/custody/{pk}/decide/", {"approve": "yes"}).status_code == 404
    )
