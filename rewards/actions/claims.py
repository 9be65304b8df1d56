"""The reporter's side: claiming a share with the receipt alone (bank transfer, in-person
collection, or accepting a commendation), declining it, and claims expiring.

The reporter is identified only by the report their receipt opened; these actions never learn
who they are. Bank or organisation payee details go straight into the identity vault."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import record
from cases.errors import ActionError
from rewards import claimcodes, notices, vault
from rewards.models import ClaimMethod, Share, ShareStatus

PAYEE_KINDS = ("person", "organisation")
# What each kind of payee must give; an organisation may name a contact person as well.
PAYEE_FIELDS = {
    "person": ("account_name", "bank", "account_number"),
    "organisation": ("organisation", "bank", "account_number"),
}
PAYEE_OPTIONAL = {"person": (), "organisation": ("contact_person",)}
PAYEE_MAX = 200
REMIND_BEFORE = timedelta(days=14)


def clean_payee(payee: dict | None) -> dict:
    """The payee details to seal: a person's account, or an organisation's (its name, its
    account, and a contact person if it gives one). Nothing else is kept."""
    payee = payee or {}
    kind = str(payee.get("kind") or "person")
    if kind not in PAYEE_KINDS:
        raise ActionError(_("Say whether the payee is a person or an organisation."), "payee")
    names = PAYEE_FIELDS[kind] + PAYEE_OPTIONAL[kind]
    details = {k: str(payee.get(k) or "").strip() for k in names}
    if not all(details[k] for k in PAYEE_FIELDS[kind]):
        if kind == "organisation":
            message = _("Give the organisation's name, its bank and its account number.")
        else:
            message = _("Give the account holder, the bank and the account number.")
        raise ActionError(message, "payee")
    if any(len(v) > PAYEE_MAX for v in details.values()):
        raise ActionError(_("The bank details are too long."), "payee")
    return {"kind": kind} | details


def _claimable(share: Share, report, now) -> Share:
    share = Share.objects.select_for_update().select_related("award").get(pk=share.pk)
    if share.report_id != report.pk:
        raise ActionError(_("No such reward."))
    if share.status != ShareStatus.OFFERED or (share.claim_by and share.claim_by <= now):
        raise ActionError(_("This reward can no longer be claimed."))
    return share


def _by(relayed_by) -> dict:
    """Who the audit trail names: the reporter, or the call-taker who relayed their choice."""
    if relayed_by is None:
        return {"actor": "reporter"}
    return {"actor": relayed_by, "relayed": True}


def _record(action: str, share: Share, relayed_by, **details) -> None:
    by = _by(relayed_by)
    details = {"share": str(share.id)} | details | by
    actor = details.pop("actor")
    record(action, actor=actor, target_type="award", target_id=share.award_id, details=details)


def do_claim_share(
    share: Share, *, report, method: str, payee=None, now=None, relayed_by=None
) -> str | None:
    """Returns the one-time claim code for in-person collection (shown once), else None.

    `relayed_by`: the call-taker who took the caller's choice down on a follow-up call."""
    now = now or timezone.now()
    with transaction.atomic():
        share = _claimable(share, report, now)
        monetary = share.amount is not None
        if method not in ClaimMethod.values or monetary == (method == ClaimMethod.COMMENDATION):
            raise ActionError(_("Choose how you want to receive it."), "method")
        code = None
        share.method, share.claimed_at, share.status = method, now, ShareStatus.CLAIMED
        if method == ClaimMethod.BANK:
            details = clean_payee(payee)
            share.payee_key_id, share.payee_wrapped_key, share.payee_sealed = vault.seal_payee(
                share.id, details
            )
        elif method == ClaimMethod.IN_PERSON:
            code = claimcodes.new_code()
            share.claim_code_hash = claimcodes.code_hash(code)
        share.save()
        _record("reward.claim", share, relayed_by, method=method)
    return code


def do_decline_share(share: Share, *, report, now=None, relayed_by=None) -> Share:
    now = now or timezone.now()
    with transaction.atomic():
        share = _claimable(share, report, now)
        share.status, share.claimed_at = ShareStatus.DECLINED, now
        share.save(update_fields=["status", "claimed_at"])
        _record("reward.decline", share, relayed_by)
    return share


def do_answer_offer(
    share: Share, *, report, method: str, payee=None, relayed_by=None
) -> str | None:
    """The reporter's answer to an offer, on any channel: "decline", or a way to receive it
    (do_claim_share, whose one-time code for in-person collection it returns)."""
    if method == "decline":
        do_decline_share(share, report=report, relayed_by=relayed_by)
        return None
    return do_claim_share(share, report=report, method=method, payee=payee, relayed_by=relayed_by)


def sweep_claims(now=None) -> dict:
    """Remind once two weeks before the claim window closes; record expiry once it has."""
    now = now or timezone.now()
    reminded = expired = 0
    due = Share.objects.filter(
        status=ShareStatus.OFFERED,
        reminded_at__isnull=True,
        claim_by__gt=now,
        claim_by__lte=now + REMIND_BEFORE,
    )
    for share in due.select_related("report")[:500]:
        with transaction.atomic():
            if Share.objects.filter(pk=share.pk, reminded_at__isnull=True).update(reminded_at=now):
                notices.tell_reporter(share, notices.REMINDER)
                reminded += 1
    for share in Share.objects.due_for_expiry(now).select_related("report")[:500]:
        with transaction.atomic():
            if Share.objects.filter(pk=share.pk, status=ShareStatus.OFFERED).update(
                status=ShareStatus.EXPIRED
            ):
                record(
                    "reward.expire",
                    target_type="award",
                    target_id=share.award_id,
                    details={"share": str(share.id)},
                )
                notices.tell_reporter(share, notices.EXPIRED)
                expired += 1
    return {"reminded": reminded, "expired": expired}
