from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEvent
from cases.actions.casework import do_change_case_status
from cases.actions.retention import do_purge_expired
from cases.actions.triage import do_triage_report
from cases.models import Case, RetentionStat
from intake import storage
from intake.models import Attachment, Message, Report, ReporterIdentity
from tipline.testing.builders import text_file

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def closed_case(analyst, outcome, **submit_kwargs):
    report = submit(**submit_kwargs)
    case = accept(report, analyst)
    do_change_case_status(case, actor=analyst, status="closed", outcome=outcome)
    return Case.objects.get(pk=case.pk), report


def test_an_expired_case_is_really_deleted(analyst_a, django_capture_on_commit_callbacks):
    case, report = closed_case(
        analyst_a, "out_of_scope", files=[text_file()], contact={"name": "Li Lei"}
    )
    from intake.actions.mailbox import do_post_message

    do_post_message(report, "more", author="reporter")
    attachment_id = report.attachments.get().pk
    with django_capture_on_commit_callbacks(execute=True):
        assert do_purge_expired(now=case.closed_at + timedelta(days=91)) == 1
    assert not Case.objects.exists()
    assert not Report.objects.exists()
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert not ReporterIdentity.objects.exists()
    assert attachment_id not in storage.stored_ids()


def test_only_counts_survive(analyst_a):
    case, report = closed_case(analyst_a, "substantiated")
    do_purge_expired(now=case.closed_at + timedelta(days=3651))
    stat = RetentionStat.objects.get()
    assert (stat.category, stat.outcome, stat.count) == ("espionage", "substantiated", 1)
    assert stat.month == timezone.localtime(report.created_at).date().replace(day=1)
    event = AuditEvent.objects.get(action="retention.purge")
    assert event.actor_label == "system"
    assert event.details == {"reports": 1, "cases": 1, "attachments": 0}


def test_nothing_is_deleted_before_its_time(analyst_a):
    case, _report = closed_case(analyst_a, "substantiated")
    assert do_purge_expired(now=case.closed_at + timedelta(days=3000)) == 0
    assert Report.objects.exists()
    assert not AuditEvent.objects.filter(action="retention.purge").exists()


def test_open_cases_are_kept(analyst_a):
    accept(submit(), analyst_a)
    assert do_purge_expired(now=timezone.now() + timedelta(days=10_000)) == 0


def test_spam_goes_after_its_own_period(intake_officer):
    report = submit()
    do_triage_report(
        report,
        actor=intake_officer,
        category=report.category,
        region=report.region,
        priority=4,
        decision="spam",
    )
    report.refresh_from_db()
    assert do_purge_expired(now=report.triaged_at + timedelta(days=29)) == 0
    assert do_purge_expired(now=report.triaged_at + timedelta(days=31)) == 1
    assert RetentionStat.objects.get().outcome == "spam"


@override_settings(
    TIPLINE_RETENTION_DAYS={
        **dict.fromkeys(
            ["spam", "duplicate", "false", "malicious", "out_of_scope", "unsubstantiated"], 1
        ),
        "substantiated": 5,
    }
)
def test_periods_are_configurable(analyst_a):
    case, _report = closed_case(analyst_a, "substantiated")
    assert do_purge_expired(now=case.closed_at + timedelta(days=6)) == 1


def test_counts_add_up_across_purges(analyst_a):
    first, _ = closed_case(analyst_a, "unsubstantiated")
    closed_case(analyst_a, "unsubstantiated")
    do_purge_expired(now=first.closed_at + timedelta(days=800))
    assert RetentionStat.objects.get().count == 2
