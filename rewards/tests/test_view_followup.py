import pytest

from audit.models import AuditEvent
from rewards.models import ShareStatus

from .helpers import BANK, closed_case, propose

pytestmark = pytest.mark.django_db


def log_in(client, receipt):
    response = client.post("/followup/", {"code": receipt})
    assert response.status_code == 303
    return client


def test_the_followup_page_links_to_rewards(client, offered_by_receipt):
    log_in(client, offered_by_receipt[1])
    assert "/followup/rewards/" in client.get("/followup/report/").content.decode()


def test_the_reporter_sees_the_award_and_claims_by_bank(client, offered_by_receipt):
    share, receipt = offered_by_receipt
    log_in(client, receipt)
    page = client.get("/followup/rewards/").content.decode()
    assert "5000" in page
    data = {"method": "bank"} | BANK
    response = client.post(f"/followup/rewards/{share.id}/claim/", data)
    assert response.status_code == 303
    share.refresh_from_db()
    assert share.status == ShareStatus.CLAIMED
    assert share.method == "bank"


def test_in_person_shows_the_claim_code_once(client, offered_by_receipt):
    share, receipt = offered_by_receipt
    log_in(client, receipt)
    response = client.post(f"/followup/rewards/{share.id}/claim/", {"method": "in_person"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    code = response.context["claim_code"]
    assert code in response.content.decode()
    assert code not in client.get("/followup/rewards/").content.decode()


def test_missing_bank_details_are_a_form_error(client, offered_by_receipt):
    share, receipt = offered_by_receipt
    log_in(client, receipt)
    response = client.post(f"/followup/rewards/{share.id}/claim/", {"method": "bank"})
    assert response.status_code == 422
    share.refresh_from_db()
    assert share.status == ShareStatus.OFFERED


def test_the_reporter_can_decline(client, offered_by_receipt):
    share, receipt = offered_by_receipt
    log_in(client, receipt)
    client.post(f"/followup/rewards/{share.id}/claim/", {"method": "decline"})
    share.refresh_from_db()
    assert share.status == ShareStatus.DECLINED
    assert AuditEvent.objects.get(action="reward.decline").actor_label == "reporter"


def test_another_reports_share_is_not_found(client, offered_by_receipt, analyst_a):
    from cases.tests.helpers import submit_with_receipt

    share, _receipt = offered_by_receipt
    _other, other_receipt = submit_with_receipt()
    log_in(client, other_receipt)
    response = client.post(f"/followup/rewards/{share.id}/claim/", {"method": "in_person"})
    assert response.status_code == 404


def test_without_a_receipt_the_page_sends_to_login(client):
    assert client.get("/followup/rewards/")["Location"] == "/followup/"


def test_a_pending_award_is_not_shown_yet(client, analyst_a):
    case, reports, receipt = closed_case(analyst_a, receipt=True)
    propose(case, analyst_a, reports)
    log_in(client, receipt)
    assert "5000" not in client.get("/followup/rewards/").content.decode()


def test_the_public_page_says_the_receipt_alone_is_enough(client):
    page = client.get("/rewards/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "receipt code alone" in page
    assert "/rewards/" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
