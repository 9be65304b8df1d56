"""Reading the state of reports for the figures: one query over any set of reports, with the rows
about them (case outcome, flood, protection requests, rewards) as subquery columns."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Region
from cases.similarity.models import FloodMember
from insights.measures import ReportState
from rewards.models import ProtectionRequest, Share, ShareStatus, TierKind

# An approved award offers each share; declined or expired ones were still granted.
GRANTED = (
    ShareStatus.OFFERED,
    ShareStatus.CLAIMED,
    ShareStatus.PAID,
    ShareStatus.DECLINED,
    ShareStatus.EXPIRED,
)
COLUMNS = (
    "id",
    "created_at",
    "unit_id",
    "channel",
    "category_id",
    "region_id",
    "campaign_id",
    "triage_state",
    "acknowledged_at",
    "ack_due_at",
    "triaged_at",
    "feedback_at",
    "feedback_due_at",
)


def provinces() -> dict[str, str]:
    """Region code -> its province's code (the hierarchy is province → city → county)."""
    parents = dict(Region.objects.values_list("code", "parent_id"))
    found = {}
    for code in parents:
        top, seen = code, 0
        while parents.get(top) and seen < 5:
            top, seen = parents[top], seen + 1
        found[code] = top
    return found


def _count(queryset) -> Coalesce:
    counted = queryset.order_by().values("report").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotated(reports):
    """The reports with every column `state()` reads."""
    shares = Share.objects.filter(report=OuterRef("pk"), status__in=GRANTED)
    money = Q(award__tier__kind=TierKind.MONEY)
    return reports.annotate(
        outcome=Coalesce("case_link__case__outcome", Value("")),
        flooded=Exists(FloodMember.objects.filter(report=OuterRef("pk"))),
        protections=_count(ProtectionRequest.objects.filter(report=OuterRef("pk"))),
        rewards=_count(shares.filter(money)),
        commendations=_count(shares.exclude(money)),
    ).values_list(*COLUMNS, "outcome", "flooded", "protections", "rewards", "commendations")


def states(reports, province_of: dict[str, str] | None = None) -> Iterator[tuple]:
    """(report id, ReportState) for each report of a queryset, streamed."""
    province_of = provinces() if province_of is None else province_of
    zone = timezone.get_current_timezone()
    for row in annotated(reports).iterator(chunk_size=5000):
        (rid, created, unit, channel, category, region, campaign, triage, acked) = row[:9]
        ack_due, triaged, feedback, feedback_due, outcome, flooded, prot, rew, com = row[9:]
        yield (
            rid,
            ReportState(
                created_at=created,
                day=created.astimezone(zone).date(),
                unit_id=unit or 0,
                channel=channel,
                category_id=category,
                province=province_of.get(region, "") if region else "",
                campaign_id=campaign or 0,
                triage_state=triage,
                acknowledged_at=acked,
                ack_due_at=ack_due,
                triaged_at=triaged,
                feedback_at=feedback,
                feedback_due_at=feedback_due,
                outcome=outcome or "",
                flooded=bool(flooded),
                protection_requests=prot,
                rewards_granted=rew,
                commendations_granted=com,
            ),
        )
