import re
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from cases import vault
from cases.actions.casework import (
    create_case,
    do_add_case_note,
    do_assign_case,
    do_change_case_status,
)
from cases.errors import ActionError
from cases.models import Case
from intake import vault as intake_vault
from intake.models import ReportStatus

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def test_case_numbers_are_human_friendly(analyst_a):
    case = accept(submit(), analyst_a)
    assert re.fullmatch(r"TL-\d{4}-[2-9A-HJKMNP-TV-Z]{6}", case.number)


def test_a_colliding_case_number_is_drawn_again(analyst_a, unit_a):
    taken = create_case(unit_a, actor=analyst_a).number
    numbers = iter([taken, taken, "TL-2026-FRESH2"])
    with mock.patch("cases.actions.casework.new_case_number", side_effect=numbers):
        case = create_case(unit_a, actor=analyst_a)
    assert case.number == "TL-2026-FRESH2"
    assert Case.objects.count() == 2


def test_the_workflow_moves_forward_and_closes_with_an_outcome(analyst_a):
    report = submit()
    case = accept(report, analyst_a)
    case = do_change_case_status(case, actor=analyst_a, status="under_investigation")
    case = do_change_case_status(case, actor=analyst_a, status="referred")
    case = do_change_case_status(
        case,
        actor=analyst_a,
        status="closed",
        outcome="substantiated",
        public_outcome="Thank you: action was taken.",
    )
    assert case.closed_at is not None
    assert vault.open_case_outcome(case) == "Thank you: action was taken."
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert report.feedback_at is not None
    dek = intake_vault.report_key(report)
    assert intake_vault.open_outcome(dek, report) == "Thank you: action was taken."
    moves = AuditEvent.objects.filter(action="case.status").values_list("details", flat=True)
    assert [m["to"] for m in moves] == ["under_investigation", "referred", "closed"]


def test_closing_needs_an_outcome(analyst_a):
    case = accept(submit(), analyst_a)
    with pytest.raises(ActionError):
        do_change_case_status(case, actor=analyst_a, status="closed")


def test_a_case_cannot_skip_or_reopen(analyst_a):
    case = accept(submit(), analyst_a)
    with pytest.raises(ActionError):
        do_change_case_status(case, actor=analyst_a, status="referred")
    case = do_change_case_status(case, actor=analyst_a, status="closed", outcome="out_of_scope")
    with pytest.raises(ActionError):
        do_change_case_status(case, actor=analyst_a, status="open")


def test_a_malicious_outcome_bars_rewards_for_every_report(analyst_a):
    first, second = submit(), submit()
    case = accept(first, analyst_a)
    accept(second, analyst_a, case=case)
    case = do_change_case_status(case, actor=analyst_a, status="closed", outcome="malicious")
    assert case.reward_barred
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reward_barred
    assert second.reward_barred


def test_intake_officers_do_not_work_cases(analyst_a, intake_officer):
    case = accept(submit(), analyst_a)
    with pytest.raises(PermissionDenied):
        do_change_case_status(case, actor=intake_officer, status="under_investigation")


def test_analysts_of_the_unit_can_be_assigned(analyst_a, supervisor):
    case = accept(submit(), analyst_a)
    do_assign_case(case, actor=supervisor, analysts=[analyst_a])
    assert list(case.assigned.all()) == [analyst_a]
    assert AuditEvent.objects.filter(action="case.assign").exists()


def test_an_analyst_of_another_unit_cannot_be_assigned(analyst_a, analyst_b, supervisor):
    case = accept(submit(), analyst_a)
    with pytest.raises(ActionError):
        do_assign_case(case, actor=supervisor, analysts=[analyst_b])


def test_notes_are_sealed_at_rest(analyst_a):
    case = accept(submit(), analyst_a)
    note = do_add_case_note(case, "suspect drives a blue van", actor=analyst_a)
    assert b"blue van" not in bytes(note.body_sealed)
    assert vault.open_note(vault.case_key(case), case, note) == "suspect drives a blue van"
    event = AuditEvent.objects.get(action="case.note")
    assert "van" not in str(event.details)


def test_an_empty_note_is_refused(analyst_a):
    case = accept(submit(), analyst_a)
    with pytest.raises(ActionError):
        do_add_case_note(case, "   ", actor=analyst_a)
