"""The staff-only template tag naming who took a report."""

import pytest
from django.template import Context, Template

from intake.actions.reports import do_submit_report
from tipline.test import submission

pytestmark = pytest.mark.django_db

TAG = Template("{% load hotline %}<dl>{% taken_by_facts report %}</dl>")


def submit(category, **extra):
    return do_submit_report(
        submission(
            category_id=category.pk,
            region_code=None,
            answers={"what": "x"},
            language="zh-hans",
            **extra,
        )
    )[0]


def test_it_names_the_call_taker_and_the_read_back_state(category, call_taker):
    report = submit(category, channel="hotline", taken_by=call_taker)
    html = TAG.render(Context({"report": report}))
    assert "call_taker" in html
    assert report.channel_label in html
    assert "<dt>" in html


def test_it_says_nothing_about_a_web_report_by_a_person(category):
    report = submit(category, channel="web")
    assert "<dt>" not in TAG.render(Context({"report": report}))


def test_it_marks_an_organisation_reporter(category):
    report = submit(category, channel="web", reporter_kind="organisation")
    assert "<dt>" in TAG.render(Context({"report": report}))
