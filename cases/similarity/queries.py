"""Reads: the near-duplicates of a report that a user may see."""

from django.conf import settings

from cases.similarity.models import SimilarPair
from intake.models import Report

SHOWN_MAX = 20


def similar_for(user, report, *, limit: int = SHOWN_MAX) -> list[SimilarPair]:
    """Most similar first; reports outside the user's units are left out, not counted."""
    return list(
        SimilarPair.objects.above(settings.TIPLINE_SIMILARITY_THRESHOLD)
        .filter(report=report, other__in=Report.objects.visible_to(user))
        .select_related("other", "other__case_link__case")
        .order_by("-similarity", "other__created_at")[:limit]
    )


def case_of(report):
    """The report's case, or None (a missing reverse one-to-one raises rather than returning)."""
    try:
        return report.case_link.case
    except report._meta.model.case_link.RelatedObjectDoesNotExist:
        return None
