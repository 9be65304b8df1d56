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
    assert ">Hotline</th>" not in page  # unit A's hotline report is not theirs
    client.logout()
    page = login_staff(client, analyst_a).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert received(page) == 4
    assert ">Hotline</th>" in page


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


@pytest.mark.parametrize(
    ("first", "last"), [("9999-12-31", "9999-12-31"), ("1900-01-01", "1900-01-02")]
)
def test_a_date_out_of_all_reason_is_a_400_not_an_error(client, supervisor, first, last):
    client = login_staff(client, supervisor)
    period = {"first": first, "last": last}
    page = client.get(URL, period, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "between 2000 and 2099" in page.content.decode()
    csv = make_sudo(client).get(URL + "figures.csv", period, HTTP_ACCEPT_LANGUAGE="en")
    assert csv.status_code == 400
    assert "between 2000 and 2099" in csv.content.decode()


def test_a_bad_filter_in_the_export_says_what_is_wrong(client, supervisor):
    client = make_sudo(login_staff(client, supervisor))
    response = client.get(URL + "figures.csv", {"category": "abc"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.content.decode().strip()


def test_the_csv_export_needs_sudo_and_is_audited(client, figures, analyst_b):
    client = login_staff(client, analyst_b)
    assert client.get(URL + "figures.csv").status_code == 302  # asks for the second factor
    response = make_sudo(client).get(URL + "figures.csv")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("week,channel,category_id,province,campaign_id,received")
    assert sum(int(line.split(",")[5]) for line in lines[1:]) == 2  # unit B's two only
    assert AuditEvent.objects.filter(action="insights.export", actor=analyst_b).exists()


def test_the_page_is_kept_until_the_figures_change(client, figures, auditor):
    """Between refreshes the page comes from the cache (no new figures yet); a refresh that
    changes the figures shows them at once."""
    client = login_staff(client, auditor)
    assert received(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()) == 6
    h.report(region_code="310000")
    assert received(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()) == 6
    do_refresh_insights()
    assert received(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()) == 7


def test_the_cached_page_is_each_scopes_own(client, figures, analyst_a, analyst_b):
    """Same filters, same moment, another unit: never the other unit's cached page."""
    for user, count in ((analyst_b, 2), (analyst_a, 4), (analyst_b, 2)):
        client.logout()
        page = login_staff(client, user).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert received(page) == count


def test_each_response_gets_its_own_nonce_on_cached_charts(client, figures, supervisor):
    client = login_staff(client, supervisor)
    first, second = client.get(URL), client.get(URL)
    nonces = [re.search(r'<style nonce="([^"]+)"', r.content.decode())[1] for r in (first, second)]
    assert nonces[0] != nonces[1]
    assert f"'nonce-{nonces[1]}'" in second["Content-Security-Policy"]
    assert "__NONCE__" not in second.content.decode()


def test_small_counts_get_whole_number_ticks():
    from insights.charts import _render

    svg = _render("Reports", ["a", "b"], {"Received": [1, 0]}, horizontal=False)
    assert ">0.5<" not in svg
    assert ">0.1<" not in svg
    assert ">1<" in svg
