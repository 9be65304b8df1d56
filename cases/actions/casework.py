"""Cases: creation, the status workflow, assignment and internal notes."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases import vault
from cases.errors import ActionError
from cases.models import (
    BARRING_OUTCOMES,
    Case,
    CaseNote,
    CaseReport,
    CaseStatus,
    Outcome,
    new_case_number,
)
from intake import vault as intake_vault
from intake.models import Report, ReportStatus

NOTE_MAX = 20_000
OUTCOME_TEXT_MAX = 5_000


def create_case(unit, *, actor, now=None) -> Case:
    """A new case with a fresh random number; a collision (unique constraint) draws again."""
    now = now or timezone.now()
    _dek, key_id, wrapped = vault.new_case_key()
    for _attempt in range(5):
        case = Case(
            number=new_case_number(timezone.localtime(now).year),
            unit=unit,
            created_by=actor,
            created_at=now,
            key_id=key_id,
            wrapped_key=wrapped,
        )
        try:
            with transaction.atomic():  # a savepoint: a collision must not poison the caller
                case.save(force_insert=True)
        except IntegrityError:
            continue
        record("case.create", actor=actor, target_type="case", target_id=case.number)
        return case
    raise RuntimeError("could not draw an unused case number")


def link_report(case: Case, report: Report, *, now=None) -> None:
    CaseReport.objects.create(case=case, report=report, added_at=now or timezone.now())


def do_change_case_status(
    case: Case, *, actor, status: str, outcome: str = "", public_outcome: str = "", now=None
) -> Case:
    """Move a case along its workflow; closing records the outcome the reporter will see."""
    permissions.require(actor, permissions.CASE_ROLES)
    if status not in CaseStatus.values or not case.can_move_to(status):
        raise ActionError(_("A case cannot move from this status to that one."), "status")
    if status == CaseStatus.CLOSED:
        if outcome not in Outcome.values:
            raise ActionError(_("Choose the outcome of the case."), "outcome")
        if len(public_outcome) > OUTCOME_TEXT_MAX:
            raise ActionError(_("The public outcome text is too long."), "public_outcome")
    now = now or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not case.can_move_to(status):  # someone else moved it meanwhile
            raise ActionError(_("A case cannot move from this status to that one."), "status")
        previous, case.status = case.status, status
        fields = ["status"]
        if status == CaseStatus.CLOSED:
            _close(case, outcome, public_outcome.strip(), now)
            fields += ["outcome", "outcome_sealed", "closed_at", "reward_barred"]
        case.save(update_fields=fields)
        record(
            "case.status",
            actor=actor,
            target_type="case",
            target_id=case.number,
            details={"from": previous, "to": status, "outcome": case.outcome},
        )
    return case


def _close(case: Case, outcome: str, public_outcome: str, now) -> None:
    case.outcome, case.closed_at = outcome, now
    case.reward_barred = case.reward_barred or outcome in BARRING_OUTCOMES
    case.outcome_sealed = vault.seal_case_outcome(case, public_outcome) if public_outcome else None
    for report in Report.objects.filter(case_link__case=case):
        report.status = ReportStatus.CLOSED
        report.feedback_at = report.feedback_at or now
        report.reward_barred = report.reward_barred or case.reward_barred
        fields = ["status", "feedback_at", "reward_barred"]
        if public_outcome:
            dek = intake_vault.report_key(report)
            report.outcome_sealed = intake_vault.seal_outcome(dek, report.id, public_outcome)
            fields.append("outcome_sealed")
        report.save(update_fields=fields)


def do_assign_case(case: Case, *, actor, analysts) -> Case:
    """Replace the case's analysts; only staff of a unit that can see the case qualify."""
    permissions.require(actor, permissions.CASE_ROLES)
    analysts = list(analysts)
    for analyst in analysts:
        if not permissions.can_work_cases(analyst) or not permissions.sees_unit(
            analyst, case.unit_id
        ):
            raise ActionError(_("Only analysts who can see this case can be assigned."), "analysts")
    with transaction.atomic():
        case.assigned.set(analysts)
        record(
            "case.assign",
            actor=actor,
            target_type="case",
            target_id=case.number,
            details={"analysts": sorted(a.pk for a in analysts)},
        )
    return case


def do_add_case_note(case: Case, body: str, *, actor, now=None) -> CaseNote:
    permissions.require(actor, permissions.CASE_ROLES)
    body = (body or "").strip()
    if not body:
        raise ActionError(_("Write the note first."), "body")
    if len(body) > NOTE_MAX:
        raise ActionError(_("The note is too long."), "body")
    note = CaseNote(id=uuid.uuid4(), case=case, author=actor, created_at=now or timezone.now())
    note.body_sealed = vault.seal_note(case, note.id, body)
    with transaction.atomic():
        note.save(force_insert=True)
        record("case.note", actor=actor, target_type="case", target_id=case.number)
    return note
