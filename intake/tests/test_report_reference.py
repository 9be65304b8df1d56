"""Every report is filed with a random reference for staff; a collision draws another, and the
hotline and letters consoles show it to the officer who took the report."""

import pytest

from intake.actions import reports as actions
from intake.actions.reports import do_submit_report
from intake.models import Report
from intake.tests.hotline.hotline_calls import take_call
from intake.tests.letters.letters_pages import enter
from tipline.test import login_staff, submission

pytestmark = pytest.mark.django_db


def submit(category, **kwargs):
    return do_submit_report(
        submission(category_id=category.id, answers={"what": "something"}, **kwargs)
    )


def test_the_submission_action_gives_the_report_a_reference(category):
    report, _receipt = submit(category)
    assert Report.objects.get(reference=report.reference) == report


def test_a_reference_collision_draws_a_new_reference(category, monkeypatch):
    first, _receipt = submit(category)
    drawn = iter([first.reference, "K7QM2XHD"])
    monkeypatch.setattr(actions, "new_reference", lambda: next(drawn))
    second, _receipt = submit(category)
    assert Report.objects.get(pk=second.pk).reference == "K7QM2XHD"
    assert Report.objects.count() == 2


def test_the_call_taker_sees_the_reference_with_the_receipt(client, call_taker, category, regions):
    page = take_call(login_staff(client, call_taker))
    report = Report.objects.get()
    assert report.grouped_reference in page.content.decode()
    again = client.get("/staff/hotline/call/")
    assert report.grouped_reference in again.content.decode()


def test_the_letters_officer_sees_the_reference_but_the_slip_does_not_carry_it(
    client, intake_officer, category, regions
):
    slip = enter(login_staff(client, intake_officer), "letter")
    report = Report.objects.get()
    officer_part, printed = slip.content.decode().split('class="receipt-slip"')
    assert report.grouped_reference in officer_part
    assert report.grouped_reference not in printed
    saved = enter(client, "visit", {"received-receipt": "no"})
    assert Report.objects.latest("created_at").grouped_reference in saved.content.decode()
