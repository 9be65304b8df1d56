"""A call-taker's shift in a real browser, by keyboard: log in with password and TOTP, take a
report by telephone, read the receipt and the record back, end the call; then a follow-up call
with that receipt, relaying the agency's question and taking down the caller's reply."""

import re

import pytest
from playwright.sync_api import expect

from intake.actions.mailbox import do_post_message
from intake.models import Message, Report
from tipline.browser import in_browser, log_in
from tipline.test import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT = "A man photographs the radar station fence every night from a grey van."
REPLY = "It was the bus stop on the north side."


def take_a_call(base):
    def steps(page):
        page.goto(base + "/staff/hotline/")
        expect(page.locator("#pick-category")).to_be_focused()
        page.keyboard.type("1")
        page.keyboard.press("Enter")
        page.wait_for_url(base + "/staff/hotline/new/espionage/")
        expect(page.locator("#call_reference")).to_be_focused()
        page.keyboard.type("PBX-7781")
        page.keyboard.press("Tab")  # the call's language
        page.keyboard.press("Tab")  # the first question
        expect(page.locator("#q-what")).to_be_focused()
        page.keyboard.type(WHAT)
        page.fill("#region", "110100")
        page.press("#region", "Tab")
        page.fill("#notes", "Caller asked not to be called back.")
        page.focus("#save-call")
        page.keyboard.press("Enter")
        page.wait_for_selector(".receipt-code")
        code = "".join(page.locator(".receipt-code .code-block").all_inner_texts())
        spelled = page.locator(".spelled").inner_text()
        assert code not in page.url

        expect(page.locator("#id_confirmed")).to_be_focused()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url(base + "/staff/hotline/call/")
        assert WHAT in page.locator("#read-back").inner_text()
        page.focus("#confirm-record")
        page.keyboard.press("Enter")
        page.wait_for_selector("#read-back-confirmed")
        page.locator(".end-call button").click()
        page.wait_for_url(base + "/staff/hotline/")
        return code, spelled

    return steps


def follow_up(base, code):
    def steps(page):
        page.goto(base + "/staff/hotline/")
        page.fill("#followup-code", " ".join(re.findall(r"\d{4}", code)))
        page.press("#followup-code", "Enter")
        page.wait_for_url(base + "/staff/hotline/followup/call/")
        thread = page.locator(".thread").inner_text()
        page.fill("textarea[name='body']", REPLY)
        page.focus("#relay-send")
        with page.expect_navigation():  # back to the same page, now with the reply
            page.keyboard.press("Enter")
        return thread, page.locator(".thread").inner_text()

    return steps


@pytest.mark.parametrize(("js", "locale"), [(True, "zh-CN"), (False, "en-GB")])
def test_a_call_taker_takes_a_report_and_a_follow_up_call(
    live_server, call_taker, category, regions, js, locale
):
    base = live_server.url

    def shift(otp):  # the code is read here: the ORM stays on the test's thread
        def steps(page):
            log_in(page, base, call_taker, otp)
            return take_a_call(base)(page)

        return steps

    code, spelled = in_browser(shift(totp_code(call_taker)), js=js, locale=locale)
    assert re.fullmatch(r"\d{20}", code)
    assert " ".join(code[:4]) in spelled
    assert ("幺" in spelled or "1" not in code) if locale == "zh-CN" else "零" not in spelled
    report = Report.objects.get()
    assert (report.channel, report.taken_by) == ("hotline", call_taker)
    assert report.read_back_confirmed_at is not None

    do_post_message(report, "Which bus stop was it?", author="agency", actor="system")

    def second_call(otp):
        def steps(page):
            log_in(page, base, call_taker, otp)
            return follow_up(base, code)(page)

        return steps

    before, after = in_browser(second_call(totp_code(call_taker)), js=js, locale=locale)
    assert "Which bus stop was it?" in before
    assert REPLY in after
    assert Message.objects.get(author="reporter").relayed_by == call_taker
