import pytest

from rewards.models import ShareStatus

from .helpers import BANK

pytestmark = pytest.mark.django_db
URL = "/api/v1/followup/rewards"


def claim(client, share, receipt: str, body: dict):
    return client.post(
        f"{URL}/{share.id}/claim", body, content_type="application/json", HTTP_X_RECEIPT=receipt
    )


def test_it_lists_the_rewards_of_the_receipts_report(client, offered_by_receipt):
    share, receipt = offered_by_receipt
    body = client.get(URL, HTTP_X_RECEIPT=receipt).json()
    assert len(body) == 1
    assert body[0]["id"] == str(share.id)
    assert body[0]["status"] == "offered"
    assert body[0]["currency"] == "CNY"
    assert set(body[0]) == {"id", "kind", "tier", "amount", "currency", "status", "claim_by"}


def test_an_unknown_receipt_is_404(client, offered_by_receipt):
    assert client.get(URL, HTTP_X_RECEIPT="0000-0000-0000-0000-0000").status_code == 404


@pytest.mark.parametrize("receipt", [None, "", "0000-0000-0000-0000"])
def test_a_missing_or_misshapen_receipt_is_401_before_the_body_is_read(
    client, offered_by_receipt, receipt
):
    share, _receipt = offered_by_receipt
    headers = {} if receipt is None else {"HTTP_X_RECEIPT": receipt}
    assert client.get(URL, **headers).status_code == 401
    response = client.post(f"{URL}/{share.id}/claim", "{", "application/json", **headers)
    assert response.status_code == 401


def test_it_claims_by_bank_with_the_receipt_alone(client, offered_by_receipt):
    share, receipt = offered_by_receipt
    response = claim(client, share, receipt, {"method": "bank", "payee": BANK})
    assert response.status_code == 200
    assert response.json()["reward"]["status"] == "claimed"
    share.refresh_from_db()
    assert share.status == ShareStatus.CLAIMED


def test_in_person_returns_the_one_time_code(client, offered_by_receipt):
    share, receipt = offered_by_receipt
    response = claim(client, share, receipt, {"method": "in_person"})
    assert len(response.json()["claim_code"]) == 10


def test_a_refused_claim_is_422(client, offered_by_receipt):
    share, receipt = offered_by_receipt
    response = claim(client, share, receipt, {"method": "commendation"})
    assert response.status_code == 422


def test_another_reports_reward_is_404(client, offered_by_receipt):
    from cases.tests.helpers import submit_with_receipt

    share, _receipt = offered_by_receipt
    _other, other_receipt = submit_with_receipt()
    response = claim(client, share, other_receipt, {"method": "decline"})
    assert response.status_code == 404
