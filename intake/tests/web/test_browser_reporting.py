"""A reporter's whole journey in a real browser: report with a file → review → receipt →
follow-up → reply → log out, with JavaScript on and off, in zh-Hans and en."""

import io
import re

import pytest
from PIL import Image

from tipline.browser import in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "zh-CN": {
        "make": "我要举报",
        "continue": "下一步：核对举报内容",
        "submit": "提交举报",
        "open": "打开我的举报",
        "send": "发送",
        "received": "已收到",
        "logout": "退出",
    },
    "en-GB": {
        "make": "Make a report",
        "continue": "Continue to check your report",
        "submit": "Submit report",
        "open": "Open my report",
        "send": "Send",
        "received": "Received",
        "logout": "Log out",
    },
}


def _png(tmp_path):
    path = tmp_path / "evidence-photo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    ("js", "locale"), [(True, "zh-CN"), (False, "en-GB"), (False, "zh-CN"), (True, "en-GB")]
)
def test_a_reporter_submits_with_a_file_and_follows_up(
    live_server, category, regions, tmp_path, js, locale
):
    words = TEXT[locale]
    photo = _png(tmp_path)
    category_name = category.name_en if locale == "en-GB" else category.name_zh

    def steps(page):
        page.goto(live_server.url + "/")
        page.get_by_role("link", name=words["make"]).first.click()
        page.get_by_role("link", name=category_name).click()
        page.locator("textarea[name='a-what']").fill(
            "A stranger photographed the base gate every morning this week."
        )
        page.select_option("#region", "110100")
        page.locator("input[type=file]").first.set_input_files(str(photo))
        page.get_by_role("button", name=words["continue"]).click()

        assert "evidence-photo.png" in page.content()
        page.get_by_role("button", name=words["submit"]).click()
        code = "".join(page.locator(".receipt-code .code-block").all_inner_texts())
        assert re.fullmatch(r"\d{20}", code)
        assert code not in page.url

        page.goto(live_server.url + "/followup/")
        page.locator("input[name='code']").fill(" ".join(re.findall(r"\d{4}", code)))
        page.get_by_role("button", name=words["open"]).click()
        assert page.url == live_server.url + "/followup/report/"
        assert words["received"] in page.locator("#status-heading").inner_text()
        assert "evidence-photo.png" in page.content()

        page.locator("textarea[name='body']").fill("The car was a grey van, plate covered.")
        page.get_by_role("button", name=words["send"]).click()
        assert "grey van" in page.locator(".thread").inner_text()

        page.get_by_role("button", name=words["logout"]).click()
        assert page.url == live_server.url + "/"

    in_browser(steps, js=js, locale=locale)
