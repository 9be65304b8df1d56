"""Folding bursts of near-duplicates into flood clusters (run by the indexing sweep).

Never folded: a report triaged or hinted P1 (it must stand out), and anything not similar to
the burst (a different report arriving during a flood stays in the queue as it is)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from cases.similarity.models import Flood, FloodMember, SimilarPair
from intake.models import Priority, Report, TriageState


def foldable(reports):
    """Reports that may be folded: awaiting triage, not P1, without a P1 hint, not yet folded."""
    return (
        reports.filter(triage_state=TriageState.NEW, flood_membership__isnull=True)
        .exclude(priority=Priority.P1)
        .exclude(priority_hint__priority=Priority.P1)
    )


def fold(report: Report, *, now=None) -> Flood | None:
    """Put the report into a flood if its near-duplicates around its arrival make one."""
    if not foldable(Report.objects.filter(pk=report.pk)).exists():
        return None
    window = timedelta(seconds=settings.TIPLINE_FLOOD_WINDOW_SECONDS)
    near = SimilarPair.objects.above(settings.TIPLINE_SIMILARITY_THRESHOLD).filter(
        report=report,
        other__created_at__gte=report.created_at - window,
        other__created_at__lte=report.created_at + window,
    )
    near_ids = list(near.values_list("other_id", flat=True))
    with transaction.atomic():
        joined = (
            FloodMember.objects.filter(report_id__in=near_ids)
            .values_list("flood_id", flat=True)
            .first()
        )
        if joined is not None:
            flood = Flood.objects.select_for_update().get(pk=joined)
            members = [report.pk]
        elif len(near_ids) + 1 >= settings.TIPLINE_FLOOD_SIZE:
            flood = Flood.objects.create(created_at=now or timezone.now())
            others = foldable(Report.objects.filter(pk__in=near_ids))
            members = [report.pk, *others.values_list("pk", flat=True)]
        else:
            return None
        added_at = now or timezone.now()
        FloodMember.objects.bulk_create(
            [FloodMember(flood=flood, report_id=pk, added_at=added_at) for pk in members],
            ignore_conflicts=True,
        )
    return flood


def unfolded(reports):
    """The queue without reports folded into a flood that is still awaiting triage."""
    return reports.filter(flood_membership__isnull=True)


def floods_for(user, *, now=None):
    """Each flood with untriaged reports the user may see, once: its visible size, how many
    joined within the last window (growth), and its first arrival. One query."""
    since = (now or timezone.now()) - timedelta(seconds=settings.TIPLINE_FLOOD_WINDOW_SECONDS)
    visible = FloodMember.objects.filter(
        report__in=Report.objects.visible_to(user), report__triage_state=TriageState.NEW
    )
    return (
        visible.values("flood_id")
        .annotate(
            size=Count("id"),
            growth=Count("id", filter=Q(added_at__gte=since)),
            first=Min("report__created_at"),
        )
        .order_by("first")
    )


def members_for(user, flood: Flood):
    """The flood's untriaged reports this user may see, oldest first."""
    return (
        Report.objects.visible_to(user)
        .filter(flood_membership__flood=flood, triage_state=TriageState.NEW)
        .select_related("category", "region", "unit")
        .order_by("created_at", "id")
    )
