"""Sealing what staff write about a case, under the case's own data key (see core.crypto).

A case has its own key rather than borrowing its first report's, so notes outlive a report being
moved to another case and opening one case's notes never needs another case's key."""

from core.crypto import new_data_key, unwrap_key, wrap_key
from intake.vault import open_json, seal_json


def new_case_key() -> tuple[bytes, str, bytes]:
    dek = new_data_key()
    key_id, wrapped = wrap_key(dek)
    return dek, key_id, wrapped


def case_key(case) -> bytes:
    return unwrap_key(case.key_id, case.wrapped_key)


def seal_note(case, note_id, body: str) -> bytes:
    return seal_json(case_key(case), body, "case", case.number, "note", note_id)


def open_note(dek: bytes, case, note) -> str:
    return open_json(dek, note.body_sealed, "case", case.number, "note", note.id)


def seal_case_outcome(case, text: str) -> bytes:
    return seal_json(case_key(case), text, "case", case.number, "outcome")


def open_case_outcome(case) -> str:
    if not case.outcome_sealed:
        return ""
    return open_json(case_key(case), case.outcome_sealed, "case", case.number, "outcome")


def seal_reason(report_dek: bytes, report_id, decision_id, reason: str) -> bytes:
    return seal_json(report_dek, reason, "report", report_id, "triage", decision_id)


def open_reason(report_dek: bytes, decision) -> str:
    if not decision.reason_sealed:
        return ""
    return open_json(
        report_dek, decision.reason_sealed, "report", decision.report_id, "triage", decision.id
    )
