"""Custody of payee details: the finance officer who will pay asks to open a reporter's sealed
bank details, a custodian decides, and only then may that officer open them, each time audited.

The same flow as the identity custody of cases (an analyst asks, a custodian decides): bank
details say who the reporter is as surely as a name does. The custodian is never the payer."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases.errors import ActionError
from rewards import duties, vault
from rewards.models import (
    ClaimMethod,
    PayeeAccessRequest,
    PayeeAccessStatus,
    Share,
)

TEXT_MAX = 2_000


def _has_payee(share: Share) -> bool:
    return share.method == ClaimMethod.BANK and bool(share.payee_sealed)


def _fresh(share: Share) -> Share:
    return Share.objects.select_related("award").get(pk=share.pk)


def do_request_payee_access(share: Share, *, actor, justification: str) -> PayeeAccessRequest:
    share = _fresh(share)
    duties.check_payer(actor, share.award)
    justification = (justification or "").strip()
    if not justification:
        raise ActionError(_("Explain why you need the bank details."), "justification")
    if len(justification) > TEXT_MAX:
        raise ActionError(_("The justification is too long."), "justification")
    if not _has_payee(share):
        raise ActionError(_("This reward has no bank details to open."))
    mine = PayeeAccessRequest.objects.filter(share=share, payer=actor)
    if mine.filter(status=PayeeAccessStatus.REQUESTED).exists():
        raise ActionError(_("You already have a request waiting for these details."))
    with transaction.atomic():
        key_id, wrapped = vault.new_access_key()
        request = PayeeAccessRequest.objects.create(
            share=share,
            unit_id=share.award.unit_id,
            payer=actor,
            key_id=key_id,
            wrapped_key=wrapped,
            justification_sealed=b"",
        )
        request.justification_sealed = vault.seal_access_text(
            request, "justification", justification
        )
        request.save(update_fields=["justification_sealed"])
        record(
            "reward.payee_request",
            actor=actor,
            target_type="award",
            target_id=share.award_id,
            details={"share": str(share.id), "request": request.pk},
        )
    return request


def do_decide_payee_access(
    request: PayeeAccessRequest, *, actor, approve: bool, note: str = "", now=None
) -> PayeeAccessRequest:
    if not permissions.is_custodian(actor) or not permissions.sees_unit(actor, request.unit_id):
        raise PermissionDenied
    if request.payer_id == actor.pk:
        raise ActionError(_("Nobody may decide on their own request."))
    note = (note or "").strip()
    if len(note) > TEXT_MAX:
        raise ActionError(_("The note is too long."), "note")
    if not approve and not note:
        raise ActionError(_("Say why the request is denied."), "note")
    with transaction.atomic():
        status = PayeeAccessStatus.APPROVED if approve else PayeeAccessStatus.DENIED
        updated = PayeeAccessRequest.objects.filter(
            pk=request.pk, status=PayeeAccessStatus.REQUESTED
        ).update(
            status=status,
            decided_by=actor,
            decided_at=now or timezone.now(),
            decision_note_sealed=vault.seal_access_text(request, "note", note) if note else None,
        )
        if not updated:
            raise ActionError(_("This request has already been decided."))
        record(
            "reward.payee_approve" if approve else "reward.payee_deny",
            actor=actor,
            target_type="award",
            target_id=request.share.award_id,
            details={"share": str(request.share_id), "request": request.pk},
        )
    request.refresh_from_db()
    return request


def open_payee_details(share: Share, *, actor, fresh: bool) -> dict:
    """The payee details the reporter sealed: for a payer a custodian approved, for this share,
    with a fresh second factor; each opening is an audit event before the details are opened."""
    duties.require_fresh(fresh)
    share = _fresh(share)
    duties.check_payer(actor, share.award)
    if not _has_payee(share):
        raise PermissionDenied
    approval = PayeeAccessRequest.objects.approved_for(actor, share).order_by("-decided_at").first()
    if approval is None:
        raise PermissionDenied
    with transaction.atomic():
        record(
            "reward.payee_open",
            actor=actor,
            target_type="award",
            target_id=share.award_id,
            details={"share": str(share.id), "request": approval.pk},
        )
    return vault.open_payee(share)
