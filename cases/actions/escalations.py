"""Escalations: each missed deadline raised once to the supervisors, who may dismiss the notice.

Acknowledge, triage and feedback deadlines are stamped on a report when it is routed (from its
category). A breach becomes an Escalation exactly once (unique per report and kind), so the
periodic task can run as often as it likes; a passed deadline is never silent."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases.models import Escalation
from intake.models import DEADLINE_COLUMN, DeadlineKind, Report, missed_deadlines

log = logging.getLogger(__name__)
BATCH = 1000


def do_escalate_overdue(now=None) -> int:
    """Raise every new breach once (the system is the actor); returns how many were raised."""
    now = now or timezone.now()
    raised = 0
    for kind, condition in missed_deadlines(now).items():
        already = Escalation.objects.filter(report=OuterRef("pk"), kind=kind)
        breaches = (
            Report.objects.filter(condition, unit__isnull=False)
            .exclude(Exists(already))
            .values_list("id", "unit_id", DEADLINE_COLUMN[kind])[:BATCH]
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
        "kind": DeadlineKind(escalation.kind).label,
        "unit": escalation.unit.name,
        "report": escalation.report_id,
    }
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the in-app notice stands; mail trouble must not stop the task
        log.exception("could not email an escalation")


def do_dismiss_escalation(escalation: Escalation, *, actor, now=None) -> None:
    """A supervisor acknowledges a notice they have seen (the breach itself stays listed)."""
    if not permissions.can_supervise(actor):
        raise PermissionDenied
    with transaction.atomic():
        Escalation.objects.filter(pk=escalation.pk, dismissed_at__isnull=True).update(
            dismissed_at=now or timezone.now(), dismissed_by=actor
        )
        record(
            "deadline.dismiss",
            actor=actor,
            target_type="report",
            target_id=escalation.report_id,
            details={"kind": escalation.kind},
        )
