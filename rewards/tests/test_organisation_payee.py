"""An organisation that reported claims its reward with its own payee details (its name, its
account, a contact person if it wishes), sealed in the identity vault like a person's."""

import pytest

from cases.errors import ActionError
from rewards import vault
from rewards.actions.claims import do_claim_share
from rewards.models import ShareStatus

from .helpers import offer

pytestmark = pytest.mark.django_db

ORG = {
    "kind": "organisation",
    "organisation": "华东精密仪器有限公司",
    "bank": "中国建设银行上海分行",
    "account_number": "31050161373600001234",
    "contact_person": "保卫处李科长",
}
URL = "/api/v1/followup/rewards"


@pytest.fixture
def offered_with_receipt(analyst_a, reward_officer_a):
    return offer(analyst_a, reward_officer_a, receipt=True)  # (share, report, receipt)


def test_an_organisation_claims_with_its_payee_details_sealed(offered_with_receipt):
    share, report, _ = offered_with_receipt
    do_claim_share(share, report=report, method="bank", payee=ORG)
    share.refresh_from_db()
    assert share.status == ShareStatus.CLAIMED
    assert ORG["account_number"].encode() not in bytes(share.payee_sealed)
    assert ORG["organisation"].encode() not in bytes(share.payee_sealed)
    assert vault.open_payee(share) == ORG


def test_the_contact_person_is_optional(offered_with_receipt):
    share, report, _ = offered_with_receipt
    payee = {k: v for k, v in ORG.items() if k != "contact_person"}
    do_claim_share(share, report=report, method="bank", payee=payee)
    share.refresh_from_db()
    assert vault.open_payee(share) == payee | {"contact_person": ""}


def test_an_organisation_must_give_its_name(offered_with_receipt):
    share, report, _ = offered_with_receipt
    with pytest.raises(ActionError, match="organisation's name"):
        do_claim_share(share, report=report, method="bank", payee=ORG | {"organisation": ""})


def test_an_unknown_kind_of_payee_is_refused(offered_with_receipt):
    share, report, _ = offered_with_receipt
    with pytest.raises(ActionError):
        do_claim_share(share, report=report, method="bank", payee=ORG | {"kind": "company"})


def test_the_web_form_takes_an_organisations_details(client, offered_with_receipt):
    share, _, receipt = offered_with_receipt
    client.post("/followup/", {"code": receipt})
    page = client.get("/followup/rewards/").content.decode()
    assert "Name of the organisation" in page
    data = {"method": "bank", "payee_kind": "organisation"} | ORG
    del data["kind"]
    response = client.post(f"/followup/rewards/{share.id}/claim/", data)
    assert response.status_code == 303
    share.refresh_from_db()
    assert vault.open_payee(share) == ORG


def test_the_api_takes_an_organisations_details(client, offered_with_receipt):
    share, _, receipt = offered_with_receipt
    response = client.post(
        f"{URL}/{share.id}/claim",
        {"method": "bank", "payee": ORG},
        content_type="application/json",
        HTTP_X_RECEIPT=receipt,
    )
    assert response.status_code == 200
    share.refresh_from_db()
    assert vault.open_payee(share) == ORG


def test_the_payer_sees_an_organisation_as_such(
    client, offered_with_receipt, finance_officer, custodian
):
    from rewards.actions.custody import do_decide_payee_access, do_request_payee_access
    from tipline.test import login_staff, make_sudo

    share, report, _ = offered_with_receipt
    do_claim_share(share, report=report, method="bank", payee=ORG)
    request = do_request_payee_access(share, actor=finance_officer, justification="to pay")
    do_decide_payee_access(request, actor=custodian, approve=True)
    make_sudo(login_staff(client, finance_officer))
    page = client.get(f"/staff/rewards/shares/{share.id}/payee/").content.decode()
    assert ORG["organisation"] in page
    assert ORG["contact_person"] in page
