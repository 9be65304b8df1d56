"""Reward officers decide: approve, adjust the amount, or deny, each with a fresh second factor.
Amounts above TIPLINE_REWARD_HQ_APPROVAL_ABOVE then need a reward officer of headquarters too.
Once fully approved, every share is offered to its reporter through the follow-up mailbox."""

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import record
from cases import vault as case_vault
from cases.errors import ActionError
from rewards import duties, notices, vault
from rewards.models import (
    Approval,
    ApprovalDecision,
    ApprovalLevel,
    Award,
    AwardStatus,
    ShareStatus,
    Tier,
)

NOTE_MAX = 2_000
CENT = Decimal("0.01")


def level_for(award: Award) -> str:
    if award.status == AwardStatus.PROPOSED:
        return ApprovalLevel.UNIT
    if award.status == AwardStatus.AWAITING_HQ:
        return ApprovalLevel.HQ
    raise ActionError(_("This award has already been decided."))


def do_approve_award(award: Award, *, actor, fresh: bool, note: str = "", now=None) -> Award:
    return _decide(award, actor, fresh, ApprovalDecision.APPROVE, note, now=now)


def do_adjust_award(
    award: Award,
    *,
    actor,
    fresh: bool,
    amount: Decimal,
    tier: Tier | None = None,
    note="",
    now=None,
) -> Award:
    """Approve with another amount (and tier, if the amount moves out of the proposed one)."""
    tier = tier or award.tier
    if not award.is_monetary or not tier.is_monetary or not tier.admits(amount):
        raise ActionError(_("The amount is outside the range of this tier."), "amount")
    if not (note or "").strip():
        raise ActionError(_("Say why the amount is adjusted."), "note")
    return _decide(award, actor, fresh, ApprovalDecision.ADJUST, note, amount, tier, now)


def do_deny_award(award: Award, *, actor, fresh: bool, note: str, now=None) -> Award:
    if not (note or "").strip():
        raise ActionError(_("Say why the award is denied."), "note")
    return _decide(award, actor, fresh, ApprovalDecision.DENY, note, now=now)


def _decide(award, actor, fresh, decision, note, amount=None, tier=None, now=None) -> Award:
    duties.require_fresh(fresh)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ActionError(_("The note is too long."), "note")
    now = now or timezone.now()
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award.pk)
        level = level_for(award)
        duties.check_approver(actor, award, level)
        approval = Approval(
            award=award, level=level, decision=decision, officer=actor, decided_at=now
        )
        if note and award.case is not None:
            approval.note_sealed = vault.seal_for_case(
                case_vault.case_key(award.case), award.case_number, award.id, "note", note
            )
        if decision == ApprovalDecision.ADJUST:
            _adjust(award, tier, amount)
        approval.amount = award.amount
        approval.save()
        _advance(award, decision, level, now)
        record(
            f"reward.{decision}",
            actor=actor,
            target_type="award",
            target_id=award.id,
            details={"case": award.case_number, "level": level, "status": award.status}
            | ({"amount": str(award.amount)} if award.amount is not None else {}),
        )
    return award


def _adjust(award: Award, tier: Tier, amount: Decimal) -> None:
    """The new amount, shared out in the proportions the proposal split it (cents to the first)."""
    shares = list(award.shares.all())
    old = award.amount
    parts = [(s.amount * amount / old).quantize(CENT, ROUND_DOWN) for s in shares]
    parts[0] += amount - sum(parts)
    for share, part in zip(shares, parts, strict=True):
        share.amount = part
        share.save(update_fields=["amount"])
    award.tier, award.amount = tier, amount


def _advance(award: Award, decision: str, level: str, now) -> None:
    if decision == ApprovalDecision.DENY:
        award.status, award.decided_at = AwardStatus.DENIED, now
        award.shares.update(status=ShareStatus.WITHDRAWN)
    elif level == ApprovalLevel.UNIT and award.needs_hq:
        award.status = AwardStatus.AWAITING_HQ
    else:
        award.status, award.decided_at = AwardStatus.APPROVED, now
        claim_by = now + timedelta(days=settings.TIPLINE_REWARD_CLAIM_DAYS)
        award.shares.update(status=ShareStatus.OFFERED, claim_by=claim_by)
        for share in award.shares.select_related("report"):
            notices.tell_reporter(share, notices.OFFERED)
    award.save(update_fields=["status", "decided_at", "tier", "amount"])
