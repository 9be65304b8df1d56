"""The oversight dashboard: scoped by unit, refused to roles without figures, charts as inline SVG
with no script and a table beside each, and a CSV export behind sudo that is audited."""

import re

import pytest

from audit.models import AuditEvent
from insights.actions import do_refresh_insights
from insights.tests import helpers as h
from tipline.test import login_staff, make_sudo

pytestmark = pytest.mark.django_db
URL = "/staff/insights/"


@pytest.fixture
def figures(unit_a, unit_b):
    """Three reports in Beijing (unit A), two in Shanghai (unit B), one each in sabotage."""
    for _ in range(3):
        h.report(region_code="110000")
    h.report(region_code="110000", slug="sabotage", channel="hotline")
    for _ in range(2):
        h.report(region_code="310000", slug="sabotage")
    do_refresh_insights()


def received(page: str) -> int:
    return int(re.search(r"Reports received</th><td>(\d+)</td>", page)[1])


def test_a_unit_analyst_sees_only_their_units_figures(client, figures, analyst_a, analyst_b):
    page = login_staff(client, analyst_b).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert received(page) == 2
    assert "Hotline" not in page  # unit A's hotline report is not theirs
    client.logout()
    page = login_staff(client, analyst_a).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert received(page) == 4


def test_headquarters_sees_every_unit(client, figures, auditor):
    page = login_staff(client, auditor).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert received(page) == 6


@pytest.mark.parametrize("persona", ["intake_officer", "custodian", "call_taker"])
def test_a_role_without_figures_is_refused(client, figures, persona, request):
    user = request.getfixturevalue(persona)
    assert login_staff(client, user).get(URL).status_code == 403


def test_a_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_the_charts_are_svg_with_no_script_and_a_table_each(client, figures, supervisor):
    response = login_staff(client, supervisor).get(URL)
    page = response.content.decode()
    assert "<script" not in page.lower()
    svgs = re.findall(r"<svg\b[^>]*>", page)
    assert len(svgs) == 5
    assert all('role="img"' in svg and "aria-label=" in svg for svg in svgs)
    assert page.count('<div class="chart">') == 5
    assert page.count("<table") >= 9
    # pygal's style sheet carries the page's nonce, which the CSP header allows.
    nonce = re.search(r'<style nonce="([^"]+)"', page)[1]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_a_bad_period_is_a_400_with_a_message(client, supervisor):
    page = login_staff(client, supervisor).get(
        URL, {"first": "2025-05-01", "last": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 400
    assert "must come before its end" in page.content.decode()


def test_the_csv_export_needs_sudo_and_is_audited(client, figures, analyst_b):
    client = login_staff(client, analyst_b)
    assert client.get(URL + "figures.csv").status_code == 302  # asks for the second factor
    response = make_sudo(client).get(URL + "figures.csv")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("week,channel,category_id,province,campaign_id,received")
    assert sum(int(line.split(",")[5]) for line in lines[1:]) == 2  # unit B's two only
    assert AuditEvent.objects.filter(action="insights.export", actor=analyst_b).exists()


def test_small_counts_get_whole_number_ticks():
    from insights.charts import _render

    svg = _render("Reports", ["a", "b"], {"Received": [1, 0]}, horizontal=False)
    assert ">0.5<" not in svg
    assert ">0.1<" not in svg
    assert ">1<" in svg
