"""Identity custody: analyst asks, custodian decides, only then that analyst sees, for that case.

The reporter's identity is sealed under a separate identity key (intake.vault); nothing here ever
stores it in the clear, and every step leaves an audit event (the mechanism is cases.custody). The
showing itself is an audited read (cases.audited_reads.reveal_identity)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import permissions
from cases import vault
from cases.custody import Custody
from cases.errors import ActionError
from cases.models import Case, CaseReport, IdentityRequest
from intake.models import Report


def _audit(request: IdentityRequest, step: str) -> tuple[str, int, dict]:
    details = {"case": request.case.number}
    if step in ("approve", "deny"):
        details["analyst"] = request.analyst_id
    else:
        details["report"] = str(request.report_id)
    return "identity_request", request.pk, details


def _seal(request: IdentityRequest, what: str, text: str) -> bytes | None:
    if what == "justification":
        return vault.seal_justification(request.case, request.pk, text)
    return vault.seal_decision_note(request.case, request.pk, text)


def _open(request: IdentityRequest, what: str) -> str:
    if what == "justification":
        return vault.open_justification(request.case, request)
    return vault.open_decision_note(request.case, request)


IDENTITY = Custody(
    model=IdentityRequest,
    requester="analyst",
    events="identity.{}",
    audit=_audit,
    seal=_seal,
    open_text=_open,
    unit_id=lambda request: request.case.unit_id,
    case_number=lambda request: request.case.number,
    explain=gettext_lazy("Explain why the identity is needed."),
    already_waiting=gettext_lazy("You already have a request waiting for this report."),
    opening="reveal",
)


def do_request_identity(
    case: Case, report: Report, *, actor, justification: str
) -> IdentityRequest:
    permissions.require(actor, permissions.CASE_ROLES)
    justification = IDENTITY.clean_justification(justification)
    if not CaseReport.objects.filter(case=case, report=report).exists() or not report.has_identity:
        raise ActionError(_("This report has no identity to request."), "report")
    scope = {"report": report, "case": case}
    return IDENTITY.request(actor=actor, justification=justification, scope=scope)


def do_decide_identity_request(
    request: IdentityRequest, *, actor, approve: bool, note: str = "", now=None
) -> IdentityRequest:
    return IDENTITY.decide(request, actor=actor, approve=approve, note=note, now=now)
