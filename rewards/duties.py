"""Separation of duties, checked by the system rather than by convention: the analyst who
proposes an award, the reward officers who approve it (the unit's, then headquarters' for high
tiers) and the finance officer who pays it are different people. Raises PermissionDenied."""

from django.core.exceptions import PermissionDenied

from accounts import permissions
from rewards.models import ApprovalDecision, ApprovalLevel, Award


def _approvers(award: Award) -> set[int]:
    return set(
        award.approvals.exclude(decision=ApprovalDecision.DENY).values_list("officer_id", flat=True)
    )


def require_fresh(fresh: bool) -> None:
    """Approvals and payments need a second factor entered in the last minutes (accounts.sudo)."""
    if not fresh:
        raise PermissionDenied


def check_proposer(user, case) -> None:
    if not permissions.can_propose_awards(user) or not permissions.sees_unit(user, case.unit_id):
        raise PermissionDenied


def check_approver(user, award: Award, level: str) -> None:
    if not permissions.is_reward_officer(user) or not permissions.sees_unit(user, award.unit_id):
        raise PermissionDenied
    if user.pk == award.proposed_by_id:
        raise PermissionDenied  # nobody approves their own proposal
    if level == ApprovalLevel.HQ and (
        not permissions.is_hq_reward_officer(user) or user.pk in _approvers(award)
    ):
        raise PermissionDenied  # headquarters' approval is a second, different officer


def check_payer(user, award: Award) -> None:
    if not permissions.is_finance_officer(user) or not permissions.sees_unit(user, award.unit_id):
        raise PermissionDenied
    if user.pk == award.proposed_by_id or user.pk in _approvers(award):
        raise PermissionDenied  # the payer neither proposed nor approved
