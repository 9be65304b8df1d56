"""Supervisors acknowledging an escalation they have seen (the breach itself stays listed)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import permissions
from audit.actions import record
from cases.models import Escalation


def do_dismiss_escalation(escalation: Escalation, *, actor, now=None) -> None:
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
