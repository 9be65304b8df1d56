"""Rewards and the retention purge: a report whose award may still be claimed or paid is kept
until the claim window has closed; once purged, its protection requests go with it, its bank
details are erased, and its certificate keeps only what proves it genuine."""

from datetime import timedelta

import pytest

from cases.actions.retention import do_purge_expired as purge
from intake.models import Report
from rewards.actions.certificates import do_issue_certificate, verify
from rewards.actions.claims import do_claim_share, sweep_claims
from rewards.actions.protection import do_record_measure, do_request_protection
from rewards.models import (
    Award,
    Certificate,
    ProtectionMeasure,
    ProtectionRequest,
    Share,
    ShareStatus,
)

from .helpers import BANK, approved, closed_case, propose

pytestmark = pytest.mark.django_db
ELEVEN_YEARS = timedelta(days=365 * 11)


@pytest.fixture
def case(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    return case, reports[0]


def past_retention(case):
    return case.closed_at + ELEVEN_YEARS


def test_a_report_awaiting_approval_is_held(case, analyst_a):
    case, report = case
    propose(case, analyst_a, [report])
    assert purge(now=past_retention(case)) == 0
    assert Report.objects.filter(pk=report.pk).exists()


def test_a_claimed_but_unpaid_award_is_held(case, analyst_a, reward_officer_a):
    case, report = case
    share = approved(propose(case, analyst_a, [report]), reward_officer_a).shares.get()
    do_claim_share(share, report=report, method="bank", payee=BANK)
    assert purge(now=past_retention(case)) == 0


def test_an_offer_is_held_until_the_claim_window_closes(case, analyst_a, reward_officer_a):
    case, report = case
    share = approved(propose(case, analyst_a, [report]), reward_officer_a).shares.get()
    later = past_retention(case)
    assert share.claim_by < later  # the window closed, but its expiry is not recorded yet
    assert purge(now=later) == 0
    assert sweep_claims(now=later)["expired"] == 1
    assert purge(now=later) == 1
    share.refresh_from_db()
    assert share.status == ShareStatus.EXPIRED
    assert share.report is None
    assert Award.objects.filter(pk=share.award_id).exists()  # the accounts still add up


def test_a_purged_reports_protection_requests_go_with_it(case, supervisor):
    case, report = case
    request = do_request_protection(report, kind="protection", body="they follow me")
    do_record_measure(request, actor=supervisor, body="patrols")
    assert purge(now=past_retention(case)) == 1
    assert not ProtectionRequest.objects.exists()
    assert not ProtectionMeasure.objects.exists()


def test_a_paid_reports_bank_details_are_erased_at_purge(
    case, analyst_a, reward_officer_a, finance_officer
):
    from rewards.actions.payments import do_record_payment

    case, report = case
    share = approved(propose(case, analyst_a, [report]), reward_officer_a).shares.get()
    do_claim_share(share, report=report, method="bank", payee=BANK)
    do_record_payment(share, actor=finance_officer, fresh=True, reference="TX-1")
    assert purge(now=past_retention(case)) == 1
    share = Share.objects.get(pk=share.pk)
    assert share.status == ShareStatus.PAID
    assert (share.payee_key_id, share.payee_sealed) == ("", None)
    assert share.payments.count() == 1  # the ledger stays


def test_a_certificate_still_verifies_but_without_the_name(case, analyst_a, reward_officer_a):
    case, report = case
    award = approved(
        propose(case, analyst_a, [report], amount=None, code="certificate"), reward_officer_a
    )
    share = award.shares.get()
    do_claim_share(share, report=report, method="commendation")
    share.refresh_from_db()
    certificate, contents = do_issue_certificate(share, report=report, name="王小明", consent=True)
    assert purge(now=past_retention(case)) == 1
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert not certificate.named
    assert "王小明".encode() not in bytes(certificate.sealed)
    assert verify(contents["code"]) == certificate
