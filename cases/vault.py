"""Sealing what staff write about a case, under the case's own data key (see core.crypto).

A case has its own key rather than borrowing its first report's, so notes outlive a report being
moved to another case and opening one case's notes never needs another case's key."""

from intake.vault import new_report_key, open_json, report_key, seal_json


def new_case_key() -> tuple[bytes, str, bytes]:
    """(dek, key id, wrapped), made as a report's own key is."""
    return new_report_key()


def case_key(case) -> bytes:
    return report_key(case)  # a case holds its wrapped key in the same two fields as a report


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


# Identity requests: why an analyst asks and why a custodian decides name people and lines of
# enquiry as plainly as a case note does, so they are sealed under the case's key like one.
def seal_justification(case, request_id: int, text: str) -> bytes:
    return seal_json(case_key(case), text, *_request_place(case, request_id, "justification"))


def open_justification(case, request) -> str:
    place = _request_place(case, request.pk, "justification")
    return open_json(case_key(case), request.justification_sealed, *place)


def seal_decision_note(case, request_id: int, note: str) -> bytes | None:
    if not note:
        return None
    return seal_json(case_key(case), note, *_request_place(case, request_id, "decision"))


def open_decision_note(case, request) -> str:
    if not request.decision_note_sealed:
        return ""
    place = _request_place(case, request.pk, "decision")
    return open_json(case_key(case), request.decision_note_sealed, *place)


def _request_place(case, request_id: int, field: str) -> tuple:
    """The AAD: a sealed text opens only on the request and in the field it was written for."""
    return ("case", case.number, "identity_request", request_id, field)
