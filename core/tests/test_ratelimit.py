import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.test import override_settings

from core import ratelimit


class Clock:
    def __init__(self) -> None:
        self.now = float(int(time.time()))

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(ratelimit, "time", fake)
    cache.clear()
    yield fake
    cache.clear()


@override_settings(SUBMISSION_BUDGET_PER_SECOND=3)
def test_submissions_over_the_budget_must_retry_after_a_second(clock):
    assert [ratelimit.take_submission_slot() for _ in range(3)] == [None, None, None]
    assert ratelimit.take_submission_slot() == 1
    clock.now += 1
    assert ratelimit.take_submission_slot() is None


def throttle() -> ratelimit.Throttle:
    return ratelimit.Throttle(scope="test", limit=4, window=3600, base_delay=2)


def test_a_fresh_subject_need_not_wait(clock):
    assert throttle().retry_after("session-a") is None


def test_each_failure_doubles_the_wait(clock):
    waits = []
    for _ in range(3):
        throttle().fail("session-a")
        waits.append(throttle().retry_after("session-a"))
    assert waits == [2, 4, 8]
    clock.now += 8
    assert throttle().retry_after("session-a") is None


def test_after_the_limit_the_subject_waits_out_the_window(clock):
    for _ in range(4):
        throttle().fail("session-a")
    assert throttle().retry_after("session-a") == 3600


def test_reset_forgives_the_failures(clock):
    throttle().fail("session-a")
    throttle().reset("session-a")
    assert throttle().retry_after("session-a") is None


def test_subjects_are_counted_apart(clock):
    throttle().fail("session-a")
    assert throttle().retry_after("session-b") is None


def test_cache_holds_no_raw_subject(clock):
    subject = "subject-canary-3f9a"
    throttle().fail(subject)
    ratelimit.take_submission_slot()
    stored = {str(key): str(value) for key, value in cache._cache.items()}  # LocMemCache
    assert stored
    for key, value in stored.items():
        assert subject not in key
        assert subject not in value


@override_settings(RECEIPT_FLOOD_ALERT_PER_MINUTE=2)
def test_the_flood_watch_warns_once_a_minute_and_never_refuses(clock, caplog):
    clock.now = 60 * 1000 + 15.0
    watch = ratelimit.receipt_flood_watch()
    with caplog.at_level("WARNING", logger="core.ratelimit"):
        assert [watch.fail() for _ in range(4)] == [1, 2, 3, 4]
        clock.now += 45  # a new minute starts counting afresh
        assert watch.fail() == 1
    assert [r.getMessage() for r in caplog.records] == [
        "receipt: 2 failures this minute across the site"
    ]


def test_failures_from_parallel_requests_all_count(clock):
    """Each failure is one atomic increment, not a read and a write that can lose a count."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: throttle().fail("session-a"), range(40)))
    assert throttle().retry_after("session-a") == 3600  # over the limit of 4: the window
    assert cache.get(throttle()._keys("session-a")[0]) == 40
