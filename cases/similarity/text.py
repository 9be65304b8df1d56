"""The plaintext the background indexers work on: a report's text answers, then what the
reporter wrote later. Opened in the worker's memory only; never stored, logged or returned."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connection

from audit.actions import record
from core.crypto import unwrap_key
from intake import vault
from intake.models import Field, FieldType, Message, MessageAuthor, Report
from intake.questionnaire import RESERVED_KEYS

TEXT_TYPES = (FieldType.SHORT_TEXT, FieldType.LONG_TEXT)
IN_CHUNK = 900  # SQLite's default cap on query parameters is 999
REPORT_COLUMNS = ("id", "category_id", "key_id", "wrapped_key", "answers_sealed")


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
    rows, messages = _batch_rows(ids)
    fields = defaultdict(dict)
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


class _Message(NamedTuple):
    id: uuid.UUID
    report_id: uuid.UUID
    sent_at: datetime
    body_sealed: bytes


def _batch_rows(ids: list) -> tuple[list[tuple], dict[object, list]]:
    """The batch's report columns and its reporters' messages. On PostgreSQL two plain queries
    with an array parameter: building the ORM's 900-parameter IN lists and their model
    instances had cost a quarter of the signing pass's CPU (docs/performance.md)."""
    messages = defaultdict(list)
    if connection.vendor != "postgresql":
        rows = []
        for chunk in _chunks(ids):
            rows += Report.objects.filter(pk__in=chunk).values_list(*REPORT_COLUMNS)
            for message in Message.objects.filter(
                report_id__in=chunk, author=MessageAuthor.REPORTER
            ).only(*_Message._fields):
                messages[message.report_id].append(message)
        return rows, messages
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(REPORT_COLUMNS)} FROM {Report._meta.db_table} "  # noqa: S608
            "WHERE id = ANY(%s)",
            [ids],
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT {', '.join(_Message._fields)} FROM {Message._meta.db_table} "  # noqa: S608
            "WHERE report_id = ANY(%s) AND author = %s ORDER BY sent_at, id",
            [ids, MessageAuthor.REPORTER],
        )
        for row in cursor.fetchall():
            messages[row[1]].append(_Message(*row))
    return rows, messages


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
