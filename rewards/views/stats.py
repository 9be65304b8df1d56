"""Statistics for reward officers and auditors: approved awards and payments by tier, region and
month. The CSV export needs a fresh second factor and is audited."""

import csv

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import render

from accounts import permissions
from accounts.decorators import staff_required, sudo_required
from audit.actions import record
from rewards.models import Award, AwardStatus


def totals(user):
    """One row per tier × region × month of approval: how many awards, and the total amount."""
    return (
        Award.objects.visible_to(user)
        .filter(status=AwardStatus.APPROVED)
        .annotate(month=TruncMonth("decided_at"))
        .values("tier__code", "tier__name_zh", "region__code", "region__name_zh", "month")
        .annotate(awards=Count("id"), amount=Sum("amount"))
        .order_by("month", "tier__code", "region__code")
    )


def _require(user) -> None:
    if not permissions.can_read_reward_stats(user):
        raise PermissionDenied


@staff_required
def statistics(request):
    _require(request.user)
    return render(request, "rewards/statistics.html", {"rows": totals(request.user)})


@sudo_required
def statistics_csv(request):
    _require(request.user)
    rows = list(totals(request.user))
    with transaction.atomic():
        record("reward.stats_export", actor=request.user, details={"rows": len(rows)})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reward-statistics.csv"'
    writer = csv.writer(response)
    writer.writerow(["month", "tier", "region", "awards", "amount"])
    for row in rows:
        month = row["month"].strftime("%Y-%m") if row["month"] else ""
        writer.writerow(
            [month, row["tier__code"], row["region__code"] or "", row["awards"], row["amount"] or 0]
        )
    return response
