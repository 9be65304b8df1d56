from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.errors import ActionError
from cases.tests.helpers import submit
from intake import vault as intake_vault
from rewards.actions.approvals import do_adjust_award, do_approve_award, do_deny_award
from rewards.actions.proposals import Nominee
from rewards.models import AwardStatus, ShareStatus

from .helpers import closed_case, propose, tier

pytestmark = pytest.mark.django_db


def test_approval_offers_the_award_in_the_reporters_mailbox(analyst_a, reward_officer_a):
    case, reports, _ = closed_case(analyst_a)
    now = timezone.now()
    award = do_approve_award(propose(case, analyst_a, reports), actor=reward_officer_a, fresh=True)
    assert award.status == AwardStatus.APPROVED
    share = award.shares.get()
    assert share.status == ShareStatus.OFFERED
    assert share.claim_by - now > timedelta(days=89)
    message = reports[0].messages.get()
    # In the report's own language (these reports were made in Chinese).
    assert "表彰奖励" in intake_vault.open_message(intake_vault.report_key(reports[0]), message)
    assert AuditEvent.objects.filter(action="reward.approve", target_id=str(award.id)).exists()


def test_the_hq_threshold_is_a_setting(analyst_a, reward_officer_a, settings):
    settings.TIPLINE_REWARD_HQ_APPROVAL_ABOVE = 1000
    case, reports, _ = closed_case(analyst_a)
    award = do_approve_award(propose(case, analyst_a, reports), actor=reward_officer_a, fresh=True)
    assert award.status == AwardStatus.AWAITING_HQ
    assert award.shares.get().status == ShareStatus.PENDING


def test_an_adjusted_amount_is_shared_in_the_proposed_proportions(analyst_a, reward_officer_a):
    first, second = submit(), submit()
    case, reports, _ = closed_case(analyst_a, reports=[first, second])
    nominees = [Nominee(first, Decimal("3000")), Nominee(second, Decimal("1000"))]
    award = propose(case, analyst_a, reports, amount="4000", nominees=nominees, split_reason="x")
    award = do_adjust_award(
        award, actor=reward_officer_a, fresh=True, amount=Decimal("2000"), note="smaller harm"
    )
    assert award.amount == Decimal("2000")
    assert award.status == AwardStatus.APPROVED
    assert sorted(s.amount for s in award.shares.all()) == [Decimal("500"), Decimal("1500")]
    assert award.approvals.get().decision == "adjust"


def test_an_adjustment_into_a_high_tier_goes_to_headquarters(analyst_a, reward_officer_a):
    case, reports, _ = closed_case(analyst_a)
    award = do_adjust_award(
        propose(case, analyst_a, reports),
        actor=reward_officer_a,
        fresh=True,
        amount=Decimal("120000"),
        tier=tier("tier-4"),
        note="far graver than first thought",
    )
    assert award.status == AwardStatus.AWAITING_HQ
    assert award.tier.code == "tier-4"


def test_an_adjustment_must_fit_its_tier_and_say_why(analyst_a, reward_officer_a):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports)
    with pytest.raises(ActionError, match="range"):
        do_adjust_award(
            award, actor=reward_officer_a, fresh=True, amount=Decimal("50000"), note="x"
        )
    with pytest.raises(ActionError, match="why"):
        do_adjust_award(award, actor=reward_officer_a, fresh=True, amount=Decimal("100"))


def test_a_denial_withdraws_every_share_and_needs_a_reason(analyst_a, reward_officer_a):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports)
    with pytest.raises(ActionError):
        do_deny_award(award, actor=reward_officer_a, fresh=True, note="")
    award = do_deny_award(award, actor=reward_officer_a, fresh=True, note="already known")
    assert award.status == AwardStatus.DENIED
    assert award.shares.get().status == ShareStatus.WITHDRAWN
    assert not reports[0].messages.exists()
    assert b"already known" not in bytes(award.approvals.get().note_sealed)


def test_a_decided_award_cannot_be_decided_again(analyst_a, reward_officer_a, reward_officer):
    case, reports, _ = closed_case(analyst_a)
    award = do_approve_award(propose(case, analyst_a, reports), actor=reward_officer_a, fresh=True)
    with pytest.raises(ActionError, match="already"):
        do_deny_award(award, actor=reward_officer, fresh=True, note="too late")
