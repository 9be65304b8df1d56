"""`manage.py rotate_keys` re-wraps the rewards app's keys too: after rotating both key families
and retiring the old keys, every sealed field of rewards still opens (justifications, reasons
for a split, officers' notes, bank details, names on certificates, protection requests and
measures, payee access justifications and custodians' notes)."""

from decimal import Decimal

import pytest

from cases import vault as case_vault
from cases.tests.helpers import submit
from core import crypto
from rewards import vault
from rewards.actions.approvals import do_adjust_award
from rewards.actions.certificates import do_issue_certificate
from rewards.actions.claims import do_claim_share
from rewards.actions.custody import do_decide_payee_access, do_request_payee_access
from rewards.actions.proposals import Nominee
from rewards.actions.protection import (
    do_record_measure,
    do_request_protection,
    open_measure,
    open_request,
)
from rewards.models import Approval, Certificate, PayeeAccessRequest, ProtectionMeasure, Share
from tipline.testing.fixtures import rotate_keys as rotate

from .helpers import BANK, approved, closed_case, propose

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keyring")]


@pytest.fixture
def sealed_everywhere(analyst_a, reward_officer_a, finance_officer, custodian, supervisor):
    reports = [submit(), submit()]
    case, reports, _ = closed_case(analyst_a, reports=reports)
    nominees = [Nominee(reports[0], Decimal("3000")), Nominee(reports[1], Decimal("2000"))]
    award = propose(case, analyst_a, reports, nominees=nominees, split_reason="both named him")
    do_adjust_award(
        award, actor=reward_officer_a, fresh=True, amount=Decimal("6000"), note="raised"
    )
    share = Share.objects.get(award=award, report=reports[0])
    do_claim_share(share, report=reports[0], method="bank", payee=BANK)
    access = do_request_payee_access(share, actor=finance_officer, justification="to pay")
    do_decide_payee_access(access, actor=custodian, approve=False, note="pay in person")
    request = do_request_protection(reports[0], kind="protection", body="they follow me")
    do_record_measure(request, actor=supervisor, body="patrols near the home")

    case2, reports2, _ = closed_case(analyst_a)
    award2 = approved(
        propose(case2, analyst_a, reports2, amount=None, code="certificate"), reward_officer_a
    )
    commendation = award2.shares.get()
    do_claim_share(commendation, report=reports2[0], method="commendation")
    commendation.refresh_from_db()
    do_issue_certificate(commendation, report=reports2[0], name="王小明", consent=True)
    return award


def test_every_sealed_field_of_rewards_opens_after_rotation_and_retirement(sealed_everywhere):
    old = {f: set(crypto.current_keyring().family(f)[0]) for f in ("data", "identity")}
    for purpose in ("data", "identity"):
        rotate("--purpose", purpose)
        rotate("--purpose", purpose, "--retire")
    ring = crypto.current_keyring()
    for purpose in ("data", "identity"):
        assert not old[purpose] & set(ring.family(purpose)[0])  # every old key is gone

    award = sealed_everywhere
    award.refresh_from_db()
    key = case_vault.case_key(award.case)
    opened = vault.open_for_case(
        key, award.case_number, award.id, "justification", award.justification_sealed
    )
    assert opened == "The lead named the car and the hour."
    split = vault.open_for_case(
        key, award.case_number, award.id, "split", award.split_reason_sealed
    )
    assert split == "both named him"
    approval = Approval.objects.get(award=award)
    assert (
        vault.open_for_case(key, award.case_number, award.id, "note", approval.note_sealed)
        == "raised"
    )

    share = Share.objects.get(award=award, method="bank")
    assert vault.open_payee(share) == {"kind": "person"} | BANK
    access = PayeeAccessRequest.objects.get()
    assert vault.open_access_text(access, "justification", access.justification_sealed) == "to pay"
    assert vault.open_access_text(access, "note", access.decision_note_sealed) == "pay in person"

    measure = ProtectionMeasure.objects.get()
    assert open_request(measure.request) == "they follow me"
    assert open_measure(measure) == "patrols near the home"

    certificate = Certificate.objects.get()
    assert vault.open_certificate(certificate)["name"] == "王小明"
