"""A finance officer, neither the proposer nor an approver, records payments in the append-only
ledger, with a fresh second factor, audited. Opening the payee's sealed bank details goes
through a custodian first (rewards.actions.custody)."""

import hmac

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import record
from cases.errors import ActionError
from rewards import claimcodes, duties, notices
from rewards.models import (
    Approval,
    ApprovalDecision,
    ClaimMethod,
    Payment,
    Share,
    ShareStatus,
)

REFERENCE_MAX = 60


def final_approval(award) -> Approval:
    """The approval a payment rests on: the last one that approved (headquarters' if any)."""
    approval = (
        award.approvals.exclude(decision=ApprovalDecision.DENY)
        .order_by("-decided_at", "-id")
        .first()
    )
    if approval is None:
        raise ActionError(_("This award has not been approved."))
    return approval


def do_record_payment(
    share: Share, *, actor, fresh: bool, reference: str = "", claim_code: str = "", now=None
) -> Payment:
    duties.require_fresh(fresh)
    reference = (reference or "").strip()
    if len(reference) > REFERENCE_MAX:
        raise ActionError(_("The reference is too long."), "reference")
    with transaction.atomic():
        share = Share.objects.select_for_update().select_related("award").get(pk=share.pk)
        duties.check_payer(actor, share.award)
        if share.status != ShareStatus.CLAIMED or share.method not in (
            ClaimMethod.BANK,
            ClaimMethod.IN_PERSON,
        ):
            raise ActionError(_("Only a claimed reward can be paid."))
        if share.method == ClaimMethod.IN_PERSON and not _code_matches(share, claim_code):
            raise ActionError(_("The claim code does not match."), "claim_code")
        payment = Payment.objects.create(
            share=share,
            approval=final_approval(share.award),
            amount=share.amount,
            currency=share.award.currency,
            method=share.method,
            reference=reference,
            paid_by=actor,
            paid_at=now or timezone.now(),
        )
        share.status = ShareStatus.PAID
        share.claim_code_hash = ""  # one-time: spent
        share.save(update_fields=["status", "claim_code_hash"])
        record(
            "reward.pay",
            actor=actor,
            target_type="award",
            target_id=share.award_id,
            details={"share": str(share.id), "payment": payment.pk, "amount": str(share.amount)},
        )
        notices.tell_reporter(share, notices.PAID)
    return payment


def _code_matches(share: Share, code: str) -> bool:
    if not share.claim_code_hash or not code:
        return False
    return hmac.compare_digest(share.claim_code_hash, claimcodes.code_hash(code))
