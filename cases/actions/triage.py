"""Triage: the first decision about a report, by the unit it was routed to."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases import vault
from cases.actions.casework import create_case, link_report
from cases.actions.routing import stamp_deadlines
from cases.errors import ActionError
from cases.models import Case, CaseStatus, TriageDecision
from intake import vault as intake_vault
from intake.models import Priority, Report, ReportStatus, TriageState


class Decision:
    NEW_CASE = "new_case"
    EXISTING_CASE = "existing_case"
    SPAM = "spam"
    DUPLICATE = "duplicate"
    FALSE = "false"


DECISIONS = (
    Decision.NEW_CASE,
    Decision.EXISTING_CASE,
    Decision.SPAM,
    Decision.DUPLICATE,
    Decision.FALSE,
)
STATE_FOR = {
    Decision.NEW_CASE: TriageState.ACCEPTED,
    Decision.EXISTING_CASE: TriageState.ACCEPTED,
    Decision.SPAM: TriageState.SPAM,
    Decision.DUPLICATE: TriageState.DUPLICATE,
    Decision.FALSE: TriageState.FALSE,
}
REASON_MAX = 2_000


def _check(report, *, actor, priority, decision, reason, case, duplicate_of) -> None:
    permissions.require(actor, permissions.TRIAGE_ROLES)
    if decision not in DECISIONS:
        raise ActionError(_("Choose a triage decision."), "decision")
    if priority not in Priority.values:
        raise ActionError(_("Choose a priority from P1 to P4."), "priority")
    if len(reason) > REASON_MAX:
        raise ActionError(_("The reason is too long."), "reason")
    if decision == Decision.FALSE and not reason:
        raise ActionError(_("Say why the report is false or malicious."), "reason")
    if decision == Decision.EXISTING_CASE and (case is None or case.status == CaseStatus.CLOSED):
        raise ActionError(_("Choose an open case."), "case")
    if decision == Decision.DUPLICATE:
        if (case is None) == (duplicate_of is None):
            raise ActionError(_("Say which report or case this duplicates."), "duplicate_of")
        if duplicate_of is not None and duplicate_of.pk == report.pk:
            raise ActionError(_("A report cannot duplicate itself."), "duplicate_of")
    if case is not None and not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise ActionError(_("Choose a case of your unit."), "case")
    if (
        duplicate_of is not None
        and not Report.objects.visible_to(actor).filter(pk=duplicate_of.pk).exists()
    ):
        raise ActionError(_("Choose a report of your unit."), "duplicate_of")


def do_triage_report(
    report: Report,
    *,
    actor,
    category,
    region,
    priority: int,
    decision: str,
    reason: str = "",
    case: Case | None = None,
    duplicate_of: Report | None = None,
    now=None,
) -> TriageDecision:
    """Confirm or correct category and region, set the priority, and decide what the report is.

    Accepted reports join a case and are "under review" for the reporter; spam, duplicates and
    false reports are closed. A false or malicious report is barred from any reward, for good.
    """
    reason = (reason or "").strip()
    _check(
        report,
        actor=actor,
        priority=priority,
        decision=decision,
        reason=reason,
        case=case,
        duplicate_of=duplicate_of,
    )
    now = now or timezone.now()
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.triage_state != TriageState.NEW:
            raise ActionError(_("This report has already been triaged."))
        report.refresh_from_db()
        if decision == Decision.EXISTING_CASE:
            case = Case.objects.select_for_update().get(pk=case.pk)
            if case.status == CaseStatus.CLOSED:  # closed since the form was shown
                raise ActionError(_("Choose an open case."), "case")
        if decision == Decision.NEW_CASE:
            case = create_case(report.unit or actor.unit, actor=actor, now=now)
        if report.unit_id is None and decision not in (Decision.NEW_CASE, Decision.EXISTING_CASE):
            report.unit = actor.unit
        _apply(report, category, region, priority, decision, case, now)
        triage = TriageDecision(
            id=uuid.uuid4(),
            report=report,
            decision=decision,
            actor=actor,
            decided_at=now,
            case=case,
            duplicate_of=duplicate_of,
        )
        if reason:
            dek = intake_vault.report_key(report)
            triage.reason_sealed = vault.seal_reason(dek, report.id, triage.id, reason)
        triage.save(force_insert=True)
        record(
            "report.triage",
            actor=actor,
            target_type="report",
            target_id=report.id,
            details={
                "decision": decision,
                "priority": priority,
                "category": category.pk,
                "region": region.pk if region else None,
                "case": case.number if case else None,
                "duplicate_of": str(duplicate_of.pk) if duplicate_of else None,
            },
        )
    return triage


def _apply(report, category, region, priority, decision, case, now) -> None:
    accepted = decision in (Decision.NEW_CASE, Decision.EXISTING_CASE)
    category_changed = category.pk != report.category_id
    report.category, report.region, report.priority = category, region, priority
    report.triage_state, report.triaged_at = STATE_FOR[decision], now
    report.status = ReportStatus.UNDER_REVIEW if accepted else ReportStatus.CLOSED
    fields = ["category", "region", "priority", "triage_state", "triaged_at", "status"]
    if report.routed_at is None:  # triaged from the national queue before the router ran
        report.routed_at = now
        fields += ["unit", "routed_at"]
    if category_changed or report.feedback_due_at is None:
        fields += stamp_deadlines(report)
    if accepted:
        link_report(case, report, now=now)
        report.unit = case.unit  # the report follows its case
        fields.append("unit")
    if decision == Decision.FALSE:
        report.reward_barred = True
        fields.append("reward_barred")
    report.save(update_fields=sorted(set(fields)))
