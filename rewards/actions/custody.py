"""Custody of payee details: the finance officer who will pay asks to open a reporter's sealed
bank details, a custodian decides, and only then may that officer open them, each time audited.

The custody mechanism of cases (cases.custody), as identity custody uses it: bank details say who
the reporter is as surely as a name does. The custodian is never the payer."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.custody import Custody
from cases.errors import ActionError
from rewards import duties, vault
from rewards.models import ClaimMethod, PayeeAccessRequest, Share


def _has_payee(share: Share) -> bool:
    return share.method == ClaimMethod.BANK and bool(share.payee_sealed)


def _fresh(share: Share) -> Share:
    return Share.objects.select_related("award").get(pk=share.pk)


def _audit(request: PayeeAccessRequest, step: str) -> tuple[str, object, dict]:
    return "award", request.share.award_id, {"share": str(request.share_id), "request": request.pk}


def _seal(request: PayeeAccessRequest, what: str, text: str) -> bytes | None:
    return vault.seal_access_text(request, what, text) if text else None


def _open(request: PayeeAccessRequest, what: str) -> str:
    blob = request.justification_sealed if what == "justification" else request.decision_note_sealed
    return vault.open_access_text(request, what, blob)


PAYEE = Custody(
    model=PayeeAccessRequest,
    requester="payer",
    events="reward.payee_{}",
    audit=_audit,
    seal=_seal,
    open_text=_open,
    unit_id=lambda request: request.unit_id,
    case_number=lambda request: request.share.award.case_number,
    explain=gettext_lazy("Explain why you need the bank details."),
    already_waiting=gettext_lazy("You already have a request waiting for these details."),
)


def do_request_payee_access(share: Share, *, actor, justification: str) -> PayeeAccessRequest:
    share = _fresh(share)
    duties.check_payer(actor, share.award)
    justification = PAYEE.clean_justification(justification)
    if not _has_payee(share):
        raise ActionError(_("This reward has no bank details to open."))
    key_id, wrapped = vault.new_access_key()
    return PAYEE.request(
        actor=actor,
        justification=justification,
        scope={"share": share},
        fields={"unit_id": share.award.unit_id, "key_id": key_id, "wrapped_key": wrapped},
    )


def do_decide_payee_access(
    request: PayeeAccessRequest, *, actor, approve: bool, note: str = "", now=None
) -> PayeeAccessRequest:
    return PAYEE.decide(request, actor=actor, approve=approve, note=note, now=now)


def open_payee_details(share: Share, *, actor, fresh: bool) -> dict:
    """The payee details the reporter sealed: for a payer a custodian approved, for this share,
    with a fresh second factor; each opening is an audit event before the details are opened."""
    duties.require_fresh(fresh)
    share = _fresh(share)
    duties.check_payer(actor, share.award)
    if not _has_payee(share):
        raise PermissionDenied
    approval = PayeeAccessRequest.objects.approved_for(actor, share).order_by("-decided_at").first()
    PAYEE.record_opening(approval, actor=actor, fresh=fresh)
    return vault.open_payee(share)
