"""Reporter follow-up: finding a report by its receipt, with throttling that tracks no one."""

import time

from django.conf import settings
from django.core.cache import cache

from core import receipts
from core.ratelimit import receipt_throttle
from intake.models import Report

SESSION_KEY = "tipline.report"


class Throttled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def find_report(raw_code: str | None) -> Report | None:
    code = receipts.normalize(raw_code)
    if code is None:
        return None
    report = Report.objects.filter(receipt_hash=receipts.receipt_hash(code)).first()
    if report is None or not receipts.matches(code, report.receipt_hash):
        return None
    return report


def _global_key() -> str:
    return f"tl:receipt-failures:{int(time.time() // 60)}"


def check_receipt(raw_code: str | None, *, subject: str | None = None) -> Report | None:
    """The report for a code, or None. Raises Throttled while the caller must wait.

    `subject` (the browser session) gets a growing delay per failure. Across everyone, more than
    RECEIPT_GLOBAL_FAILURES_PER_MINUTE failures pause all attempts: guessing a 20-digit code needs
    billions of tries, so a site-wide brake costs attackers far more than reporters.
    """
    throttle = receipt_throttle()
    if subject and (wait := throttle.retry_after(subject)):
        raise Throttled(wait)
    if (cache.get(_global_key()) or 0) > settings.RECEIPT_GLOBAL_FAILURES_PER_MINUTE:
        raise Throttled(60 - int(time.time() % 60))
    report = find_report(raw_code)
    if report is None:
        if subject:
            throttle.fail(subject)
        cache.add(_global_key(), 0, timeout=120)
        try:
            cache.incr(_global_key())
        except ValueError:
            cache.add(_global_key(), 1, timeout=120)
        return None
    if subject:
        throttle.reset(subject)
    return report
