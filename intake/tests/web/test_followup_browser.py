"""Following up in a real browser without JavaScript: a code of the wrong length is explained,
a throttled attempt says the real wait and keeps the code, and a reply typed while the session
ran out comes back once the code is entered again."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from intake.models import Message
from intake.tests.web.site_pages import report_and_get_receipt
from tipline.browser import browsers, in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "The van came back on Tuesday.\nSame driver."


@pytest.fixture
def receipt(category, regions):
    return report_and_get_receipt(Client())


def enter_code(page, code: str):
    page.fill("input[name=code]", code)
    page.click("button[type=submit].button-primary")


def test_a_code_of_the_wrong_length_says_how_many_digits_were_typed(live_server, receipt):
    def steps(page):
        page.goto(live_server.url + "/followup/")
        enter_code(page, "1234 5678")
        assert page.locator("#code-error").inner_text() == (
            "A receipt code has 20 digits; you typed 8."
        )
        assert page.input_value("input[name=code]") == "1234 5678"

    in_browser(steps, js=False, locale="en-GB")


def test_a_throttled_attempt_gives_the_real_wait_and_keeps_the_code(live_server, receipt, settings):
    settings.RECEIPT_MAX_ATTEMPTS = 1
    settings.RECEIPT_ATTEMPT_WINDOW_SECONDS = 3600
    settings.HOTLINE_NUMBER = "12339"
    with browsers() as start:
        reporter = start(js=False, locale="en-GB")

        def steps(page):
            page.goto(live_server.url + "/followup/")
            enter_code(page, "1111 1111 1111 1111 1111")
            enter_code(page, receipt)
            # The 429 is the answer we expect; chromium logs every 4xx page as a console error,
            # a moment after the page has loaded.
            expected = (
                "Failed to load resource: the server responded with a status of 429 "
                "(Too Many Requests)"
            )
            for _ in range(50):
                if expected in reporter.problems:
                    break
                page.wait_for_timeout(100)
            reporter.problems.remove(expected)
            error = page.locator("#code-error").inner_text()
            assert "Wait 1 hour before trying again" in error
            assert "12339" in error
            assert "a moment" not in page.content()
            assert page.input_value("input[name=code]") == receipt

        reporter.do(steps)


def test_a_reply_survives_an_expired_session(live_server, receipt):
    with browsers() as start:
        reporter = start(js=False, locale="en-GB")

        def log_in_and_write(page):
            page.goto(live_server.url + "/followup/")
            enter_code(page, receipt)
            assert "minutes without activity" in page.content()
            page.fill("textarea[name=body]", REPLY)

        reporter.do(log_in_and_write)
        Session.objects.all().delete()  # the reporter left the page past the idle timeout

        def send_then_enter_the_code_again(page):
            page.get_by_role("button", name="Send", exact=True).click()
            assert "your message has not been sent yet" in page.content()
            enter_code(page, receipt)
            assert page.input_value("textarea[name=body]") == REPLY
            page.get_by_role("button", name="Send", exact=True).click()
            assert "Your message was sent." in page.content()

        reporter.do(send_then_enter_the_code_again)
    assert Message.objects.get(author="reporter").sent_at
