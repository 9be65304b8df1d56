"""The oversight dashboard and the transparency page in a real browser with JavaScript switched
off: every chart is drawn (SVG, server-side) with its data table visible beside it; and, with
figures on them, neither page has a serious or critical axe-core violation, in zh-Hans or in
English (axe itself needs JavaScript: it runs in a second, ordinary browser; it never returns in
a context with scripts off).

Set TIPLINE_SCREENSHOTS to a directory to keep a full-page screenshot of each page per language.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import Role
from insights.actions import do_refresh_insights
from insights.tests import helpers as h
from tipline.browser import browsers
from tipline.test import PASSWORD, make_staff, totp_code
from tipline.tests.accessibility import check_each

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD, TRANSPARENCY = "/staff/insights/", "/transparency/"


@pytest.fixture
def history(unit_a, unit_b):
    """Last month: reports in Beijing and Shanghai through three channels, most acknowledged,
    some triaged into cases and closed, one from a campaign; an auditor at headquarters."""
    auditor = make_staff("auditor", unit_a.parent, Role.AUDITOR, Role.ANALYST)
    days_ago = timezone.localdate().day + 3  # a day of last month
    for index in range(26):
        filed = h.report(
            region_code="110100" if index % 2 else "310000",
            slug="sabotage" if index % 3 == 0 else "espionage",
            channel=("web", "web", "hotline", "letter")[index % 4],
            days_ago=days_ago + index % 5,
            campaign="radio-2025" if index == 7 else None,
        )
        if index % 5:
            h.message(filed, auditor, hours=2 + 30 * (index % 4))
        if index % 3 == 1:
            h.triage(filed, auditor, "new_case", hours=6)
            h.message(filed, auditor, feedback=True, hours=24 * (5 + index))
            h.close(filed, auditor, "substantiated" if index % 2 else "unsubstantiated")
        elif index % 7 == 0:
            h.triage(filed, auditor, "spam", hours=3)
    do_refresh_insights(now=timezone.now() + timedelta(seconds=1))
    return auditor


def log_in(base, user):
    def steps(page):
        page.goto(base + "/staff/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        assert page.url.startswith(base + "/staff/login/otp/")

    return steps


def enter_code(base, code):
    def steps(page):
        page.fill("#id_code", code)
        page.locator("main form button[type=submit]").click()
        assert page.url == base + "/staff/"

    return steps


def look_at(base, path, locale):
    """Open a page, check each chart and its table are shown, keep a screenshot."""

    def steps(page):
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, f"{path}: {response.status}"
        charts = page.locator("div.chart")
        for index in range(charts.count()):
            chart = charts.nth(index)
            svg = chart.locator("svg[role=img]")
            assert svg.is_visible(), f"{path}: chart {index} is not drawn"
            box = svg.bounding_box()
            assert box is not None
            assert box["width"] > 200
            assert box["height"] > 100
            assert svg.locator("rect.rect, .bar rect, rect").count() > 0
            assert chart.locator("table").first.is_visible(), f"{path}: chart {index} table"
        tables = page.locator("main table")
        assert all(tables.nth(i).is_visible() for i in range(tables.count()))
        shots = os.environ.get("TIPLINE_SCREENSHOTS")
        if shots:
            name = path.strip("/").replace("/", "-") + f"-{locale}.png"
            page.screenshot(path=str(Path(shots) / name), full_page=True)
        return charts.count(), page.locator("html").get_attribute("lang"), page.content()

    return steps


@pytest.mark.parametrize(("locale", "lang"), [("zh-CN", "zh-Hans"), ("en-US", "en")])
def test_the_figures_pages_work_without_javascript(live_server, history, locale, lang):
    base, found = live_server.url, []
    with browsers() as start:
        public = start(js=False, locale=locale)
        shown, page_lang, public_html = public.do(look_at(base, TRANSPARENCY, locale))
        assert shown == 0  # the transparency page is tables only
        assert page_lang.lower() == lang.lower()
        staff = start(js=False, locale=locale)
        staff.do(log_in(base, history))
        staff.do(enter_code(base, totp_code(history)))
        shown, page_lang, staff_html = staff.do(look_at(base, DASHBOARD, locale))
        assert shown == 5
        assert page_lang.lower() == lang.lower()
        checker = start(locale=locale)
        checker.do(lambda page: check_each(page, base, [TRANSPARENCY], found))
        checker.do(log_in(base, history))
        checker.do(enter_code(base, totp_code(history)))
        checker.do(lambda page: check_each(page, base, [DASHBOARD], found))
    assert found == []
    assert "<script" not in staff_html.lower()
    assert "<script" not in public_html.lower()


# Every label of every chart: its drawn box must lie inside its chart's box (a label cut off at
# the chart's edge is the failure this looks for), and it must be whole or end in an ellipsis.
LABELS_INSIDE = """() => [...document.querySelectorAll('div.chart svg[role=img]')].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('.axis text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.firstChild ? t.firstChild.textContent : '',
            title: t.querySelector('title') ? t.querySelector('title').textContent : null,
            inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.width > 0};
  });
})"""


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_every_chart_label_is_drawn_inside_its_chart(live_server, history, locale):
    from intake.models import Category

    long_zh = (
        "危害国家安全的间谍活动及其他相关行为线索、境外机构组织人员实施或者指使资助他人实施的活动"  # noqa: E501
    )
    long_en = (
        "Sabotage of critical infrastructure, public communication networks and control systems"
    )
    Category.objects.filter(slug="sabotage").update(name_zh=long_zh, name_en=long_en)
    base = live_server.url
    with browsers() as start:
        page = start(locale=locale)  # scripts on, to measure the drawn text
        page.do(log_in(base, history))
        page.do(enter_code(base, totp_code(history)))
        labels = page.do(lambda p: (p.goto(base + DASHBOARD), p.evaluate(LABELS_INSIDE))[1])
    texts = [label["text"] for label in labels]
    assert [label for label in labels if not label["inside"]] == []
    assert any(text.startswith(("案件办结", "Case closed")) for text in texts)
    long = long_zh if locale == "zh-CN" else long_en
    cut = [label for label in labels if label["text"].endswith("…")]
    assert [label["title"] for label in cut] == [long]
    assert long.startswith(cut[0]["text"][:-1].rstrip())
