"""Sealing and opening what reporters give, bound to where it belongs (see core.crypto)."""

import json
import uuid
from typing import Any

from core.crypto import new_data_key, seal, unseal, unwrap_key, wrap_key


def _aad(*parts: object) -> bytes:
    return ":".join(str(p) for p in parts).encode()


def new_report_key() -> tuple[bytes, str, bytes]:
    """A fresh data key and its wrapped form: (dek, key id, wrapped)."""
    dek = new_data_key()
    key_id, wrapped = wrap_key(dek)
    return dek, key_id, wrapped


def report_key(report) -> bytes:
    return unwrap_key(report.key_id, report.wrapped_key)


def seal_json(dek: bytes, value: Any, *context: object) -> bytes:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return seal(dek, body, _aad("tipline", *context))


def open_json(dek: bytes, blob: bytes, *context: object) -> Any:
    return json.loads(unseal(dek, blob, _aad("tipline", *context)))


def seal_answers(dek: bytes, report_id: uuid.UUID, answers: dict) -> bytes:
    return seal_json(dek, answers, "report", report_id, "answers")


def open_answers(report) -> dict:
    return open_json(report_key(report), report.answers_sealed, "report", report.id, "answers")


def seal_message(dek: bytes, report_id: uuid.UUID, message_id: uuid.UUID, body: str) -> bytes:
    return seal_json(dek, body, "report", report_id, "message", message_id)


def open_message(dek: bytes, message) -> str:
    return open_json(dek, message.body_sealed, "report", message.report_id, "message", message.id)


def seal_outcome(dek: bytes, report_id: uuid.UUID, text: str) -> bytes:
    return seal_json(dek, text, "report", report_id, "outcome")


def open_outcome(dek: bytes, report) -> str:
    if not report.outcome_sealed:
        return ""
    return open_json(dek, report.outcome_sealed, "report", report.id, "outcome")


def seal_attachment_name(dek: bytes, attachment_id: uuid.UUID, name: str) -> bytes:
    return seal_json(dek, name, "attachment", attachment_id, "name")


def open_attachment_name(dek: bytes, attachment) -> str:
    return open_json(dek, attachment.name_sealed, "attachment", attachment.id, "name")


def seal_identity(report_id: uuid.UUID, contact: dict) -> tuple[str, bytes, bytes]:
    """Identity gets its own data key wrapped by the identity key: (key id, wrapped, sealed)."""
    dek = new_data_key()
    key_id, wrapped = wrap_key(dek, purpose="identity")
    return key_id, wrapped, seal_json(dek, contact, "identity", report_id)


def open_identity(identity) -> dict:
    dek = unwrap_key(identity.key_id, identity.wrapped_key, purpose="identity")
    return open_json(dek, identity.sealed, "identity", identity.report_id)
