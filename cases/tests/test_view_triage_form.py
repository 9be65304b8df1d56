"""The triage decision is one compact form for the keyboard, beside the report on wide screens."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tipline.test import login_staff

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def triage_form(html: str, report) -> str:
    forms = re.findall(
        rf'<form method="post" action="/staff/reports/{report.pk}/triage/"[^>]*>(.*?)</form>',
        html,
        re.S,
    )
    assert len(forms) == 1
    return forms[0]


def test_the_whole_decision_is_one_form(client, intake_officer):
    report = submit()
    html = login_staff(client, intake_officer).get(f"/staff/reports/{report.pk}/").content.decode()
    form = triage_form(html, report)
    names = set(re.findall(r'name="([a-z_]+)"', form))
    assert names == {
        "csrfmiddlewaretoken",
        "decision",
        "case",
        "duplicate_of",
        "priority",
        "category",
        "region",
        "reason",
    }
    assert form.count('type="submit"') == 1
    # Radio groups in fieldsets with legends, reached by Tab and chosen with the arrow keys.
    assert form.count('type="radio" name="decision"') == 5
    assert form.count('type="radio" name="priority"') == 4
    assert form.count("<legend>") == 2
    assert re.search(r'type="radio" name="priority" value="3"[^>]*checked', form)
    # No multi-line box: Enter in any field records the decision.
    assert "<textarea" not in form


def test_the_page_opens_on_the_report_and_refocuses_the_first_error(client, intake_officer):
    report = submit()
    login_staff(client, intake_officer)
    assert "autofocus" not in client.get(f"/staff/reports/{report.pk}/").content.decode()

    body = {"category": report.category_id, "priority": "3"}  # no decision chosen
    response = client.post(f"/staff/reports/{report.pk}/triage/", body)
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count("autofocus") == 1
    assert re.search(r'<input type="radio" name="decision" value="new_case"[^>]*autofocus', html)

    body |= {"decision": "false", "reason": ""}  # a false report needs its reason
    html = client.post(f"/staff/reports/{report.pk}/triage/", body).content.decode()
    assert html.count("autofocus") == 1
    assert re.search(r'<input type="text" name="reason"[^>]*autofocus', html)


def test_enter_records_the_decision_into_a_new_case(client, intake_officer):
    """What a browser posts when Enter is pressed on a chosen radio: the form as it stands."""
    report = submit()
    body = {
        "decision": "new_case",
        "case": "",
        "duplicate_of": "",
        "priority": "2",
        "category": report.category_id,
        "region": "110000",
        "reason": "",
    }
    response = login_staff(client, intake_officer).post(f"/staff/reports/{report.pk}/triage/", body)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.priority == 2


def test_content_and_decision_stand_side_by_side_on_wide_screens(client, analyst_a):
    report = submit()
    case = accept(submit(), analyst_a)
    login_staff(client, analyst_a)
    for url in (f"/staff/reports/{report.pk}/", f"/staff/cases/{case.number}/"):
        html = client.get(url).content.decode()
        content = html.index('<div class="content">')
        decision = html.index('<div class="decision">')
        assert html.index('<div class="split">') < content < decision
        assert html.index('id="status-heading"' if "cases" in url else 'id="triage-heading"') > (
            decision
        )
    css = (Path(settings.BASE_DIR) / "static/css/staff.css").read_text()
    wide = css[css.index("@media (min-width: 1100px)") :]
    assert ".split { display: grid;" in wide
