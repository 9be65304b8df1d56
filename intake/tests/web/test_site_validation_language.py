"""Django's own validation messages speak the page's language, in the agency's words."""

import pytest

from intake.submission import CONTACT_MAX
from intake.tests.web.site_pages import VALID_ANSWERS, fill_form

pytestmark = pytest.mark.django_db


def error_on(page, field: str = "email") -> str:
    html = page.content.decode()
    return html.split(f'id="id_contact-{field}_error">')[1].split("</div>")[0]


def test_a_bad_email_address_is_explained_in_chinese_on_chinese_pages(client, category, regions):
    page = fill_form(client, {**VALID_ANSWERS, "contact-email": "not-an-address"})
    assert page.headers["Content-Language"] == "zh-hans"
    assert "电子邮箱地址" in error_on(page)
    assert "Enter a valid email address." not in page.content.decode()


def test_a_bad_email_address_is_explained_in_english_on_english_pages(client, category, regions):
    page = fill_form(client, {**VALID_ANSWERS, "contact-email": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Enter a valid email address." in error_on(page)


def test_a_too_long_answer_is_explained_in_plain_chinese(client, category, regions):
    page = fill_form(client, {**VALID_ANSWERS, "contact-name": "李" * (CONTACT_MAX + 1)})
    assert "最多可填写" in error_on(page, "name")
    assert "变量" not in error_on(page, "name"), "Django's own wording calls the answer a variable"
