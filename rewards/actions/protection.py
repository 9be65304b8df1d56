"""Protection of reporters: a request through follow-up reaches the unit's supervisors, who must
acknowledge it within TIPLINE_PROTECTION_ACK_HOURS (else it is escalated, once, to the
supervisors of the unit above, like other deadlines); measures taken are sealed and audited."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases.errors import ActionError
from intake import vault as intake_vault
from intake.vault import open_json, seal_json
from rewards.models import ProtectionMeasure, ProtectionRequest

log = logging.getLogger(__name__)
TEXT_MAX = 10_000


def _seal(report, *context, text: str) -> bytes:
    return seal_json(intake_vault.report_key(report), text, "report", report.id, *context)


def open_request(request: ProtectionRequest) -> str:
    key = intake_vault.report_key(request.report)
    return open_json(
        key, bytes(request.body_sealed), "report", request.report_id, "protection", request.id
    )


def open_measure(measure: ProtectionMeasure) -> str:
    request = measure.request
    key = intake_vault.report_key(request.report)
    return open_json(
        key,
        bytes(measure.body_sealed),
        "report",
        request.report_id,
        "protection",
        request.id,
        "measure",
        measure.pk,
    )


def _text(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ActionError(_("Describe what is happening."), "body")
    if len(body) > TEXT_MAX:
        raise ActionError(_("The text is too long."), "body")
    return body


def do_request_protection(
    report, *, kind: str, body: str, now=None, relayed_by=None
) -> ProtectionRequest:
    """`relayed_by`: the call-taker who took the request down on a follow-up call; the audit
    trail names them instead of the reporter."""
    if kind not in ("protection", "retaliation"):
        raise ActionError(_("Choose what you are asking for."), "kind")
    if report.unit_id is None:
        raise ActionError(_("Your report has not reached an office yet; call 110 if in danger."))
    body, now = _text(body), now or timezone.now()
    request = ProtectionRequest(
        id=uuid.uuid4(),
        report=report,
        unit_id=report.unit_id,
        kind=kind,
        created_at=now,
        ack_due_at=now + timedelta(hours=settings.TIPLINE_PROTECTION_ACK_HOURS),
    )
    request.body_sealed = _seal(report, "protection", request.id, text=body)
    with transaction.atomic():
        request.save(force_insert=True)
        record(
            "protection.request",
            actor=relayed_by or "reporter",
            target_type="protection",
            target_id=request.id,
            details={"kind": kind, "unit": report.unit_id}
            | ({"relayed": True} if relayed_by else {}),
        )
        transaction.on_commit(lambda: notify(request, escalated=False))
    return request


def _check_supervisor(user, request) -> None:
    if not permissions.can_supervise(user) or not permissions.sees_unit(user, request.unit_id):
        raise PermissionDenied


def do_acknowledge_protection(request, *, actor, now=None) -> ProtectionRequest:
    _check_supervisor(actor, request)
    with transaction.atomic():
        updated = ProtectionRequest.objects.filter(
            pk=request.pk, acknowledged_at__isnull=True
        ).update(acknowledged_at=now or timezone.now(), acknowledged_by=actor)
        if not updated:
            raise ActionError(_("This request has already been acknowledged."))
        record(
            "protection.acknowledge", actor=actor, target_type="protection", target_id=request.id
        )
    request.refresh_from_db()
    return request


def do_record_measure(request, *, actor, body: str, now=None) -> ProtectionMeasure:
    _check_supervisor(actor, request)
    body = _text(body)
    with transaction.atomic():
        if request.acknowledged_at is None:  # acting on it is acknowledging it
            do_acknowledge_protection(request, actor=actor, now=now)
        measure = ProtectionMeasure.objects.create(
            request=request, by=actor, at=now or timezone.now(), body_sealed=b""
        )
        measure.body_sealed = _seal(
            request.report, "protection", request.id, "measure", measure.pk, text=body
        )
        measure.save(update_fields=["body_sealed"])
        record("protection.measure", actor=actor, target_type="protection", target_id=request.id)
    return measure


def escalate_overdue(now=None) -> int:
    now = now or timezone.now()
    raised = 0
    for request in ProtectionRequest.objects.overdue(now).filter(escalated_at__isnull=True)[:500]:
        with transaction.atomic():
            if not ProtectionRequest.objects.filter(
                pk=request.pk, escalated_at__isnull=True
            ).update(escalated_at=now):
                continue
            record(
                "deadline.escalate",
                target_type="protection",
                target_id=request.id,
                details={"kind": "protection_ack", "unit": request.unit_id},
            )
            transaction.on_commit(lambda r=request: notify(r, escalated=True))
            raised += 1
    return raised


def notify(request: ProtectionRequest, *, escalated: bool) -> None:
    """Email supervisors (the unit's; once escalated, the unit above's too). No content."""
    if not settings.TIPLINE_EMAIL_ESCALATIONS:
        return
    units = [request.unit] + ([request.unit.parent] if escalated and request.unit.parent else [])
    recipients = {u.email for unit in units for u in permissions.supervisors_of(unit) if u.email}
    if not recipients:
        return
    subject = _("Tipline: a reporter asks for protection")
    body = _("Open: /staff/rewards/protection/%(id)s/") % {"id": request.id}
    try:
        send_mail(subject, body, None, sorted(recipients))
    except Exception:  # the console shows it regardless; mail trouble must not stop us
        log.exception("could not email a protection request")
