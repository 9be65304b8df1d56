"""A follow-up call relays rewards and protection: the caller reads out their receipt, the
call-taker tells them of their award and takes down their choice (bank, in person, decline) and
any request for protection. Every relay is audited against the call-taker."""

import pytest

from audit.models import AuditEvent
from rewards import vault
from rewards.models import ProtectionRequest, ShareStatus
from tipline.test import login_staff

from .helpers import BANK, approved, closed_case, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_call(client, call_taker, offered_by_receipt):
    """A call-taker on a follow-up call: the caller has read out the receipt."""
    login_staff(client, call_taker)
    response = client.post("/staff/hotline/followup/", {"code": offered_by_receipt[1]})
    assert response["Location"].endswith("/staff/hotline/followup/call/")
    return client


def test_the_followup_call_links_to_rewards_and_protection(on_call):
    page = on_call.get("/staff/hotline/followup/call/").content.decode()
    assert "/staff/rewards/hotline/" in page


def test_the_call_taker_sees_the_award_and_it_is_audited(on_call, offered_by_receipt, call_taker):
    page = on_call.get("/staff/rewards/hotline/").content.decode()
    assert "5000" in page
    assert "110" in page  # immediate danger first
    event = AuditEvent.objects.get(action="reward.followup_relayed")
    assert event.actor == call_taker


def test_a_bank_claim_is_relayed_and_the_operator_recorded(on_call, offered_by_receipt, call_taker):
    share, _ = offered_by_receipt
    data = {"method": "bank", "payee_kind": "person"} | BANK
    response = on_call.post(f"/staff/rewards/hotline/claim/{share.id}/", data)
    assert response.status_code == 303
    share.refresh_from_db()
    assert share.status == ShareStatus.CLAIMED
    assert vault.open_payee(share) == {"kind": "person"} | BANK
    event = AuditEvent.objects.get(action="reward.claim")
    assert event.actor == call_taker
    assert event.details["relayed"] is True
    assert BANK["account_number"] not in str(event.details)


def test_an_in_person_claim_code_is_read_out_once(on_call, offered_by_receipt):
    share, _ = offered_by_receipt
    response = on_call.post(f"/staff/rewards/hotline/claim/{share.id}/", {"method": "in_person"})
    assert response.status_code == 200
    code = response.context["claim_code"]
    assert code in response.content.decode()
    assert code not in on_call.get("/staff/rewards/hotline/").content.decode()


def test_a_decline_is_relayed(on_call, offered_by_receipt, call_taker):
    share, _ = offered_by_receipt
    on_call.post(f"/staff/rewards/hotline/claim/{share.id}/", {"method": "decline"})
    share.refresh_from_db()
    assert share.status == ShareStatus.DECLINED
    assert AuditEvent.objects.get(action="reward.decline").actor == call_taker


def test_a_bad_claim_is_a_form_error(on_call, offered_by_receipt):
    share, _ = offered_by_receipt
    response = on_call.post(f"/staff/rewards/hotline/claim/{share.id}/", {"method": "bank"})
    assert response.status_code == 422
    assert "account number" in response.content.decode()


def test_a_protection_request_is_relayed(on_call, offered_by_receipt, call_taker):
    data = {"kind": "retaliation", "body": "My employer cut my pay after the report."}
    response = on_call.post("/staff/rewards/hotline/protection/", data)
    assert response.status_code == 303
    request = ProtectionRequest.objects.get()
    assert request.report_id == offered_by_receipt[0].report_id
    event = AuditEvent.objects.get(action="protection.request")
    assert event.actor == call_taker
    assert event.details["relayed"] is True
    assert (
        "Sent; waiting for an officer." in on_call.get("/staff/rewards/hotline/").content.decode()
    )


def test_another_reports_share_is_not_found(on_call, analyst_a, reward_officer_a):
    case, reports, _ = closed_case(analyst_a)
    other = approved(propose(case, analyst_a, reports), reward_officer_a).shares.get()
    response = on_call.post(f"/staff/rewards/hotline/claim/{other.id}/", {"method": "decline"})
    assert response.status_code == 404


def test_without_a_followup_call_it_goes_back_to_the_receipt(client, call_taker):
    login_staff(client, call_taker)
    response = client.get("/staff/rewards/hotline/")
    assert response["Location"] == "/staff/hotline/followup/"


def test_it_is_for_call_roles_only(client, analyst_a):
    login_staff(client, analyst_a)
    assert client.get("/staff/rewards/hotline/").status_code == 403
