"""Routing a report to a unit, stamping its deadlines, and transfers between units."""

import base64

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Unit
from audit.actions import record
from cases.errors import ActionError
from cases.models import RoutingRule
from intake import vault as intake_vault
from intake.models import Priority, Report, TriageState


def stamp_deadlines(report: Report) -> list[str]:
    """Deadlines run from receipt, per the report's category; a P1 is triaged within the hour."""
    category = report.category
    triage_within = (
        category.triage_within_p1 if report.priority == Priority.P1 else category.triage_within
    )
    report.ack_due_at = report.created_at + category.ack_within
    report.triage_due_at = report.created_at + triage_within
    report.feedback_due_at = report.created_at + category.feedback_within
    return ["ack_due_at", "triage_due_at", "feedback_due_at"]


def do_route_report(report_id, *, now=None) -> Unit | None:
    """Route a not-yet-routed report (idempotent: two overlapping sweeps may race)."""
    from cases.actions.messaging import send_acknowledgement

    now = now or timezone.now()
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .select_related("category")
            .filter(id=report_id, unit__isnull=True)
            .first()
        )
        if report is None:
            return None
        unit = RoutingRule.objects.destination(report)
        if unit is None:  # no unit configured at all yet; the sweep tries again
            return None
        report.unit, report.routed_at = unit, now
        report.save(update_fields=["unit", "routed_at", *stamp_deadlines(report)])
        record(
            "report.route",
            target_type="report",
            target_id=report.id,
            details={"unit": unit.pk},
        )
        if report.category.auto_acknowledge and report.acknowledged_at is None:
            send_acknowledgement(report, actor=None, now=now)
    return unit


def do_transfer_report(report: Report, *, actor, unit: Unit, reason: str) -> Report:
    """Hand an untriaged report to another unit (any unit: the receiver may be outside ours)."""
    permissions.require(actor, permissions.TRIAGE_ROLES)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Say why the report is transferred."), "reason")
    if report.triage_state != TriageState.NEW:
        raise ActionError(_("Only reports awaiting triage can be transferred."))
    if unit.pk == report.unit_id:
        raise ActionError(_("The report is already with this unit."), "unit")
    with transaction.atomic():
        previous = report.unit_id
        report.unit = unit
        fields = ["unit"]
        if report.routed_at is None:  # taken from the national queue before the router ran
            report.routed_at = timezone.now()
            fields += ["routed_at", *stamp_deadlines(report)]
        report.save(update_fields=fields)
        record(
            "report.transfer",
            actor=actor,
            target_type="report",
            target_id=report.id,
            # The reason often describes the report: sealed with the report's key, so the audit
            # trail (readable by auditors of every unit) holds no content.
            details={
                "from": previous,
                "to": unit.pk,
                "reason_sealed": _seal_transfer_reason(report, previous, unit.pk, reason[:500]),
            },
        )
    return report


def _seal_transfer_reason(report: Report, previous, to, reason: str) -> str:
    sealed = intake_vault.seal_json(
        intake_vault.report_key(report), reason, "report", report.id, "transfer", previous, to
    )
    return base64.b64encode(sealed).decode()
