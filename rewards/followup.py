"""The reporter's view of their awards: what a receipt holder may see of the shares of their
report (never those still awaiting approval or denied: they learn of an award once it is theirs
to claim), the same on the web, over the API and read out by the hotline."""

from django.http import Http404

from rewards.models import Share, ShareStatus

VISIBLE = (
    ShareStatus.OFFERED,
    ShareStatus.CLAIMED,
    ShareStatus.PAID,
    ShareStatus.DECLINED,
    ShareStatus.EXPIRED,
)


def shares_of(report):
    return (
        Share.objects.filter(report=report, status__in=VISIBLE)
        .select_related("award", "award__tier")
        .order_by("award__decided_at", "id")
    )


def share_of(report, share_id) -> Share | None:
    try:
        return shares_of(report).filter(pk=share_id).first()
    except (ValueError, TypeError):
        return None


def share_or_404(report, share_id) -> Share:
    """A share of the report the receipt opened: anything else looks as if it did not exist."""
    share = share_of(report, share_id)
    if share is None:
        raise Http404
    return share


def as_dict(share: Share) -> dict:
    award = share.award
    return {
        "id": share.id,
        "kind": award.tier.kind,
        "tier": award.tier.code,
        "amount": share.amount,
        "currency": award.currency if share.amount is not None else None,
        "status": share.status,
        "claim_by": share.claim_by,
    }
