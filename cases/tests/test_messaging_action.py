import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from cases.actions.messaging import do_message_reporter
from cases.errors import ActionError
from cases.standard_messages import template_text
from intake import vault as intake_vault

from .helpers import submit

pytestmark = pytest.mark.django_db


def test_a_message_reaches_the_mailbox_sealed_and_audited(analyst_a):
    report = submit()
    message = do_message_reporter(report, "Can you tell us the date?", actor=analyst_a)
    assert message.author == "agency"
    dek = intake_vault.report_key(report)
    assert intake_vault.open_message(dek, message) == "Can you tell us the date?"
    assert AuditEvent.objects.filter(action="message.send", actor=analyst_a).exists()


def test_the_first_message_acknowledges_the_report(analyst_a):
    report = submit()
    do_message_reporter(report, "Received.", actor=analyst_a)
    report.refresh_from_db()
    assert report.acknowledged_at is not None
    assert report.feedback_at is None


def test_a_message_flagged_as_feedback_answers_the_feedback_deadline(analyst_a):
    report = submit()
    do_message_reporter(report, "We passed it on.", actor=analyst_a, feedback=True)
    report.refresh_from_db()
    assert report.feedback_at is not None


def test_an_empty_message_is_refused(analyst_a):
    with pytest.raises(ActionError):
        do_message_reporter(submit(), "  ", actor=analyst_a)


def test_a_custodian_cannot_message_reporters(unit_a, custodian):
    with pytest.raises(PermissionDenied):
        do_message_reporter(submit(), "hello", actor=custodian)


def test_templates_follow_the_reporters_language():
    assert template_text("closure", "en").startswith("The matter")
    assert template_text("closure", "zh-hans").startswith("您举报")
