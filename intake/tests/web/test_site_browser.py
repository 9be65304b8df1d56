"""The language switch in a real browser with JavaScript switched off.

Catches what the test client cannot: the browser actually posting our forms (CSRF under
`Referrer-Policy: no-referrer`), the CSP letting our stylesheet load, and nothing needing script.
"""

import pytest

from tipline.browser import in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_language_switch_works_without_javascript(live_server, category):
    def steps(page):
        page.goto(live_server.url + "/report/")
        page.click("button[value=en]")
        assert page.url == live_server.url + "/report/"
        assert page.locator("html").get_attribute("lang") == "en"
        assert "Espionage" in page.content()

    in_browser(steps, js=False)
