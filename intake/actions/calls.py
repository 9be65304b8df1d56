"""Writes of the hotline console beyond taking the report itself (that is do_submit_report).

Whistleblower laws let an oral report be kept as minutes only if the reporter can check them and
agree: these record that the call-taker read the record (and the receipt) back and the caller
confirmed."""

from django.db import transaction
from django.utils import timezone

from audit.actions import record
from intake.models import Report


def do_confirm_read_back(report: Report, *, actor) -> Report:
    """The caller heard the record read back and confirmed it. The first confirmation stands."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.read_back_confirmed_at is None:
            locked.read_back_confirmed_at = timezone.now()
            locked.save(update_fields=["read_back_confirmed_at"])
            record(
                "report.read_back_confirmed",
                actor=actor,
                target_type="report",
                target_id=report.pk,
            )
    report.read_back_confirmed_at = locked.read_back_confirmed_at
    return report


def do_confirm_receipt_read_back(report: Report, *, actor) -> None:
    """The caller read their receipt code back correctly. Only the fact is kept, never the code."""
    record("receipt.read_back", actor=actor, target_type="report", target_id=report.pk)
