"""No cookie outlives the browser session: a cookie that lasts a year would leave a trace of the
visit on a shared device. The staff console, which also relies on the CSRF cookie, still works."""

import re

import pytest
from django.test import Client

from intake.tests.web.site_pages import fill_form, log_in, receipt_in, submit
from tipline.test import PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def lasting_cookies(response) -> list[str]:
    """Cookies set (not deleted) with an expiry, i.e. that survive closing the browser."""
    return [
        name
        for name, morsel in response.cookies.items()
        if morsel.value and (morsel["max-age"] or morsel["expires"])
    ]


def csrf_token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_a_whole_visit_sets_only_browser_session_cookies(client, category, regions, settings):
    settings.RECEIPT_DELAY_BASE_SECONDS = 0.0001  # a wrong code, then at once the right one
    responses = [client.get(path) for path in ("/", "/report/espionage/", "/followup/")]
    responses.append(client.post("/i18n/setlang/", {"language": "en", "next": "/"}))
    review = fill_form(client)
    receipt_page = submit(client, review)
    responses += [review, receipt_page]
    responses.append(log_in(client, "1" * 20))
    responses.append(log_in(client, receipt_in(receipt_page)))
    assert responses[-1].status_code == 303
    responses.append(client.get("/followup/report/"))
    assert {"csrftoken", "sessionid", "tipline_try"} <= set(client.cookies)
    for response in responses:
        assert lasting_cookies(response) == []


def test_the_staff_console_logs_in_with_csrf_enforced(analyst_a):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/staff/login/")
    assert lasting_cookies(page) == []
    answer = browser.post(
        "/staff/login/",
        {"username": "analyst_a", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
    )
    assert answer.status_code == 302
    step = browser.get(answer["Location"])
    answer = browser.post(
        "/staff/login/otp/",
        {"code": totp_code(analyst_a), "csrfmiddlewaretoken": csrf_token(step)},
    )
    assert answer.status_code == 302
    assert browser.get("/staff/").status_code == 200
