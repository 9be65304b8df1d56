"""Reporter follow-up: finding a report by its receipt, with throttling that tracks no one."""

from django.core.exceptions import ValidationError

from core import receipts
from core.ratelimit import receipt_brake, receipt_throttle
from intake.models import Report

SESSION_KEY = "tipline.report"
# Pages of apps above intake that the follow-up page links to: (URL name, label), registered by
# those apps (rewards) in their AppConfig.ready, since intake may not import them.
FOLLOWUP_LINKS: list[tuple[str, object]] = []


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


def check_receipt(raw_code: str | None, *, subject: str | None = None) -> Report | None:
    """The report for a code, or None. Raises Throttled while the caller must wait.

    `subject` (the browser session) gets a growing delay per failure. Across everyone, after
    RECEIPT_GLOBAL_FAILURES_PER_MINUTE failures all attempts pause until the minute ends.
    """
    throttle, brake = receipt_throttle(), receipt_brake()
    if subject and (wait := throttle.retry_after(subject)):
        raise Throttled(wait)
    if wait := brake.retry_after():
        raise Throttled(wait)
    report = find_report(raw_code)
    if report is None:
        if subject:
            throttle.fail(subject)
        brake.fail()
        return None
    if subject:
        throttle.reset(subject)
    return report


def session_report(request) -> Report | None:
    """The report this browser logged in to with its receipt, if the session is still alive."""
    report_id = request.session.get(SESSION_KEY)
    if not report_id:
        return None
    try:
        return Report.objects.filter(id=report_id).first()
    except (ValidationError, ValueError):
        return None
