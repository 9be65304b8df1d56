"""Identity custody: analyst asks, custodian decides, only then that analyst sees, for that case.

The reporter's identity is sealed under a separate identity key (intake.vault); nothing here ever
stores it in the clear, and every step leaves an audit event. The showing itself is an audited
read (cases.audited_reads.reveal_identity)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases import vault
from cases.errors import ActionError
from cases.models import Case, CaseReport, IdentityRequest, IdentityRequestStatus
from intake.models import Report

JUSTIFICATION_MAX = 2_000


def do_request_identity(
    case: Case, report: Report, *, actor, justification: str
) -> IdentityRequest:
    permissions.require(actor, permissions.CASE_ROLES)
    justification = (justification or "").strip()
    if not justification:
        raise ActionError(_("Explain why the identity is needed."), "justification")
    if len(justification) > JUSTIFICATION_MAX:
        raise ActionError(_("The justification is too long."), "justification")
    if not CaseReport.objects.filter(case=case, report=report).exists() or not report.has_identity:
        raise ActionError(_("This report has no identity to request."), "report")
    pending = IdentityRequest.objects.filter(
        report=report, case=case, analyst=actor, status=IdentityRequestStatus.REQUESTED
    )
    if pending.exists():
        raise ActionError(_("You already have a request waiting for this report."))
    with transaction.atomic():
        # Sealed once the row has its id, which the ciphertext is bound to; the empty
        # placeholder never outlives this transaction.
        request = IdentityRequest.objects.create(
            report=report, case=case, analyst=actor, justification_sealed=b""
        )
        request.justification_sealed = vault.seal_justification(case, request.pk, justification)
        request.save(update_fields=["justification_sealed"])
        record(
            "identity.request",
            actor=actor,
            target_type="identity_request",
            target_id=request.pk,
            details={"case": case.number, "report": str(report.pk)},
        )
    return request


def do_decide_identity_request(
    request: IdentityRequest, *, actor, approve: bool, note: str = "", now=None
) -> IdentityRequest:
    if not permissions.is_custodian(actor):
        raise PermissionDenied
    if request.analyst_id == actor.pk:
        raise ActionError(_("Nobody may decide on their own request."))
    note = (note or "").strip()[:JUSTIFICATION_MAX]
    if not approve and not note:
        raise ActionError(_("Say why the request is denied."), "note")
    with transaction.atomic():
        status = IdentityRequestStatus.APPROVED if approve else IdentityRequestStatus.DENIED
        updated = IdentityRequest.objects.filter(
            pk=request.pk, status=IdentityRequestStatus.REQUESTED
        ).update(
            status=status,
            decided_by=actor,
            decided_at=now or timezone.now(),
            decision_note_sealed=vault.seal_decision_note(request.case, request.pk, note),
        )
        if not updated:
            raise ActionError(_("This request has already been decided."))
        record(
            "identity.approve" if approve else "identity.deny",
            actor=actor,
            target_type="identity_request",
            target_id=request.pk,
            details={"case": request.case.number, "analyst": request.analyst_id},
        )
    request.refresh_from_db()
    return request
