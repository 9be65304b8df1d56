"""Proposer ≠ approver ≠ headquarters' approver ≠ payer, by the system: every forbidden
combination is refused, whatever roles the person holds, and nothing is written when refused."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from rewards.actions.approvals import do_approve_award, do_deny_award
from rewards.actions.payments import do_record_payment
from rewards.models import AwardStatus, Payment
from tipline.test import make_staff

from .helpers import approved, claimed_by_bank, closed_case, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_roles(unit_a):
    """One person holding every reward role: still may do only one step of an award."""
    return make_staff("all_roles", unit_a, Role.ANALYST, Role.REWARD_OFFICER, Role.FINANCE_OFFICER)


def test_three_different_people_take_an_award_from_proposal_to_payment(
    analyst_a, reward_officer_a, finance_officer
):
    case, reports, _ = closed_case(analyst_a)
    award = approved(propose(case, analyst_a, reports), reward_officer_a)
    share = claimed_by_bank(award.shares.get(), reports[0])
    payment = do_record_payment(share, actor=finance_officer, fresh=True, reference="TX-1")
    assert payment.approval.officer == reward_officer_a


def test_nobody_approves_their_own_proposal(all_roles):
    case, reports, _ = closed_case(all_roles)
    award = propose(case, all_roles, reports)
    with pytest.raises(PermissionDenied):
        do_approve_award(award, actor=all_roles, fresh=True)
    with pytest.raises(PermissionDenied):
        do_deny_award(award, actor=all_roles, fresh=True, note="no")
    award.refresh_from_db()
    assert award.status == AwardStatus.PROPOSED
    assert not award.approvals.exists()


@pytest.mark.parametrize("payer_was", ["proposer", "approver"])
def test_the_proposer_and_the_approver_cannot_pay(
    all_roles, analyst_a, reward_officer_a, payer_was
):
    proposer = all_roles if payer_was == "proposer" else analyst_a
    approver = all_roles if payer_was == "approver" else reward_officer_a
    case, reports, _ = closed_case(proposer)
    award = approved(propose(case, proposer, reports), approver)
    share = claimed_by_bank(award.shares.get(), reports[0])
    with pytest.raises(PermissionDenied):
        do_record_payment(share, actor=all_roles, fresh=True)
    assert not Payment.objects.exists()


def test_headquarters_approver_cannot_pay(analyst_a, reward_officer_a, unit_hq):
    hq_payer = make_staff("hq_payer", unit_hq, Role.REWARD_OFFICER, Role.FINANCE_OFFICER)
    case, reports, _ = closed_case(analyst_a)
    award = approved(
        propose(case, analyst_a, reports, amount="150000", code="tier-4"),
        reward_officer_a,
        hq_payer,
    )
    assert award.status == AwardStatus.APPROVED
    share = claimed_by_bank(award.shares.get(), reports[0])
    with pytest.raises(PermissionDenied):
        do_record_payment(share, actor=hq_payer, fresh=True)


def test_headquarters_approval_is_a_second_officer_of_headquarters(
    analyst_a, reward_officer_a, reward_officer, hq_reward_officer
):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports, amount="150000", code="tier-4")
    award = do_approve_award(award, actor=reward_officer_a, fresh=True)
    assert award.status == AwardStatus.AWAITING_HQ
    with pytest.raises(PermissionDenied):  # a unit's reward officer is not headquarters
        do_approve_award(award, actor=reward_officer_a, fresh=True)
    award = do_approve_award(award, actor=reward_officer, fresh=True)
    assert award.status == AwardStatus.APPROVED
    assert [a.level for a in award.approvals.all()] == ["unit", "hq"]


def test_one_hq_officer_cannot_give_both_approvals(analyst_a, reward_officer):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports, amount="150000", code="tier-4")
    award = do_approve_award(award, actor=reward_officer, fresh=True)
    assert award.status == AwardStatus.AWAITING_HQ
    with pytest.raises(PermissionDenied):
        do_approve_award(award, actor=reward_officer, fresh=True)
    award.refresh_from_db()
    assert award.status == AwardStatus.AWAITING_HQ


@pytest.mark.parametrize("who", ["analyst_a", "finance_officer", "supervisor", "custodian"])
def test_only_reward_officers_approve(request, analyst_a, who):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        do_approve_award(award, actor=user, fresh=True)


@pytest.mark.parametrize("who", ["analyst_b", "reward_officer_a", "admin_user", "auditor"])
def test_only_finance_officers_pay(request, analyst_a, reward_officer, who):
    case, reports, _ = closed_case(analyst_a)
    award = approved(propose(case, analyst_a, reports), reward_officer)
    share = claimed_by_bank(award.shares.get(), reports[0])
    with pytest.raises(PermissionDenied):
        do_record_payment(share, actor=request.getfixturevalue(who), fresh=True)


def test_officers_of_another_unit_can_neither_approve_nor_pay(analyst_a, reward_officer, unit_b):
    officer_b = make_staff("officer_b", unit_b, Role.REWARD_OFFICER)
    payer_b = make_staff("payer_b", unit_b, Role.FINANCE_OFFICER)
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports)
    with pytest.raises(PermissionDenied):
        do_approve_award(award, actor=officer_b, fresh=True)
    award = approved(award, reward_officer)
    share = claimed_by_bank(award.shares.get(), reports[0])
    with pytest.raises(PermissionDenied):
        do_record_payment(share, actor=payer_b, fresh=True)


def test_approval_and_payment_need_a_fresh_second_factor(
    analyst_a, reward_officer_a, finance_officer
):
    case, reports, _ = closed_case(analyst_a)
    award = propose(case, analyst_a, reports)
    with pytest.raises(PermissionDenied):
        do_approve_award(award, actor=reward_officer_a, fresh=False)
    award = approved(award, reward_officer_a)
    share = claimed_by_bank(award.shares.get(), reports[0])
    with pytest.raises(PermissionDenied):
        do_record_payment(share, actor=finance_officer, fresh=False)
    assert not Payment.objects.exists()
