"""Files a reporter attached are never dropped by an error elsewhere on the form, in a real
browser (which cannot re-fill a file input): the server keeps them sealed in the draft and lists
them again; too many files is an error that keeps every typed answer."""

import io
import re

import pytest
from PIL import Image

from intake.models import Attachment, Report
from tipline.browser import in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT = "A stranger photographed the base gate every morning this week."
WORDS = {
    "zh-CN": {
        "continue": "下一步：核对举报内容",
        "submit": "提交举报",
        "open": "打开我的举报",
        "max": "最多",
    },
    "en-GB": {
        "continue": "Continue to check your report",
        "submit": "Submit report",
        "open": "Open my report",
        "max": "Attach at most 5 files.",
    },
}


def _files(tmp_path, count: int) -> list[str]:
    """`count` small files: a PNG photo first, then plain-text notes."""
    paths = []
    photo = tmp_path / "gate-photo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 200)).save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())
    paths.append(photo)
    for index in range(1, count):
        note = tmp_path / f"note-{index}.txt"
        note.write_text(f"licence plate notes, day {index}\n")
        paths.append(note)
    return [str(path) for path in paths[:count]]


@pytest.mark.parametrize(("js", "locale"), [(True, "zh-CN"), (False, "en-GB")])
def test_attached_files_survive_a_validation_error_and_reach_the_report(
    live_server, category, regions, tmp_path, js, locale
):
    words = WORDS[locale]
    files = _files(tmp_path, 2)
    names = ["gate-photo.png", "note-1.txt"]

    def steps(page):
        page.goto(live_server.url + "/report/espionage/")
        page.locator("input[name='a-name']").fill("Mr Wang")
        page.select_option("#region", "110100")
        page.locator("input[type=file]").set_input_files(files)
        page.get_by_role("button", name=words["continue"]).click()  # "What happened?" is empty

        # The form again, with its error, the typed answers and both files, ticked to keep.
        assert page.locator(".error-summary, [role=alert]").count() >= 1
        assert page.locator("input[name='a-name']").input_value() == "Mr Wang"
        kept = page.locator("input[name=keep]")
        assert kept.count() == 2
        assert all(kept.nth(i).is_checked() for i in range(2))
        listed = page.locator("#attachments-section").inner_text()
        assert all(name in listed for name in names)

        page.locator("textarea[name='a-what']").fill(WHAT)
        page.get_by_role("button", name=words["continue"]).click()
        review = page.content()
        assert all(name in review for name in names)
        page.get_by_role("button", name=words["submit"]).click()
        code = "".join(page.locator(".receipt-code .code-block").all_inner_texts())
        assert re.fullmatch(r"\d{20}", code)

        page.goto(live_server.url + "/followup/")
        page.locator("input[name='code']").fill(code)
        page.get_by_role("button", name=words["open"]).click()
        return page.content()

    followup = in_browser(steps, js=js, locale=locale)
    assert all(name in followup for name in names)
    report = Report.objects.get()
    assert report.attachments.count() == 2
    assert not Attachment.objects.filter(report__isnull=True).exists()  # nothing left staged


@pytest.mark.parametrize(("js", "locale"), [(False, "zh-CN"), (True, "en-GB")])
def test_more_than_five_files_is_a_form_error_that_keeps_the_answers(
    live_server, category, regions, tmp_path, js, locale
):
    words = WORDS[locale]

    def steps(page):
        page.goto(live_server.url + "/report/espionage/")
        page.locator("textarea[name='a-what']").fill(WHAT)
        page.locator("input[name='a-name']").fill("Mr Wang")
        page.select_option("#region", "110100")
        page.locator("input[type=file]").set_input_files(_files(tmp_path, 6))
        page.get_by_role("button", name=words["continue"]).click()

        assert words["max"] in page.locator("#attachments-section").inner_text()
        assert words["max"] in page.locator(".error-summary").inner_text()
        assert page.locator("textarea[name='a-what']").input_value() == WHAT
        assert page.locator("input[name='a-name']").input_value() == "Mr Wang"
        assert page.locator("#region").input_value() == "110100"
        assert page.locator("input[name=keep]").count() == 0

        # Choosing five of them goes on to the review.
        page.locator("input[type=file]").set_input_files(_files(tmp_path, 5))
        page.get_by_role("button", name=words["continue"]).click()
        return page.content()

    review = in_browser(steps, js=js, locale=locale)
    assert "note-4.txt" in review
    assert Attachment.objects.filter(report__isnull=True).count() == 5
