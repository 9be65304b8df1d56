"""Messages from the agency to a reporter's follow-up mailbox."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from cases.errors import ActionError
from cases.standard_messages import template_text
from intake.actions.mailbox import do_post_message
from intake.limits import MESSAGE_MAX  # the same limit as the reporter side
from intake.models import Message, Report


def _mark(report: Report, *, now, feedback: bool) -> None:
    """The first agency message acknowledges receipt; a message flagged as feedback (or the
    closing of the case) answers the feedback deadline."""
    fields = []
    if report.acknowledged_at is None:
        report.acknowledged_at = now
        fields.append("acknowledged_at")
    if feedback and report.feedback_at is None:
        report.feedback_at = now
        fields.append("feedback_at")
    if fields:
        report.save(update_fields=fields)


def do_message_reporter(
    report: Report, body: str, *, actor, feedback: bool = False, now=None
) -> Message:
    permissions.require(actor, permissions.TRIAGE_ROLES)
    body = (body or "").strip()
    if not body:
        raise ActionError(_("Write the message first."), "body")
    if len(body) > MESSAGE_MAX:
        raise ActionError(_("The message is too long."), "body")
    with transaction.atomic():
        message = do_post_message(report, body, author="agency", actor=actor)
        _mark(report, now=now or timezone.now(), feedback=feedback)
    return message


def send_acknowledgement(report: Report, *, actor, now=None) -> Message:
    """The automatic acknowledgement on receipt (actor None: the system sends it)."""
    with transaction.atomic():
        body = template_text("acknowledgement", report.language)
        message = do_post_message(report, body, author="agency", actor=actor)
        _mark(report, now=now or timezone.now(), feedback=False)
    return message
