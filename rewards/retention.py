"""Reports with a pending or possible award are kept until the claim window closes: the retention
purge (cases.actions.retention) asks this hold before deleting a report."""

from rewards.models import OPEN_SHARE_STATES, Share


def reports_held_for_awards(report_ids) -> set:
    """Those of `report_ids` that a share still waiting for approval, a claim or payment needs."""
    held = Share.objects.filter(report_id__in=list(report_ids), status__in=OPEN_SHARE_STATES)
    return set(held.values_list("report_id", flat=True))
