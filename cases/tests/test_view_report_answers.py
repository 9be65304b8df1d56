"""The report page shows each answer as the reporter saw it: labels, never internal keys."""

import pytest

from tipline.test import login_staff
from tipline.testing.builders import region

from .helpers import submit

pytestmark = pytest.mark.django_db

ANSWERS = {
    "what": "a drone",
    "kind": "firm",
    "methods": ["money", "online"],
    "contact_made": True,
    "where": "110100",
}


def page(client, user, language):
    client.cookies["django_language"] = language
    region("110100")
    report = submit(answers=ANSWERS)
    return login_staff(client, user).get(f"/staff/reports/{report.pk}/").content.decode()


def test_choices_are_shown_by_their_english_labels(client, intake_officer):
    shown = page(client, intake_officer, "en")
    assert "A firm" in shown
    assert "Online, Money" in shown
    assert "Beijing · Beijing City" in shown
    assert ">firm<" not in shown
    assert "money" not in shown
    assert ">110100<" not in shown


def test_choices_are_shown_by_their_chinese_labels(client, intake_officer):
    shown = page(client, intake_officer, "zh-hans")
    assert "机构" in shown
    assert "网络、金钱" in shown or "网络, 金钱" in shown
    assert ">firm<" not in shown


def test_durations_read_naturally():
    from datetime import datetime, timedelta

    from django.utils import translation

    from cases.templatetags.cases import time_left, time_over

    now = datetime(2026, 1, 1, 12, 0)
    with translation.override("en"):
        assert time_left(now + timedelta(hours=23, minutes=55), now) == "23 hours, 55 minutes"
        assert time_over(now - timedelta(days=2, hours=1, minutes=5), now) == "2 days, 1 hour"
        assert time_left(now + timedelta(seconds=20), now) == "1 minute"
    with translation.override("zh-hans"):
        assert time_left(now + timedelta(hours=23, minutes=55), now).replace("小时", "h") in (
            "23h55分钟",
            "23 hours55 minutes",  # before the lead merges the translations
        )
