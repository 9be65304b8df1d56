"""Flood control without tracking anyone.

Counters live in the cache only (expiring, never in the database) and are keyed by an HMAC of
whatever they count, so even the cache holds no readable identifier.
"""

import hashlib
import hmac
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from core.cache import count
from core.crypto import current_keyring

logger = logging.getLogger(__name__)


def _cache_key(scope: str, subject: str) -> str:
    digest = hmac.new(current_keyring().receipt, f"{scope}:{subject}".encode(), hashlib.sha256)
    return f"tl:rl:{scope}:{digest.hexdigest()[:32]}"


def _incr(key: str, timeout: int) -> int:
    return count(key, timeout)


def take_submission_slot() -> int | None:
    """Count one submission against the site-wide per-second budget.

    Returns None when within budget, else the seconds to wait (for Retry-After). With the
    per-process locmem cache the budget applies per worker; production sets a Redis cache URL.
    """
    window = int(time.time())
    used = _incr(f"tl:budget:{window}", timeout=5)
    if used > settings.SUBMISSION_BUDGET_PER_SECOND:
        return 1
    return None


@dataclass(frozen=True)
class Throttle:
    """Failures per subject with a growing delay: after n failures, the next attempt is refused
    until base * 2^(n-1) seconds have passed, and after `limit` failures until the window ends.
    Refusing (429) rather than sleeping keeps workers free under attack."""

    scope: str
    limit: int
    window: int
    base_delay: float

    def retry_after(self, subject: str) -> int | None:
        count_key, last_key = self._keys(subject)
        state = cache.get_many([count_key, last_key])
        failures = state.get(count_key) or 0
        if not failures:
            return None
        last = state.get(last_key) or time.time()
        wait = self.window if failures >= self.limit else self.base_delay * 2 ** (failures - 1)
        remaining = last + wait - time.time()
        return max(1, math.ceil(remaining)) if remaining > 0 else None

    def fail(self, subject: str) -> None:
        # An atomic increment, so parallel failures of one subject in several worker processes
        # all count; both keys live for a window after the latest failure.
        count_key, last_key = self._keys(subject)
        _incr(count_key, timeout=self.window)
        cache.touch(count_key, timeout=self.window)
        cache.set(last_key, time.time(), timeout=self.window)

    def reset(self, subject: str) -> None:
        cache.delete_many(self._keys(subject))

    def _keys(self, subject: str) -> list[str]:
        key = _cache_key(self.scope, subject)
        return [f"{key}:n", f"{key}:t"]


@dataclass(frozen=True)
class FloodWatch:
    """Counts failures a minute across everyone and tells the operators when they pass `alert`.

    It never refuses anyone. A site-wide brake that paused every attempt after N failures let
    a guesser take follow-up offline for every reporter in seconds, and bought almost nothing:
    with 20-digit codes, guessing is bounded by the code space and the rate the site can serve
    (docs/threat-model.md, "A receipt guesser"), not by a brake.
    """

    scope: str
    alert: int

    def fail(self) -> int:
        count = _incr(f"tl:flood:{self.scope}:{int(time.time() // 60)}", timeout=120)
        if count == self.alert:  # once a minute, at the crossing; no request data in the line
            logger.warning("%s: %d failures this minute across the site", self.scope, count)
        return count


def receipt_flood_watch() -> FloodWatch:
    return FloodWatch(scope="receipt", alert=settings.RECEIPT_FLOOD_ALERT_PER_MINUTE)


def receipt_throttle() -> Throttle:
    return Throttle(
        scope="receipt",
        limit=settings.RECEIPT_MAX_ATTEMPTS,
        window=settings.RECEIPT_ATTEMPT_WINDOW_SECONDS,
        base_delay=settings.RECEIPT_DELAY_BASE_SECONDS,
    )


def take_minute_slot(scope: str, subject: str, per_minute: int) -> int | None:
    """Count one request of `subject` in the current minute (e.g. a partner's API key).

    Returns None within `per_minute`, else the seconds until the minute ends (for Retry-After).
    A fixed window: a burst at a minute's edge may reach twice the rate, which is fine for
    shielding the site from one runaway client."""
    now = time.time()
    window = int(now // 60)
    used = _incr(f"{_cache_key(scope, subject)}:{window}", timeout=120)
    if used > per_minute:
        return max(1, 60 - int(now % 60))
    return None
