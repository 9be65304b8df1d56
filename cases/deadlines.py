"""Deadlines: which reports are overdue, and raising each breach once to the supervisors.

Acknowledge, triage and feedback deadlines are stamped on a report when it is routed (from its
category). A breach becomes an Escalation exactly once (unique per report and kind), so the
periodic task can run as often as it likes; a passed deadline is never silent."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases.models import Escalation, EscalationKind
from intake.models import Report, TriageState

log = logging.getLogger(__name__)
BATCH = 1000


def breach_conditions(now) -> dict[str, Q]:
    return {
        EscalationKind.ACK: Q(acknowledged_at__isnull=True, ack_due_at__lt=now)
        & ~Q(triage_state=TriageState.SPAM),
        EscalationKind.TRIAGE: Q(triage_state=TriageState.NEW, triage_due_at__lt=now),
        EscalationKind.FEEDBACK: Q(
            feedback_at__isnull=True,
            feedback_due_at__lt=now,
            triage_state__in=[TriageState.NEW, TriageState.ACCEPTED],
        ),
    }


DUE_FIELD = {
    EscalationKind.ACK: "ack_due_at",
    EscalationKind.TRIAGE: "triage_due_at",
    EscalationKind.FEEDBACK: "feedback_due_at",
}


def overdue(queryset, now=None, kind: str | None = None):
    """The reports of `queryset` with a deadline passed and not met (of one kind, or any)."""
    conditions = breach_conditions(now or timezone.now())
    if kind:
        return queryset.filter(conditions[kind])
    any_kind = Q()
    for condition in conditions.values():
        any_kind |= condition
    return queryset.filter(any_kind)


def overdue_kinds(report, now=None) -> list[str]:
    """Which deadlines a loaded report has missed (no query: read from its own columns)."""
    now = now or timezone.now()
    kinds = []
    acknowledged = report.acknowledged_at is not None or report.triage_state == TriageState.SPAM
    if not acknowledged and report.ack_due_at and report.ack_due_at < now:
        kinds.append(EscalationKind.ACK)
    if (
        report.triage_state == TriageState.NEW
        and report.triage_due_at
        and report.triage_due_at < now
    ):
        kinds.append(EscalationKind.TRIAGE)
    if (
        report.feedback_at is None
        and report.feedback_due_at
        and report.feedback_due_at < now
        and report.triage_state in (TriageState.NEW, TriageState.ACCEPTED)
    ):
        kinds.append(EscalationKind.FEEDBACK)
    return kinds


def escalate(now=None) -> int:
    """Raise every new breach once; returns how many were raised."""
    now = now or timezone.now()
    raised = 0
    for kind, condition in breach_conditions(now).items():
        already = Escalation.objects.filter(report=OuterRef("pk"), kind=kind)
        breaches = (
            Report.objects.filter(condition, unit__isnull=False)
            .exclude(Exists(already))
            .values_list("id", "unit_id", DUE_FIELD[kind])[:BATCH]
        )
        for report_id, unit_id, due_at in breaches:
            raised += _raise(kind, report_id, unit_id, due_at, now)
    return raised


def _raise(kind, report_id, unit_id, due_at, now) -> bool:
    try:
        with transaction.atomic():
            escalation = Escalation.objects.create(
                kind=kind, report_id=report_id, unit_id=unit_id, due_at=due_at, created_at=now
            )
            record(
                "deadline.escalate",
                target_type="report",
                target_id=report_id,
                details={"kind": kind, "unit": unit_id},
            )
            transaction.on_commit(lambda: notify(escalation))
    except IntegrityError:  # another run raised it first
        return False
    return True


def notify(escalation: Escalation) -> None:
    """Email the supervisors (in-app notices need nothing: they read Escalation rows)."""
    if not settings.TIPLINE_EMAIL_ESCALATIONS:
        return
    recipients = [u.email for u in permissions.supervisors_of(escalation.unit) if u.email]
    if not recipients:
        return
    # No report content in an email: only what breached, where, and a link for staff.
    subject = _("Tipline: a deadline has passed")
    body = _("%(kind)s in %(unit)s.\nOpen: /staff/reports/%(report)s/") % {
        "kind": EscalationKind(escalation.kind).label,
        "unit": escalation.unit.name,
        "report": escalation.report_id,
    }
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the in-app notice stands; mail trouble must not stop the task
        log.exception("could not email an escalation")
