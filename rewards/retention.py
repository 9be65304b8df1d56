"""Rewards and the retention purge (cases.actions.retention).

Holds: a report with a share still awaiting approval, a claim or payment is kept until the claim
window has closed (the share is then expired, declined or paid), whatever its own retention.

Erasure: when a report is purged, what rewards holds of its reporter goes with it: protection
requests and their measures are deleted, bank details are erased, and a certificate keeps only
what proves it genuine (its code's hash, date and kind), not the name. The award, its shares and
the payment ledger stay, unlinked, so the accounts still add up."""

from django.db.models import Q

from rewards.models import (
    OPEN_SHARE_STATES,
    Certificate,
    ClaimMethod,
    ProtectionRequest,
    Share,
    ShareStatus,
)


def reports_held_for_awards(report_ids) -> set:
    """Those of `report_ids` that a share still waiting for approval, a claim or payment needs.
    An accepted commendation is claimed and done: nothing more will come of it."""
    held = Share.objects.filter(report_id__in=list(report_ids), status__in=OPEN_SHARE_STATES)
    held = held.exclude(Q(status=ShareStatus.CLAIMED) & Q(method=ClaimMethod.COMMENDATION))
    return set(held.values_list("report_id", flat=True))


def erase_reporter_data(report_ids) -> None:
    report_ids = list(report_ids)
    ProtectionRequest.objects.filter(report_id__in=report_ids).delete()
    Share.objects.filter(report_id__in=report_ids).update(
        payee_key_id="", payee_wrapped_key=None, payee_sealed=None
    )
    Certificate.objects.filter(share__report_id__in=report_ids).update(
        named=False, key_id="", wrapped_key=b"", sealed=b""
    )
