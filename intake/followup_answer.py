"""What the follow-up answer reads, in one SQL statement: the report by its receipt hash with
its messages and the reporter's files, ordered as the ORM would (Message.Meta, Attachment.Meta).

The busiest reporter read (issue 12: under 1 ms of CPU per answer). Through the ORM it was two
queries whose compilation (filters, select lists, ordering) cost more CPU than the crypto and
the database together; here the statement is built once per database alias from the models'
own table and column names, and values pass through the same converters the ORM would apply,
so SQLite and PostgreSQL return the same Python values.

Django checks a persistent connection with `SELECT 1` before the first query of each request
(CONN_HEALTH_CHECKS): one more round trip for a one-statement read. This read skips that check
and instead, if the connection turns out to be dead (the server restarted), reconnects and
runs the statement once more: it only reads, so running it twice is harmless.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import InterfaceError, OperationalError, connections, router
from django.db.models.expressions import Col

from intake.models import Attachment, Message, MessageAuthor, Report

REPORT = ("id", "receipt_hash", "status", "key_id", "wrapped_key", "outcome_sealed")
MESSAGE = ("id", "author", "body_sealed", "sent_at")
FILE = ("id", "kind", "original_size", "name_sealed")


@dataclass
class File:
    id: object
    kind: str
    original_size: int
    name_sealed: bytes


@dataclass
class Note:
    """A message of the report, with what vault.open_message needs (`report_id`, `id`)."""

    id: object
    author: str
    body_sealed: bytes
    sent_at: object
    report_id: object
    files: list[File] = field(default_factory=list)


@dataclass
class Answer:
    """The report as the follow-up answer needs it (vault.report_key, vault.open_outcome)."""

    id: object
    receipt_hash: bytes
    status: str
    key_id: str
    wrapped_key: bytes
    outcome_sealed: bytes
    messages: list[Note] = field(default_factory=list)


@lru_cache(maxsize=4)
def _statement(alias: str) -> tuple[str, list]:
    """The SQL and, per selected column, the ORM's converters for its field on this database."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = ((Report, "r", REPORT), (Message, "m", MESSAGE), (Attachment, "a", FILE))
    selected = [
        (model, table, model._meta.get_field(name))
        for model, table, names in tables
        for name in names
    ]
    converters = []
    for index, (model, _table, model_field) in enumerate(selected):
        column = Col(model._meta.db_table, model_field)
        found = connection.ops.get_db_converters(column) + model_field.get_db_converters(connection)
        if found:
            converters.append((index, found, column))

    def col(table: str, model, name: str) -> str:
        return f"{table}.{quote(model._meta.get_field(name).column)}"

    columns = ", ".join(col(table, model, f.name) for model, table, f in selected)
    report, message, attachment = (quote(m._meta.db_table) for m in (Report, Message, Attachment))
    pk = quote("id")
    sql = (
        f"SELECT {columns} FROM {report} r "  # noqa: S608 - our own table and column names
        f"LEFT JOIN {message} m ON {col('m', Message, 'report')} = r.{pk} "
        f"LEFT JOIN {attachment} a ON {col('a', Attachment, 'message')} = m.{pk} "
        f"AND {col('m', Message, 'author')} = %s "
        f"WHERE {col('r', Report, 'receipt_hash')} = %s "
        f"ORDER BY {col('m', Message, 'sent_at')}, m.{pk}, "
        f"{col('a', Attachment, 'created_at')}, a.{pk}"
    )
    return sql, converters


def _rows(alias: str, digest: bytes) -> list[list]:
    sql, converters = _statement(alias)
    connection = connections[alias]
    params = [MessageAuthor.REPORTER, digest]
    if not connection.in_atomic_block:
        connection.health_check_done = True  # see the module's docstring
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        connection.close()  # a connection the server dropped: connect again, once
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    result = [list(row) for row in rows]
    for row in result:
        for index, found, column in converters:
            if row[index] is not None:
                for convert in found:
                    row[index] = convert(row[index], column, connection)
    return result


def load(digest: bytes) -> Answer | None:
    """The report with this receipt hash and its messages, or None."""
    rows = _rows(router.db_for_read(Report), digest)
    if not rows:
        return None
    answer = Answer(*rows[0][: len(REPORT)])
    m, a = len(REPORT), len(REPORT) + len(MESSAGE)
    for row in rows:
        if row[m] is None:
            continue  # a report without messages: one row, nothing joined
        if not answer.messages or answer.messages[-1].id != row[m]:
            answer.messages.append(Note(*row[m:a], report_id=answer.id))
        if row[a] is not None:
            answer.messages[-1].files.append(File(*row[a:]))
    return answer
