from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.actions.retention import do_purge_expired as purge
from cases.errors import ActionError
from cases.tests.helpers import submit
from intake import vault as intake_vault
from intake.models import Report
from rewards.actions.claims import do_claim_share, do_decline_share, sweep_claims
from rewards.models import Award, Share, ShareStatus

from .helpers import BANK, approved, closed_case, propose

pytestmark = pytest.mark.django_db


def mailbox(report) -> list[str]:
    dek = intake_vault.report_key(report)
    return [intake_vault.open_message(dek, m) for m in report.messages.order_by("sent_at")]


def test_a_bank_claim_seals_the_details_in_the_identity_vault(offered):
    share, report = offered
    assert do_claim_share(share, report=report, method="bank", payee=BANK) is None
    share.refresh_from_db()
    assert share.status == ShareStatus.CLAIMED
    assert share.method == "bank"
    assert share.payee_key_id
    assert BANK["account_number"].encode() not in bytes(share.payee_sealed)
    event = AuditEvent.objects.get(action="reward.claim")
    assert event.actor_label == "reporter"
    assert "6222" not in str(event.details)


def test_bank_details_must_be_complete(offered):
    share, report = offered
    with pytest.raises(ActionError, match="bank"):
        do_claim_share(share, report=report, method="bank", payee=BANK | {"bank": " "})


def test_in_person_collection_gives_a_one_time_code_kept_only_as_a_hash(offered):
    share, report = offered
    code = do_claim_share(share, report=report, method="in_person")
    share.refresh_from_db()
    assert len(code) == 10
    assert code not in share.claim_code_hash


def test_a_money_award_cannot_be_accepted_as_a_mere_commendation(offered):
    share, report = offered
    with pytest.raises(ActionError, match="how"):
        do_claim_share(share, report=report, method="commendation")


def test_only_the_reporter_of_the_share_can_claim_it(offered):
    share, _report = offered
    with pytest.raises(ActionError):
        do_claim_share(share, report=submit(), method="in_person")


def test_a_reporter_can_decline_and_then_cannot_claim(offered):
    share, report = offered
    do_decline_share(share, report=report)
    with pytest.raises(ActionError, match="no longer"):
        do_claim_share(share, report=report, method="in_person")
    assert AuditEvent.objects.filter(action="reward.decline").exists()


def test_a_pending_share_cannot_be_claimed(analyst_a):
    case, reports, _ = closed_case(analyst_a)
    share = propose(case, analyst_a, reports).shares.get()
    with pytest.raises(ActionError):
        do_claim_share(share, report=reports[0], method="in_person")


def test_claims_are_reminded_then_expire_on_a_controlled_clock(offered):
    share, report = offered
    assert sweep_claims(now=share.claim_by - timedelta(days=20)) == {"reminded": 0, "expired": 0}
    assert sweep_claims(now=share.claim_by - timedelta(days=10)) == {"reminded": 1, "expired": 0}
    assert sweep_claims(now=share.claim_by - timedelta(days=9)) == {"reminded": 0, "expired": 0}
    with pytest.raises(ActionError, match="no longer"):
        do_claim_share(share, report=report, method="in_person", now=share.claim_by)
    assert sweep_claims(now=share.claim_by + timedelta(seconds=1)) == {"reminded": 0, "expired": 1}
    share.refresh_from_db()
    assert share.status == ShareStatus.EXPIRED
    assert AuditEvent.objects.filter(action="reward.expire", target_id=str(share.award_id)).exists()
    assert len(mailbox(report)) == 3  # offered, reminder, expired
    assert sweep_claims(now=share.claim_by + timedelta(days=1)) == {"reminded": 0, "expired": 0}


def test_the_claim_window_is_a_setting(analyst_a, reward_officer_a, settings):
    settings.TIPLINE_REWARD_CLAIM_DAYS = 10
    case, reports, _ = closed_case(analyst_a)
    before = timezone.now()
    share = approved(propose(case, analyst_a, reports), reward_officer_a).shares.get()
    assert timedelta(days=9) < share.claim_by - before <= timedelta(days=10, seconds=5)


def test_a_report_with_an_open_award_outlives_its_retention(offered):
    share, report = offered
    case = share.award.case
    later = case.closed_at + timedelta(days=365 * 11)
    assert purge(now=later) == 0
    assert Report.objects.filter(pk=report.pk).exists()
    do_decline_share(share, report=report)
    assert purge(now=later) == 1
    share.refresh_from_db()
    assert share.report is None  # the award and share survive the purge, unlinked
    assert Award.objects.get(pk=share.award_id).case is None
    assert Share.objects.count() == 1
