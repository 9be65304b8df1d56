"""The plaintext the background indexers work on: a report's text answers, then what the
reporter wrote later. Opened in the worker's memory only; never stored, logged or returned."""

from dataclasses import dataclass
from datetime import datetime

from audit.actions import record
from intake import vault
from intake.models import FieldType, MessageAuthor, Report
from intake.questionnaire import RESERVED_KEYS

TEXT_TYPES = (FieldType.SHORT_TEXT, FieldType.LONG_TEXT)


@dataclass
class ReportText:
    text: str
    messages_upto: datetime | None  # the newest reporter message included


def open_text(report: Report) -> ReportText:
    """Text answers in questionnaire order (choices, dates and staff notes are left out: they
    say little about "the same matter" and make unrelated reports look alike)."""
    dek = vault.report_key(report)
    answers = vault.open_json(dek, report.answers_sealed, "report", report.id, "answers")
    fields = {f.key: f.type for f in report.category.fields.all()}
    ordered = [key for key in fields if key in answers] + sorted(set(answers) - set(fields))
    parts = [
        answers[key]
        for key in ordered
        if isinstance(answers[key], str)
        and key not in RESERVED_KEYS
        and fields.get(key, FieldType.LONG_TEXT) in TEXT_TYPES
    ]
    upto = None
    # .all() rather than a filter, so a batch's prefetched messages are used (backfills).
    for message in sorted(report.messages.all(), key=lambda m: m.sent_at):
        if message.author == MessageAuthor.REPORTER:
            parts.append(vault.open_message(dek, message))
            upto = message.sent_at
    return ReportText("\n".join(part for part in parts if part), upto)


def record_opened(report_ids, purpose: str) -> None:
    """Every opening of content is accountable, the machine's too: one audit event per batch
    names each report the background worker decrypted, and why (never what it read)."""
    ids = [str(report_id) for report_id in report_ids]
    if ids:
        record(
            "report.content_processed",
            actor=None,
            target_type="report",
            details={"purpose": purpose, "count": len(ids), "reports": ids},
        )
