"""Retention: after a period set per outcome, reports are really deleted (rows and files).

Only aggregate counts survive (RetentionStat), so statistics still add up after a purge. The
clock starts when the decision was made: the case's closing, or triage for spam, duplicates and
false reports that never became a case."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone

from audit.actions import record
from cases.models import Case, CaseStatus, Outcome, RetentionStat, TriageDecision
from intake import storage
from intake.models import Attachment, Report, TriageState

BATCH = 200
# Callables (report ids) -> the ids that must be kept for now, registered by apps above cases
# (rewards holds reports whose award may still be claimed). A held report keeps its whole case.
HOLDS: list = []
# Callables (report ids) run in the purge's transaction before the reports are deleted: apps
# above cases delete or erase what they hold of those reporters (rewards: protection requests,
# bank details, names on certificates).
ON_PURGE: list = []
UNCASED_STATES = (TriageState.SPAM, TriageState.DUPLICATE, TriageState.FALSE)


def duplicates_of_a_case():
    """Reports closed as duplicates of a case live as long as the case (issue 9): the case's
    purge sets the link to NULL, and they go with the next sweep."""
    return TriageDecision.objects.filter(decision=TriageState.DUPLICATE, case__isnull=False).values(
        "report_id"
    )


def retention_days(key: str) -> int:
    return int(settings.TIPLINE_RETENTION_DAYS[key])


def do_purge_expired(now=None) -> int:
    """Delete everything past its retention, as the system (one audit event with the totals);
    returns the number of reports deleted."""
    now = now or timezone.now()
    totals = {"reports": 0, "cases": 0, "attachments": 0}
    for outcome in Outcome.values:
        cutoff = now - timedelta(days=retention_days(outcome))
        expired = Case.objects.filter(
            status=CaseStatus.CLOSED, outcome=outcome, closed_at__lt=cutoff
        )
        for case in expired[:BATCH]:
            reports = Report.objects.filter(case_link__case=case)
            _purge(reports, outcome, totals, case=case)
    for state in UNCASED_STATES:
        cutoff = now - timedelta(days=retention_days(state))
        reports = Report.objects.filter(
            triage_state=state, triaged_at__lt=cutoff, case_link__isnull=True
        ).exclude(id__in=duplicates_of_a_case())
        ids = list(reports.values_list("id", flat=True)[:BATCH])
        if ids:
            _purge(Report.objects.filter(id__in=ids), state, totals)
    if totals["reports"] or totals["cases"]:
        record("retention.purge", details=totals)
    return totals["reports"]


def _purge(reports, outcome: str, totals: dict, case: Case | None = None) -> None:
    try:
        with transaction.atomic():
            rows = list(
                reports.select_related("category").only("id", "created_at", "category__slug")
            )
            if any(hold([r.id for r in rows]) for hold in HOLDS):
                return
            files = list(Attachment.objects.filter(report__in=rows).values_list("id", flat=True))
            for report in rows:
                _count(report, outcome)
            for erase in ON_PURGE:
                erase([r.id for r in rows])
            Report.objects.filter(id__in=[r.id for r in rows]).delete()
            if case is not None:
                case.delete()
            transaction.on_commit(lambda: _delete_files(files))
    except ProtectedError:  # something above us (e.g. a reward) still needs it: keep for now
        return
    totals["reports"] += len(rows)
    totals["cases"] += case is not None
    totals["attachments"] += len(files)


def _count(report: Report, outcome: str) -> None:
    local = timezone.localtime(report.created_at)
    key = {"month": date(local.year, local.month, 1), "category": report.category.slug}
    stat, _created = RetentionStat.objects.get_or_create(**key, outcome=outcome)
    RetentionStat.objects.filter(pk=stat.pk).update(count=F("count") + 1)


def _delete_files(attachment_ids) -> None:
    for attachment_id in attachment_ids:
        storage.delete(attachment_id)
