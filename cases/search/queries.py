"""Searching the blind index, scoped to what the user may see, with filters and paging."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.permissions import units_seen_by
from cases.search import backend, tokens
from core import references
from intake.models import Report

LIMIT_MAX = 100


@dataclass
class SearchFilters:
    q: str
    category: str | None = None
    region: str | None = None
    channel: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    offset: int = 0
    limit: int = 20

    def described(self) -> dict:
        """The filters for the audit trail (everything but the words searched for)."""
        return {
            "category": self.category,
            "region": self.region,
            "channel": self.channel,
            "status": self.status,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "offset": self.offset,
            "limit": self.limit,
        }


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def matching_reports(user, filters: SearchFilters):
    """Reports the user may see whose text holds every word of the query; newest first."""
    terms = tokens.blind_terms(filters.q, for_query=True)
    # The security filter: whatever the index says, only reports the user may see count.
    reports = Report.objects.visible_to(user)
    # A report's reference typed into the search box finds that report (as well as any text).
    reference = references.normalize(filters.q)
    if not terms and not reference:
        return reports.none()
    found = backend.matching(terms, units_seen_by(user), reference)
    reports = reports.filter(pk__in=found)
    if filters.category:
        reports = reports.filter(category__slug=filters.category)
    if filters.region:
        reports = reports.in_region(filters.region)
    if filters.channel:
        reports = reports.filter(channel=filters.channel)
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.date_from:
        reports = reports.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        reports = reports.filter(created_at__lt=_day_start(filters.date_to) + timedelta(days=1))
    return reports.select_related("category", "region").order_by("-created_at", "id")
