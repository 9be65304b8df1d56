"""The shared 429 page says the real wait and calls only a short one "a moment"."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from intake.responses import too_many

pytestmark = pytest.mark.django_db


def wait_page(seconds: int, **context) -> str:
    with translation.override("en"):
        response = too_many(RequestFactory().get("/"), seconds, **context)
    assert response.status_code == 429
    assert response["Retry-After"] == str(seconds)
    return response.content.decode()


def test_an_hour_is_an_hour_not_a_moment():
    html = wait_page(3600, hotline_number="12339")
    assert "a moment" not in html
    assert "Please wait 1 hour before trying again." in html
    assert "12339" in html


def test_a_few_seconds_may_be_a_moment():
    html = wait_page(2, draft="sealed-draft")
    assert "Please wait a moment" in html
    assert "Please wait 2 seconds, then press the button below." in html
