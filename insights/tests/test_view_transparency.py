"""/transparency/: public figures by month and province in both languages, every figure under 10
hidden, and no hidden figure recoverable from the totals shown."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from insights.actions import do_refresh_insights
from insights.public import by_month_and_channel, by_province, month_start
from insights.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(unit_a, unit_b):
    """This month: 12 web and 3 hotline reports in Beijing, 11 web reports in Shanghai."""
    for _ in range(12):
        h.report(region_code="110100")
    for _ in range(3):
        h.report(region_code="110000", channel="hotline")
    for _ in range(11):
        h.report(region_code="310000")
    do_refresh_insights()


def this_month():
    return timezone.localdate().strftime("%Y-%m")


def test_the_page_is_in_english(client, figures):
    page = client.get("/transparency/", {"month": this_month()}, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "The tip line in figures" in text
    assert "fewer than 10" in text
    assert "<script" not in text.lower()


def test_the_page_is_in_chinese(client, figures):
    page = client.get("/transparency/", {"month": this_month()}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'lang="zh-Hans"' in text
    assert "本网站不记录" in text  # the site's own Chinese; ours arrive with /work/po/insights.po
    with translation.override("zh-hans"):
        expected = gettext("fewer than %(n)s") % {"n": 10}
    assert expected in text


def test_a_small_figure_is_never_shown(client, figures):
    text = client.get("/transparency/", {"month": this_month()}, HTTP_ACCEPT_LANGUAGE="en")
    numbers = {int(n.replace(",", "")) for n in re.findall(r"<td>([\d,]+)</td>", text.text)}
    assert numbers
    assert min(numbers) >= 10


def test_the_hidden_hotline_figure_cannot_be_worked_out_from_the_month_total(figures):
    today = timezone.localdate()
    table = by_month_and_channel(today)
    month = month_start(today)
    line = table["cells"][month]
    assert line["hotline"].hidden
    # The month total (26) is shown; with only the hotline cell hidden it would give 26 - 23 = 3
    # back, so at least one more cell of the line is hidden too.
    assert table["row_totals"][month].value == 26
    assert sum(cell.hidden for cell in line.values()) >= 2


def test_the_province_table_hides_its_complements_too(figures):
    table = by_province(month_start(timezone.localdate()))
    for column in ("received", "ack_7"):
        hidden = [p for p in table["provinces"] if table["cells"][p][column].hidden]
        assert len(hidden) != 1, column


def test_nothing_finer_than_a_province_is_shown(figures):
    table = by_province(month_start(timezone.localdate()))
    assert set(table["provinces"]) == {"110000", "310000"}  # the Beijing district counts as Beijing


def test_an_unknown_month_is_a_400_with_a_message(client):
    page = client.get("/transparency/", {"month": "1999-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "Choose one of the months listed." in page.content.decode()
