"""An intake officer enters a letter with a scanned PDF in a real browser and prints the slip."""

import re

import pytest

from intake.models import Report
from intake.tests.letters.letters_pages import scanned_pdf
from tipline import browser
from tipline.browser import browsers
from tipline.test import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def enter_password(base, user):
    return lambda page: browser.enter_password(page, base, user)


def enter_code(base, code):
    return lambda page: browser.enter_code(page, base, code)


def enter_a_letter(pdf_path):
    def steps(page):
        page.get_by_role("navigation").get_by_role("link", name="Letters & visits").click()
        page.get_by_label("Letter (by post)").check()
        page.get_by_label("Category").select_option("espionage")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Language of the report").select_option("en")
        page.get_by_label("Date received").fill("2024-05-02")
        page.get_by_label("Yes: print a receipt slip").check()
        page.locator("textarea[name='a-what']").fill("A letter about a man photographing the port.")
        page.select_option("#region", "110100")
        page.set_input_files("#attachments", str(pdf_path))
        page.get_by_role("button", name="Save the report").click()
        return "".join(page.locator(".receipt-slip .code-block").all_inner_texts())

    return steps


def what_prints(page):
    page.emulate_media(media="print")
    visible = page.evaluate(
        """() => ({
            header: getComputedStyle(document.querySelector('.staff-header')).visibility,
            officer: getComputedStyle(document.querySelector('h1')).visibility,
            slip: getComputedStyle(document.querySelector('.receipt-slip')).visibility,
        })"""
    )
    return visible, page.locator(".receipt-slip").inner_text()


def test_an_officer_enters_a_letter_and_prints_only_the_slip(
    live_server, intake_officer, category, regions, tmp_path
):
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(scanned_pdf().read())
    base = live_server.url
    with browsers() as start:
        officer = start(locale="en-GB")
        officer.do(enter_password(base, intake_officer))
        officer.do(enter_code(base, totp_code(intake_officer)))  # read off the officer's phone
        code = officer.do(enter_a_letter(pdf))
        assert re.fullmatch(r"\d{20}", code)
        visible, slip = officer.do(what_prints)
    assert visible == {"header": "hidden", "officer": "hidden", "slip": "visible"}
    assert "Your receipt code:" in slip
    assert "intake_officer" not in slip
    report = Report.objects.get()
    assert (report.channel, report.taken_by_id, report.language) == (
        "letter",
        intake_officer.id,
        "en",
    )
    assert report.attachments.count() == 1
