from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings

from audit.models import AuditEvent
from cases.actions.escalations import do_escalate_overdue
from cases.actions.messaging import do_message_reporter
from cases.models import Escalation
from intake.models import Report
from tipline.testing.builders import category

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def later(report, **delta):
    """A clock `delta` after the report arrived."""
    return report.created_at + timedelta(**delta)


def test_nothing_is_overdue_before_the_deadline(supervisor):
    report = submit()
    assert do_escalate_overdue(now=later(report, hours=23)) == 0


def test_a_missed_triage_deadline_is_escalated_once(supervisor):
    report = submit()
    assert do_escalate_overdue(now=later(report, hours=25)) == 1
    assert do_escalate_overdue(now=later(report, hours=26)) == 0
    escalation = Escalation.objects.get()
    assert escalation.kind == "triage"
    assert escalation.unit == report.unit
    assert AuditEvent.objects.filter(action="deadline.escalate", actor_label="system").count() == 1


def test_a_p1_report_must_be_triaged_within_the_hour(supervisor, intake_officer):
    from cases.actions.routing import stamp_deadlines

    report = submit()
    report.priority = 1
    report.save(update_fields=["priority", *stamp_deadlines(report)])
    assert do_escalate_overdue(now=later(report, minutes=61)) == 1


def test_every_deadline_is_checked(supervisor):
    report = submit()
    raised = do_escalate_overdue(now=later(report, days=91))
    assert raised == 3
    kinds = set(Escalation.objects.values_list("kind", flat=True))
    assert kinds == {"ack", "triage", "feedback"}


def test_met_deadlines_are_not_escalated(supervisor, analyst_a):
    report = submit()
    accept(report, analyst_a)
    do_message_reporter(report, "Thanks; we acted on it.", actor=analyst_a, feedback=True)
    assert do_escalate_overdue(now=later(report, days=100)) == 0


def test_category_deadlines_are_used(supervisor):
    slow = category("slow", triage_within=timedelta(days=3))
    report = submit(slow)
    assert do_escalate_overdue(now=later(report, days=2)) == 0
    assert do_escalate_overdue(now=later(report, days=4)) == 1


def test_the_overdue_query_agrees(supervisor):
    report = submit()
    assert not Report.objects.overdue(now=later(report, hours=1)).exists()
    assert Report.objects.overdue(now=later(report, hours=25), kind="triage").exists()


@override_settings(TIPLINE_EMAIL_ESCALATIONS=True)
def test_supervisors_are_emailed_when_configured(supervisor, django_capture_on_commit_callbacks):
    supervisor.email = "chief@example.org"
    supervisor.save()
    report = submit(answers={"what": "secret detail"})
    with django_capture_on_commit_callbacks(execute=True):
        do_escalate_overdue(now=later(report, hours=25))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chief@example.org"]
    assert "secret detail" not in mail.outbox[0].body


def test_no_email_unless_configured(supervisor, django_capture_on_commit_callbacks):
    supervisor.email = "chief@example.org"
    supervisor.save()
    report = submit()
    with django_capture_on_commit_callbacks(execute=True):
        do_escalate_overdue(now=later(report, hours=25))
    assert mail.outbox == []


def test_without_a_supervisor_in_the_unit_the_one_above_hears(unit_a, unit_hq):
    from accounts import permissions
    from tipline.test import make_staff

    chief = make_staff("hq_chief", unit_hq, "supervisor")
    assert permissions.supervisors_of(unit_a) == [chief]


def test_the_periodic_task_is_scheduled():
    from django.conf import settings

    tasks = dict(settings.PERIODIC_TASKS)
    assert tasks["cases.tasks.escalate_overdue"] == 60
    assert "cases.tasks.route_new_reports" in tasks
    assert "cases.tasks.purge_expired" in tasks
