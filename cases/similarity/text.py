"""The plaintext the background indexers work on: a report's text answers, then what the
reporter wrote later. Opened in the worker's memory only; never stored, logged or returned."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from audit.actions import record
from core.crypto import unwrap_key
from intake import vault
from intake.models import Field, FieldType, Message, MessageAuthor, Report
from intake.questionnaire import RESERVED_KEYS

TEXT_TYPES = (FieldType.SHORT_TEXT, FieldType.LONG_TEXT)
IN_CHUNK = 900  # SQLite's default cap on query parameters is 999


@dataclass
class ReportText:
    text: str
    messages_upto: datetime | None  # the newest reporter message included


def open_text(report: Report) -> ReportText:
    """Text answers in questionnaire order (choices, dates and staff notes are left out: they
    say little about "the same matter" and make unrelated reports look alike)."""
    fields = {f.key: f.type for f in report.category.fields.all()}
    # .all() rather than a filter, so a batch's prefetched messages are used.
    messages = [m for m in report.messages.all() if m.author == MessageAuthor.REPORTER]
    return _text(report.id, vault.report_key(report), report.answers_sealed, fields, messages)


def _text(report_id, dek: bytes, answers_sealed, fields: dict, messages: list) -> ReportText:
    answers = vault.open_json(dek, answers_sealed, "report", report_id, "answers")
    ordered = [key for key in fields if key in answers] + sorted(set(answers) - set(fields))
    parts = [
        answers[key]
        for key in ordered
        if isinstance(answers[key], str)
        and key not in RESERVED_KEYS
        and fields.get(key, FieldType.LONG_TEXT) in TEXT_TYPES
    ]
    upto = None
    for message in sorted(messages, key=lambda m: m.sent_at):
        parts.append(vault.open_message(dek, message))
        upto = message.sent_at
    return ReportText("\n".join(part for part in parts if part), upto)


def open_texts(ids: list) -> dict:
    """{report id: ReportText} for a backfill's batch, as open_text gives them, reading only the
    columns needed (no model instances for reports; each category's fields read once). Ids of
    reports purged meanwhile are left out. The caller records the opening (record_opened)."""
    rows, fields, messages = [], defaultdict(dict), defaultdict(list)
    for chunk in _chunks(ids):
        rows += Report.objects.filter(pk__in=chunk).values_list(
            "id", "category_id", "key_id", "wrapped_key", "answers_sealed"
        )
        for message in Message.objects.filter(
            report_id__in=chunk, author=MessageAuthor.REPORTER
        ).only("id", "report_id", "sent_at", "body_sealed"):
            messages[message.report_id].append(message)
    categories = {row[1] for row in rows}
    for category_id, key, kind in Field.objects.filter(category_id__in=categories).values_list(
        "category_id", "key", "type"
    ):
        fields[category_id][key] = kind
    return {
        report_id: _text(
            report_id,
            unwrap_key(key_id, wrapped),
            sealed,
            fields[category_id],
            messages[report_id],
        )
        for report_id, category_id, key_id, wrapped, sealed in rows
    }


def _chunks(items: list, size: int = IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
