"""Messages in a report's mailbox: from the reporter (directly, or relayed by a call-taker) or
from the agency."""

import uuid
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from audit.actions import record
from intake import vault
from intake.actions.reports import store_files
from intake.models import Attachment, Message, MessageAuthor, Report
from intake.submission import NewFile


def do_post_message(
    report: Report,
    body: str,
    *,
    author: str,
    actor=None,
    files: Sequence[NewFile] = (),
    relayed_by=None,
) -> Message:
    """A message in the report's mailbox, from the reporter or (with an actor) the agency.

    `relayed_by`: a call-taker who took the reporter's words down on a follow-up call."""
    dek = vault.report_key(report)
    message = Message(
        id=uuid.uuid4(), report=report, author=author, sent_at=timezone.now(), relayed_by=relayed_by
    )
    message.body_sealed = vault.seal_message(dek, report.id, message.id, body)
    rows = store_files(dek, list(files), report_id=report.id, message_id=message.id)
    with transaction.atomic():
        message.save(force_insert=True)
        Attachment.objects.bulk_create(rows)
        if author == MessageAuthor.AGENCY:
            record("message.send", actor=actor, target_type="report", target_id=report.id)
        if relayed_by is not None:
            record("message.relay", actor=relayed_by, target_type="report", target_id=report.id)
    return message
