"""Reads for the staff console and API: the triage queue and case lists, filtered and ordered.

Each is one query for the page plus one for the count, whatever the data size (pinned in tests
and measured by bench/triage.py)."""

from django.db.models import Q
from django.utils import timezone

from cases.deadlines import overdue
from cases.models import Case, reports_for
from intake.models import TriageState


def region_filter(code: str) -> Q:
    """A region and everything under it (the hierarchy is at most province → city → county)."""
    return Q(region_id=code) | Q(region__parent_id=code) | Q(region__parent__parent_id=code)


def triage_queue(user, *, category=None, region=None, priority=None, overdue_only=False, now=None):
    """New reports, highest priority (P1) first, then oldest first."""
    queryset = reports_for(user).filter(triage_state=TriageState.NEW)
    if category:
        queryset = queryset.filter(category__slug=category)
    if region:
        queryset = queryset.filter(region_filter(region))
    if priority:
        queryset = queryset.filter(priority=priority)
    if overdue_only:
        queryset = queryset.filter(triage_due_at__lt=now or timezone.now())
    return queryset.select_related("category", "region", "unit").order_by(
        "priority", "created_at", "id"
    )


def case_list(user, *, status=None, mine=False):
    queryset = Case.objects.visible_to(user).select_related("unit")
    if status:
        queryset = queryset.filter(status=status)
    if mine:
        queryset = queryset.filter(assigned=user)
    return queryset.order_by("-created_at", "id")


def overdue_list(user, *, kind=None, category=None, region=None, priority=None, now=None):
    queryset = overdue(reports_for(user), now=now, kind=kind)
    if category:
        queryset = queryset.filter(category__slug=category)
    if region:
        queryset = queryset.filter(region_filter(region))
    if priority:
        queryset = queryset.filter(priority=priority)
    return queryset.select_related("category", "region", "unit", "case_link__case").order_by(
        "priority", "created_at", "id"
    )
