import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from cases import vault
from cases.actions.triage import do_triage_report
from cases.errors import ActionError
from cases.models import CaseReport
from intake import vault as intake_vault
from intake.models import Priority, ReportStatus, TriageState
from tipline.testing.builders import category, region

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def triage(report, actor, decision, **kwargs):
    kwargs.setdefault("category", report.category)
    kwargs.setdefault("region", report.region)
    kwargs.setdefault("priority", Priority.P3)
    return do_triage_report(report, actor=actor, decision=decision, **kwargs)


def test_accepting_into_a_new_case_opens_one_in_the_reports_unit(intake_officer, unit_a):
    report = submit()
    decision = triage(report, intake_officer, "new_case", priority=Priority.P2)
    report.refresh_from_db()
    assert decision.case.unit == unit_a
    assert decision.case.number.startswith("TL-")
    assert report.triage_state == TriageState.ACCEPTED
    assert report.status == ReportStatus.UNDER_REVIEW
    assert report.priority == Priority.P2
    assert CaseReport.objects.get(report=report).case == decision.case
    event = AuditEvent.objects.get(action="report.triage")
    assert event.details["case"] == decision.case.number
    assert event.actor == intake_officer


def test_accepting_into_an_existing_case_links_the_report(analyst_a):
    case = accept(submit(), analyst_a)
    second = submit()
    triage(second, analyst_a, "existing_case", case=case)
    assert case.links.count() == 2


def test_a_closed_case_takes_no_more_reports(analyst_a):
    from cases.actions.casework import do_change_case_status

    case = accept(submit(), analyst_a)
    do_change_case_status(case, actor=analyst_a, status="closed", outcome="substantiated")
    with pytest.raises(ActionError):
        triage(submit(), analyst_a, "existing_case", case=case)


def test_a_case_of_another_unit_cannot_be_chosen(analyst_a, analyst_b):
    other = accept(submit(region_code="310000"), analyst_b)
    with pytest.raises(ActionError):
        triage(submit(), analyst_a, "existing_case", case=other)


def test_spam_closes_the_report(intake_officer):
    report = submit()
    triage(report, intake_officer, "spam")
    report.refresh_from_db()
    assert report.triage_state == TriageState.SPAM
    assert report.status == ReportStatus.CLOSED
    assert not report.reward_barred


def test_a_false_report_needs_a_reason(intake_officer):
    with pytest.raises(ActionError) as error:
        triage(submit(), intake_officer, "false")
    assert error.value.field == "reason"


def test_a_false_report_is_barred_from_rewards_and_its_reason_sealed(intake_officer):
    report = submit()
    decision = triage(report, intake_officer, "false", reason="invented to harm a neighbour")
    report.refresh_from_db()
    assert report.reward_barred
    assert report.triage_state == TriageState.FALSE
    assert b"neighbour" not in bytes(decision.reason_sealed)
    dek = intake_vault.report_key(report)
    assert vault.open_reason(dek, decision) == "invented to harm a neighbour"
    assert "neighbour" not in str(AuditEvent.objects.get(action="report.triage").details)


def test_a_duplicate_names_what_it_duplicates(intake_officer):
    first, second = submit(), submit()
    with pytest.raises(ActionError):
        triage(second, intake_officer, "duplicate")
    decision = triage(second, intake_officer, "duplicate", duplicate_of=first)
    assert decision.duplicate_of == first


def test_a_duplicate_of_a_case(analyst_a):
    case = accept(submit(), analyst_a)
    report = submit()
    decision = triage(report, analyst_a, "duplicate", case=case)
    assert decision.case == case
    assert not CaseReport.objects.filter(report=report).exists()


def test_a_report_cannot_duplicate_itself(intake_officer):
    report = submit()
    with pytest.raises(ActionError):
        triage(report, intake_officer, "duplicate", duplicate_of=report)


def test_a_report_is_triaged_only_once(intake_officer):
    report = submit()
    triage(report, intake_officer, "spam")
    with pytest.raises(ActionError):
        triage(report, intake_officer, "new_case")


def test_category_and_region_can_be_corrected(intake_officer):
    report = submit()
    other = category("sabotage")
    city = region("110108", parent="110000")
    triage(report, intake_officer, "new_case", category=other, region=city)
    report.refresh_from_db()
    assert report.category == other
    assert report.region == city
    assert report.feedback_due_at - report.created_at == other.feedback_within


def test_an_unknown_decision_or_priority_is_refused(intake_officer):
    report = submit()
    with pytest.raises(ActionError):
        triage(report, intake_officer, "lose_it")
    with pytest.raises(ActionError):
        triage(report, intake_officer, "spam", priority=7)


def test_staff_without_a_triage_role_cannot_triage(unit_a, custodian, auditor):
    report = submit()
    for user in (custodian, auditor):
        with pytest.raises(PermissionDenied):
            triage(report, user, "spam")


def test_an_unrouted_report_triaged_at_hq_lands_in_the_triagers_unit(unit_hq):
    from tipline.test import make_staff

    hq_officer = make_staff("hq_officer", unit_hq, "intake_officer")
    report = submit(region_code=None, routed=False)
    decision = triage(report, hq_officer, "new_case")
    report.refresh_from_db()
    assert report.unit == unit_hq
    assert decision.case.unit == unit_hq
    assert report.triage_due_at is not None
