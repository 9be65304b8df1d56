"""Opening a case for its analysts: reports, the reporters' mailboxes and internal notes."""

from dataclasses import dataclass

from django.db.models import Prefetch

from audit.actions import record
from cases import vault
from cases.content import open_messages
from cases.models import Case
from intake import vault as intake_vault
from intake.models import Message, Report


@dataclass
class OpenedCase:
    case: Case
    reports: list[Report]
    messages: list[dict]
    notes: list[dict]
    assigned: list
    public_outcome: str


def open_case(case: Case, *, actor) -> OpenedCase:
    """Decrypt the case file, recording `case.view` first."""
    record("case.view", actor=actor, target_type="case", target_id=case.number)
    reports = list(
        Report.objects.filter(case_link__case=case)
        .select_related("category", "region")
        .prefetch_related(Prefetch("messages", Message.objects.select_related("relayed_by")))
        .order_by("created_at")
    )
    messages = []
    for report in reports:
        messages += open_messages(intake_vault.report_key(report), report)
    messages.sort(key=lambda m: m["sent_at"])
    dek = vault.case_key(case)
    notes = [
        {
            "id": note.id,
            "author": note.author.get_username(),
            "body": vault.open_note(dek, case, note),
            "created_at": note.created_at,
        }
        for note in case.notes.select_related("author")
    ]
    return OpenedCase(
        case=case,
        reports=reports,
        messages=messages,
        notes=notes,
        assigned=list(case.assigned.all()),
        public_outcome=vault.open_case_outcome(case),
    )
