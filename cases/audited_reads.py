"""Every decryption for staff, in one place, each recorded in the audit trail before it happens.

A report's answers, messages and attachment names (`report.view`), a case file (`case.view`), an
attachment (`attachment.view`, or `attachment.view_original` for the unsanitised copy) and an
approved reporter identity (`identity.reveal`). Callers have already found the object through
cases/access.py (role 403, scope 404); sudo, where needed, is the view's decorator."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases import vault as case_vault
from cases.actions.custody import IDENTITY
from cases.errors import ActionError
from cases.models import Case, CaseReport, IdentityRequest
from intake import storage, vault
from intake.display import display_answer
from intake.models import Attachment, Message, Report, ReporterIdentity
from intake.questionnaire import CALL_NOTES_KEY, RECEIVED_ON_KEY


@dataclass
class OpenedReport:
    report: Report
    answers: list[tuple[str, str, object]]  # (key, label, value as given)
    shown: list[dict] = field(default_factory=list)  # label and value as a person reads them
    messages: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)


@dataclass
class OpenedCase:
    case: Case
    reports: list[Report]
    messages: list[dict]
    notes: list[dict]
    assigned: list
    public_outcome: str


def _labels(report: Report) -> dict[str, str]:
    labels = {f.key: f.label for f in report.category.fields.all()}
    # Keys that staff-taken channels add after validation (letters, visits, hotline).
    labels.setdefault(RECEIVED_ON_KEY, _("Date received"))
    labels.setdefault(CALL_NOTES_KEY, _("Call-taker's notes"))
    return labels


def _shown(report: Report, answers: dict, labels: dict[str, str]) -> list[dict]:
    """Each answer as the reporter saw it (choice labels, region names), never an internal key."""
    fields = {f.key: f for f in report.category.fields.all()}
    rows = []
    for key, value in answers.items():
        field_ = fields.get(key)
        if value in (None, "", []):
            text = ""
        elif field_ is not None:
            text = display_answer(field_, value)
        elif isinstance(value, bool):
            text = _("Yes") if value else _("No")
        else:
            text = _(", ").join(map(str, value)) if isinstance(value, list) else str(value)
        rows.append({"key": key, "label": labels.get(key, key), "value": text})
    return rows


def _messages(dek: bytes, report: Report) -> list[dict]:
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


def _attachments(dek: bytes, report: Report) -> list[dict]:
    return [
        {
            "id": att.id,
            "kind": att.kind,
            "mime": att.clean_mime,
            "size": att.clean_size,
            "name": vault.open_attachment_name(dek, att),
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
        shown=_shown(report, answers, labels),
        messages=_messages(dek, report),
        attachments=_attachments(dek, report),
    )


def open_case(case: Case, *, actor) -> OpenedCase:
    """Decrypt the case file (its reporters' mailboxes, notes, outcome), recording `case.view`."""
    record("case.view", actor=actor, target_type="case", target_id=case.number)
    reports = list(
        Report.objects.filter(case_link__case=case)
        .select_related("category", "region")
        .prefetch_related(Prefetch("messages", Message.objects.select_related("relayed_by")))
        .order_by("created_at")
    )
    messages = []
    for report in reports:
        messages += _messages(vault.report_key(report), report)
    messages.sort(key=lambda m: m["sent_at"])
    dek = case_vault.case_key(case)
    notes = [
        {
            "id": note.id,
            "author": note.author.get_username(),
            "body": case_vault.open_note(dek, case, note),
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
        public_outcome=case_vault.open_case_outcome(case),
    )


def open_attachment(attachment: Attachment, variant: str, *, actor) -> tuple[bytes, str]:
    """The file's bytes ("clean" or "orig") and its name, recording which copy was opened."""
    action = "attachment.view_original" if variant == "orig" else "attachment.view"
    record(
        action,
        actor=actor,
        target_type="attachment",
        target_id=attachment.pk,
        details={"report": str(attachment.report_id)},
    )
    dek = vault.report_key(attachment.report)
    return storage.read(dek, attachment.id, variant), vault.open_attachment_name(dek, attachment)


def reveal_identity(request: IdentityRequest, *, actor) -> dict:
    """The decrypted contact details, for the approved analyst only; the caller checked sudo."""
    permissions.require(actor, permissions.CASE_ROLES)
    # fresh: the identity pages are behind sudo_required, which asked for the second factor.
    IDENTITY.check_opening(request, actor=actor, fresh=True)
    if not Case.objects.visible_to(actor).filter(pk=request.case_id).exists():
        raise PermissionDenied
    if not CaseReport.objects.filter(case_id=request.case_id, report_id=request.report_id).exists():
        raise PermissionDenied  # the report has left the case the approval was for
    identity = ReporterIdentity.objects.filter(report_id=request.report_id).first()
    if identity is None:
        raise ActionError(_("The reporter's identity is no longer held."))
    IDENTITY.record_opening(request, actor=actor, fresh=True)
    return vault.open_identity(identity)
