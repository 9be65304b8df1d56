"""The report page's "possibly the same matter" panel and its one action."""

import pytest

from cases.similarity.tests.helpers import ZH, file_report
from cases.tests.helpers import accept
from intake.models import TriageState
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


def page(client, user, report):
    return login_staff(client, user).get(f"/staff/reports/{report.pk}/")


def test_it_shows_similar_reports_with_their_case(client, analyst_a):
    original = file_report(ZH)
    case = accept(original, analyst_a)
    copy = file_report("再次举报：" + ZH, channel="hotline")
    html = page(client, analyst_a, copy).content.decode()
    assert "Possibly the same matter" in html or "可能是同一事项" in html
    assert str(original.pk)[:8] in html
    assert case.number in html


def test_it_leaves_out_similar_reports_of_another_unit(client, analyst_a):
    elsewhere = file_report(ZH, region_code="310000")
    here = file_report("再次举报：" + ZH)
    html = page(client, analyst_a, here).content.decode()
    assert str(elsewhere.pk)[:8] not in html


def test_a_report_without_near_duplicates_shows_no_panel(client, analyst_a):
    html = page(client, analyst_a, file_report(ZH)).content.decode()
    assert 'id="similar-heading"' not in html


def test_one_action_adds_the_report_to_the_similar_reports_case(client, analyst_a):
    original = file_report(ZH)
    case = accept(original, analyst_a)
    copy = file_report(ZH[:40])
    html = page(client, analyst_a, copy).content.decode()
    assert f'name="case" value="{case.number}"' in html
    response = client.post(
        f"/staff/reports/{copy.pk}/triage/",
        {
            "decision": "existing_case",
            "case": case.number,
            "category": copy.category_id,
            "region": copy.region_id,
            "priority": copy.priority,
        },
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.triage_state == TriageState.ACCEPTED
    assert copy.case_link.case == case
