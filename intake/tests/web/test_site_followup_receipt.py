"""Typing a receipt code on the website: the shape is explained, the wait is real, the browser's
own failures are throttled, and nobody else's wrong guesses ever lock a valid receipt out."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from core import ratelimit
from intake.tests.web.site_pages import log_in, report_and_get_receipt
from intake.web.followup import TRY_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(category, regions):
    code = report_and_get_receipt(Client())
    Session.objects.all().delete()  # the reporting visit's rows are not what we count here
    return code


def post_code(client, code: str, language: str = "en"):
    return client.post("/followup/", {"code": code}, HTTP_ACCEPT_LANGUAGE=language)


def field_value(response) -> str:
    return re.search(r'name="code" value="([^"]*)"', response.content.decode())[1]


def test_a_short_code_says_how_many_digits_were_typed(client, receipt):
    page = post_code(client, "1234 5678")
    assert page.status_code == 200
    assert "A receipt code has 20 digits; you typed 8." in page.content.decode()
    assert field_value(page) == "1234 5678"


def test_the_digit_count_is_explained_in_chinese(client, receipt):
    page = post_code(client, "12345678", language="zh-hans")
    assert "回执码共20位数字，您输入了8位。" in page.content.decode()


def test_letters_in_the_code_are_explained(client, receipt):
    page = post_code(client, "1234 5678 abcd")
    assert "A receipt code has only digits" in page.content.decode()


def test_codes_of_the_wrong_shape_are_not_counted_as_guesses(client, receipt):
    for _ in range(30):
        post_code(client, "12345")
    assert TRY_COOKIE not in client.cookies
    assert log_in(client, receipt).status_code == 303


def test_a_wrong_code_sets_a_session_only_throttle_cookie_and_no_session_row(client, receipt):
    page = post_code(client, "1" * 20)
    cookie = page.cookies[TRY_COOKIE]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]
    assert not Session.objects.exists()


def test_a_throttled_attempt_writes_no_session_row_either(client, receipt, settings):
    settings.RECEIPT_MAX_ATTEMPTS = 1
    post_code(client, "1" * 20)
    assert post_code(client, "2" * 20).status_code == 429
    assert not Session.objects.exists()


def test_the_throttle_gives_the_real_wait_keeps_the_code_and_offers_the_hotline(
    client, receipt, settings
):
    settings.RECEIPT_MAX_ATTEMPTS = 1
    settings.RECEIPT_ATTEMPT_WINDOW_SECONDS = 3600
    settings.HOTLINE_NUMBER = "12339"
    post_code(client, "1" * 20)
    page = post_code(client, receipt)
    html = page.content.decode()
    assert page.status_code == 429
    assert page["Retry-After"] == "3600"
    assert "Wait 1 hour before trying again" in html
    assert "a moment" not in html
    assert "12339" in html
    assert field_value(page) == receipt


def test_a_day_long_wait_is_said_in_hours_and_minutes_in_chinese(client, receipt, settings):
    settings.RECEIPT_MAX_ATTEMPTS = 1
    settings.RECEIPT_ATTEMPT_WINDOW_SECONDS = 23 * 3600 + 55 * 60
    post_code(client, "1" * 20, language="zh-hans")
    html = post_code(client, "2" * 20, language="zh-hans").content.decode()
    assert "23小时55分钟" in html


def test_a_flood_of_wrong_guesses_never_makes_a_valid_receipt_wait(receipt, settings):
    settings.RECEIPT_FLOOD_ALERT_PER_MINUTE = 5
    settings.RECEIPT_MAX_ATTEMPTS = 2
    attacker = Client()
    for n in range(40):
        attacker.cookies.clear()  # a new "browser" for every guess, as a botnet would
        assert post_code(attacker, f"{n:020d}").status_code == 200
    for _ in range(3):
        post_code(attacker, "9" * 20)  # and one that keeps its cookie is throttled itself
    assert post_code(attacker, "8" * 20).status_code == 429
    reporter = Client()
    assert log_in(reporter, receipt).status_code == 303
    assert reporter.get("/followup/report/").status_code == 200
    assert Session.objects.count() == 1  # the reporter's, and no row for any guess


def test_a_valid_code_forgets_the_browsers_failures(client, receipt, settings):
    settings.RECEIPT_DELAY_BASE_SECONDS = 0.0001
    post_code(client, "1" * 20)
    response = log_in(client, receipt)
    assert response.status_code == 303
    assert response.cookies[TRY_COOKIE].value == ""  # deleted


def test_a_forged_throttle_cookie_is_only_a_key(client, receipt):
    client.cookies[TRY_COOKIE] = "<script>"
    page = post_code(client, "1" * 20)
    assert page.status_code == 200
    assert page.cookies[TRY_COOKIE].value != "<script>"


def test_the_page_says_how_long_the_session_lasts(client, settings):
    settings.SESSION_COOKIE_AGE = 15 * 60
    html = client.get("/followup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "after 15 minutes without activity" in html


def test_the_cache_holds_no_throttle_cookie_in_clear(client, receipt):
    post_code(client, "1" * 20)
    value = client.cookies[TRY_COOKIE].value
    assert ratelimit.receipt_throttle().retry_after(value) is not None
    stored = " ".join(map(str, ratelimit.cache._cache))  # LocMemCache keys
    assert value not in stored
