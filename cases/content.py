"""Opening what reporters gave, for staff with a content role. Every opening is audited."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from audit.actions import record
from intake import vault
from intake.models import Report
from intake.questionnaire import CALL_NOTES_KEY, RECEIVED_ON_KEY


@dataclass
class OpenedReport:
    report: Report
    answers: list[tuple[str, str, object]]  # (key, label, value as given)
    messages: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)


def display(value) -> str:
    """An answer as text: choices joined, yes/no spelled out."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _labels(report: Report) -> dict[str, str]:
    labels = {f.key: f.label for f in report.category.fields.all()}
    # Keys that staff-taken channels add after validation (letters, visits, hotline).
    labels.setdefault(RECEIVED_ON_KEY, _("Date received"))
    labels.setdefault(CALL_NOTES_KEY, _("Call-taker's notes"))
    return labels


def open_messages(dek: bytes, report: Report) -> list[dict]:
    return [
        {
            "id": message.id,
            "author": message.author,
            "body": vault.open_message(dek, message),
            "sent_at": message.sent_at,
            "report": report.id,
            "relayed_by": message.relayed_by,
        }
        for message in report.messages.all()
    ]


def open_attachments(dek: bytes, report: Report) -> list[dict]:
    return [
        {
            "id": att.id,
            "kind": att.kind,
            "mime": att.clean_mime,
            "size": att.clean_size,
            "name": vault.open_json(dek, att.name_sealed, "attachment", att.id, "name"),
        }
        for att in report.attachments.all()
    ]


def open_report(report: Report, *, actor) -> OpenedReport:
    """Decrypt answers, messages and attachment names, recording `report.view` first."""
    record("report.view", actor=actor, target_type="report", target_id=report.id)
    dek = vault.report_key(report)
    answers = vault.open_json(dek, report.answers_sealed, "report", report.id, "answers")
    labels = _labels(report)
    return OpenedReport(
        report=report,
        answers=[(key, labels.get(key, key), value) for key, value in answers.items()],
        messages=open_messages(dek, report),
        attachments=open_attachments(dek, report),
    )
