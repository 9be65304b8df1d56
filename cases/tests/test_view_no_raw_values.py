"""Staff pages show words, never stored values: no empty-choice dashes, language codes, file kinds,
region codes or Chinese names in the English console, and "Open" as a link is not the status."""

from datetime import UTC, datetime

import pytest

from core.sanitize import sanitize
from intake.models import Report
from intake.submission import NewFile
from tipline.test import login_staff
from tipline.testing.builders import png_bytes

from .helpers import accept, submit

pytestmark = pytest.mark.django_db


def image_file() -> NewFile:
    data = png_bytes()
    return NewFile(sanitized=sanitize(data, "photo.png"), original=data, filename="photo.png")


def pages(client, user, language):
    client.cookies["django_language"] = language
    login_staff(client, user)
    report = submit(files=[image_file()])
    case = accept(submit(), user)
    urls = ["/staff/triage/", f"/staff/reports/{report.pk}/", "/staff/cases/"]
    urls.append(f"/staff/cases/{case.number}/")
    return {url: client.get(url).content.decode() for url in urls}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_page_shows_an_empty_choice_dash(client, analyst_a, language):
    for url, page in pages(client, analyst_a, language).items():
        assert "---------" not in page, url


def test_the_english_console_shows_words_not_stored_values(client, analyst_a):
    for url, page in pages(client, analyst_a, "en").items():
        assert "zh-hans<" not in page, url
        assert ">image<" not in page, url
        assert "间谍行为" not in page, url
        assert ">110000 " not in page, url
        assert "(110000)" not in page, url


def test_the_report_page_names_the_language_and_the_file_kind(client, analyst_a):
    page = next(p for u, p in pages(client, analyst_a, "en").items() if "/reports/" in u)
    assert "Chinese" in page
    assert "Image" in page


def test_the_chinese_console_shows_chinese_words(client, analyst_a):
    for url, page in pages(client, analyst_a, "zh-hans").items():
        assert "zh-hans<" not in page, url
        assert ">image<" not in page, url


def test_the_queue_link_is_not_the_case_status(client, analyst_a):
    page = pages(client, analyst_a, "zh-hans")["/staff/triage/"]
    assert "已立案" not in page


def test_a_page_not_open_to_the_role_says_so_in_the_console(client, unit_a, custodian):
    client.cookies["django_language"] = "en"
    response = login_staff(client, custodian).get("/staff/triage/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page is not open to your role" in page
    assert 'href="/staff/"' in page  # back to the staff home, in the console's own frame


def test_a_report_is_named_by_its_local_day_in_the_mailbox_choice(client, intake_officer):
    report = submit()
    evening_utc = datetime(2026, 1, 1, 17, 30, tzinfo=UTC)  # already 2 January in Beijing
    Report.objects.filter(pk=report.pk).update(created_at=evening_utc)
    page = login_staff(client, intake_officer).get(f"/staff/reports/{report.pk}/").content
    assert f"{report.grouped_reference} · 2026-01-02".encode() in page
