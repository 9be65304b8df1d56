"""Every channel lands in the one triage queue, whoever took the report."""

import re

import pytest
from django.test import Client

from accounts.models import Role
from intake.models import Report
from intake.tests.letters.letters_pages import enter
from intake.tests.web.site_pages import fill_form, submit
from tipline.test import login_staff, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_channels(client, intake_officer, category, regions) -> dict[str, Report]:
    """A web report from a resident, then a letter and a visit entered by an intake officer."""
    public = Client()
    submit(public, fill_form(public))
    login_staff(client, intake_officer)
    enter(client, "letter")
    enter(client, "visit", {"received-receipt": "no"})
    return {report.channel: report for report in Report.objects.all()}


@pytest.fixture
def national_officer(unit_hq):
    # Not yet routed, the reports are in the national queue (routing is the cases app's sweep).
    return make_staff("national_intake", unit_hq, Role.INTAKE_OFFICER)


def test_web_letter_and_visit_reports_share_the_triage_queue(
    client, three_channels, national_officer
):
    assert three_channels.keys() == {"web", "letter", "visit"}
    page = login_staff(client, national_officer).get("/staff/triage/")
    assert page.status_code == 200
    html = page.content.decode()
    for report in three_channels.values():
        assert f"/staff/reports/{report.pk}/" in html


def test_the_triage_queue_labels_each_reports_channel(client, three_channels, national_officer):
    page = login_staff(client, national_officer).get("/staff/triage/", HTTP_ACCEPT_LANGUAGE="en")
    cells = re.findall(r'<td class="channel">([^<]*)</td>', page.content.decode())
    assert sorted(cells) == ["Letter", "Visit", "Website"]
