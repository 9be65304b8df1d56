"""Filing a report, from any channel. A receipt is returned only after its report has committed."""

import uuid
from collections.abc import Sequence
from functools import lru_cache

from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    connections,
    router,
    transaction,
)

from audit.actions import record
from core.crypto import wrap_key
from core.receipts import new_receipt, receipt_hash
from core.references import new_reference
from intake import storage, vault
from intake.limits import FILE_NAME_MAX
from intake.models import Attachment, Report, ReporterIdentity
from intake.submission import NewFile, Submission


class DraftAlreadyUsed(Exception):
    """The staged attachments of this draft were already submitted or swept away."""


def store_files(dek: bytes, files: Sequence[NewFile], *, report_id=None, message_id=None):
    """Seal and write files, returning unsaved Attachment rows for the caller's transaction."""
    rows = []
    for new in files:
        att = Attachment(
            id=uuid.uuid4(),
            report_id=report_id,
            message_id=message_id,
            kind=new.sanitized.kind,
            clean_mime=new.sanitized.clean_mime,
            original_mime=new.sanitized.mime,
            clean_size=len(new.sanitized.clean_bytes),
            original_size=len(new.original),
        )
        att.name_sealed = vault.seal_attachment_name(dek, att.id, new.filename[:FILE_NAME_MAX])
        storage.write(dek, att.id, "clean", new.sanitized.clean_bytes)
        storage.write(dek, att.id, "orig", new.original)
        rows.append(att)
    return rows


def do_stage_attachments(dek: bytes, files: Sequence[NewFile]) -> list[uuid.UUID]:
    """Web drafts: files are sanitised and sealed at the form step, claimed on submit."""
    rows = store_files(dek, files)
    Attachment.objects.bulk_create(rows)
    return [row.id for row in rows]


def do_submit_report(submission: Submission) -> tuple[Report, str]:
    """File a validated submission; returns (report, receipt), the receipt only after COMMIT."""
    s = submission
    dek, key_id, wrapped = _report_key(s.dek)
    report = Report(
        id=uuid.uuid4(),
        reference=new_reference(),
        channel=s.channel,
        campaign_id=s.campaign_id,
        category_id=s.category.id,
        region_id=s.region_code,
        language=s.language,
        key_id=key_id,
        wrapped_key=wrapped,
        has_identity=s.contact is not None,
        taken_by=s.taken_by,
        reporter_kind=s.reporter_kind,
        receipt_declined=s.receipt_declined,
    )
    report.answers_sealed = vault.seal_answers(dek, report.id, s.answers)
    if s.call_reference:
        report.call_reference_sealed = vault.seal_json(
            dek, s.call_reference, "report", report.id, "call_reference"
        )
    rows = store_files(dek, list(s.files), report_id=report.id)
    contact, staged_ids = s.contact, list(s.staged)
    for _attempt in range(3):
        receipt = new_receipt()
        report.receipt_hash = receipt_hash(receipt)
        try:
            _insert(report, contact, rows, list(staged_ids))
        except IntegrityError:
            if not _collided(report):
                raise  # not a collision: a real error must not be retried away
            # A receipt (p ≈ reports / 10^20) or reference (reports / 6.6 × 10^11) collision.
            report.reference = new_reference()
            continue
        return report, receipt
    raise RuntimeError("could not draw an unused receipt and reference")


def _collided(report: Report) -> bool:
    taken = Report.objects.filter(receipt_hash=report.receipt_hash) | Report.objects.filter(
        reference=report.reference
    )
    return taken.exists()


def _report_key(dek: bytes | None) -> tuple[bytes, str, bytes]:
    if dek is None:
        return vault.new_report_key()
    key_id, wrapped = wrap_key(dek)
    return dek, key_id, wrapped


@lru_cache(maxsize=4)
def _insert_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    fields = Report._meta.concrete_fields
    columns = ", ".join(quote(f.column) for f in fields)
    return f"INSERT INTO {quote(Report._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608,E501 - identifiers from our own model, values bound


def _insert_row(report: Report) -> None:
    """INSERT the report row directly, in autocommit (its own transaction): on the submission path
    Model.save()'s machinery (signals, SQL compilation) cost more CPU than the crypto and the
    database together (see docs/performance.md). Same row, same field conversions; nothing
    listens for its signals.

    No `SELECT 1` first (CONN_HEALTH_CHECKS): a round trip per submission to learn what the
    INSERT itself tells. If the server dropped the connection, the same row is sent once more on
    a new one. That is safe because the row carries its own primary key: had the first INSERT
    committed before the connection broke, the second fails on that key, and finding the row
    proves it is stored. Either way the receipt is given only for a committed row."""
    alias = router.db_for_write(Report)
    connection = connections[alias]
    params = [
        f.get_db_prep_save(f.pre_save(report, True), connection)
        for f in Report._meta.concrete_fields
    ]
    connection.health_check_done = True
    try:
        _execute(connection, _insert_sql(alias), params)
    except (OperationalError, InterfaceError):
        connection.close()
        try:
            _execute(connection, _insert_sql(alias), params)
        except IntegrityError:
            if not Report.objects.using(alias).filter(pk=report.pk).exists():
                raise  # a collision with another report: do_submit_report draws again
    report._state.adding, report._state.db = False, alias


def _execute(connection, sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _insert(report: Report, contact: dict | None, rows: list, staged_ids: list) -> None:
    simple = contact is None and not rows and not staged_ids and report.taken_by_id is None
    if simple and transaction.get_autocommit():
        # One INSERT in autocommit is its own transaction: the fast path for most submissions.
        _insert_row(report)
        return
    # A savepoint when called inside a transaction, so a receipt collision can be retried.
    with transaction.atomic():
        report.save(force_insert=True)
        if contact is not None:
            key_id, wrapped, sealed = vault.seal_identity(report.id, contact)
            ReporterIdentity.objects.create(
                report=report, key_id=key_id, wrapped_key=wrapped, sealed=sealed
            )
        Attachment.objects.bulk_create(rows)
        if report.taken_by_id is not None:
            record(
                "report.take",
                actor=report.taken_by,
                target_type="report",
                target_id=report.id,
                details={"channel": report.channel},
            )
        if staged_ids:
            claimed = Attachment.objects.filter(id__in=staged_ids, report__isnull=True).update(
                report=report
            )
            if claimed != len(staged_ids):
                raise DraftAlreadyUsed
