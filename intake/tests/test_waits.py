"""How long to wait, as a person says it (intake.waits): never "a moment" for a real wait."""

import pytest
from django.utils import translation

from intake.waits import natural_wait


@pytest.mark.parametrize(
    ("seconds", "english"),
    [
        (0, "1 second"),
        (1, "1 second"),
        (45.2, "46 seconds"),
        (90, "90 seconds"),
        (91, "2 minutes"),
        (55 * 60, "55 minutes"),
        (59 * 60 + 1, "1 hour"),
        (3600, "1 hour"),
        (3601, "1 hour 1 minute"),
        (23 * 3600 + 55 * 60, "23 hours 55 minutes"),
        (48 * 3600, "48 hours"),
    ],
)
def test_waits_are_said_in_english_rounded_up(seconds, english):
    with translation.override("en"):
        assert natural_wait(seconds) == english


@pytest.mark.parametrize(
    ("seconds", "chinese"),
    [(45, "45秒"), (600, "10分钟"), (23 * 3600 + 55 * 60, "23小时55分钟"), (7200, "2小时")],
)
def test_waits_are_said_in_chinese_without_spaces(seconds, chinese):
    with translation.override("zh-hans"):
        assert natural_wait(seconds) == chinese
