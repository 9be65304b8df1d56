"""One pass over a report's plaintext for every background indexer (near-duplicates, floods,
priority hints, search): the text is decrypted once, in the worker, and never stored."""

from django.db.models import F, Q

from cases.search import index as search_index
from cases.similarity import floods, hints, indexing
from cases.similarity.text import ReportText, open_text
from intake.models import MessageAuthor, Report


def _similarity(report: Report, text: ReportText) -> None:
    indexing.store_signature(report, text.text, text.messages_upto)


def _hints(report: Report, text: ReportText) -> None:
    hints.apply(report, text.text)


def _search(report: Report, text: ReportText) -> None:
    search_index.index(report, text.text)


def _floods(report: Report, text: ReportText) -> None:
    floods.fold(report)


# Each step takes (report, text); later steps may read what earlier ones stored (a P1 hint
# keeps a report out of any flood).
STEPS = [_similarity, _hints, _floods, _search]


def process_report(report_id) -> bool:
    report = Report.objects.select_related("category").filter(pk=report_id).first()
    if report is None:  # purged meanwhile
        return False
    text = open_text(report)
    for step in STEPS:
        step(report, text)
    return True


def pending(limit: int) -> list:
    """Reports never indexed (oldest first), then those the reporter wrote to since. Only
    routed ones: floods and hints are about a unit's queue and its supervisors."""
    new = list(
        Report.objects.filter(similarity_signature__isnull=True, unit__isnull=False)
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    )
    if len(new) >= limit:
        return new
    wrote_since = (
        # One filter() call, so both conditions are on the same message: in two, an agency
        # reply newer than the reporter's last message kept the report pending for ever (and
        # index_pending looping on it).
        Report.objects.filter(
            Q(similarity_signature__messages_upto__isnull=True)
            | Q(messages__sent_at__gt=F("similarity_signature__messages_upto")),
            similarity_signature__isnull=False,
            messages__author=MessageAuthor.REPORTER,
        )
        .values_list("id", flat=True)
        .distinct()[: limit - len(new)]
    )
    return new + list(wrote_since)
