"""Reporter follow-up: finding a report by its receipt, with throttling that tracks no one.

Wrong guesses must never lock out a valid receipt. A caller's own failures slow that caller
down (a growing delay per browser, per call-taker); nothing a stranger does can make someone
else's right code wait. What bounds a guesser is the code space and the rate the site can
serve: docs/threat-model.md works it out, bench/receipt_guessing.py measures it.
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core import receipts
from core.ratelimit import receipt_flood_watch, receipt_throttle
from core.tokens import BadToken, open_token, seal_token
from intake.models import Report
from intake.responses import see_other
from intake.waits import natural_wait

SESSION_KEY = "tipline.report"
# A reply typed into a session that had expired, sealed, until the report page shows it again.
REPLY_KEY = "tipline.reply"
_REPLY_PURPOSE = "followup-reply"

# Pages of apps above intake that the follow-up page links to: (URL name, label), registered by
# those apps (rewards) in their AppConfig.ready, since intake may not import them.
FOLLOWUP_LINKS: list[tuple[str, object]] = []
# The same for the call-taker's follow-up call (intake.hotline.followup): pages of apps above
# intake that relay more of follow-up by telephone (rewards: claims and protection).
HOTLINE_FOLLOWUP_LINKS: list[tuple[str, object]] = []


class Throttled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def shape_error(raw: str | None) -> str | None:
    """What is wrong with the shape of a typed code, or None if it could be a receipt.

    A code of the wrong shape cannot match any report, so it is answered at once and is not
    counted as a guess: a reporter who typed 19 digits should not be slowed down for it."""
    typed = receipts.digits_typed(raw)
    if typed is None:
        return _("A receipt code has only digits (0–9); spaces and dashes do not matter.")
    if typed != receipts.DIGITS:
        return _("A receipt code has %(digits)d digits; you typed %(typed)d.") % {
            "digits": receipts.DIGITS,
            "typed": typed,
        }
    return None


def find_report(raw_code: str | None, *, load=None):
    """The report of a code. `load(receipt hash)` replaces the query with the caller's own
    (intake/followup_answer.py); whatever it returns must carry `receipt_hash`."""
    code = receipts.normalize(raw_code)
    if code is None:
        return None
    digest = receipts.receipt_hash(code)
    if load is not None:
        report = load(digest)
    else:
        found = Report.objects.filter(receipt_hash=digest)
        report = next(iter(found[:1]), None)  # the hash is unique: no ORDER BY needed
    if report is None or not receipts.matches(code, report.receipt_hash):
        return None
    return report


def check_receipt(raw_code: str | None, *, subject: str | None = None, load=None):
    """The report for a code, or None. Raises Throttled while `subject` must wait.

    `subject` is the caller's own throttle key (a browser's random cookie, a call-taker's
    session): its failures earn it a growing delay, checked before the code so that a throttled
    guesser learns nothing. Other callers' failures never delay anyone; across the site they
    are only counted, to warn the operators. A right code and a wrong one cost the same hash
    and one indexed query."""
    if receipts.normalize(raw_code) is None:
        return None  # not a guess: no receipt has this shape
    throttle = receipt_throttle()
    if subject and (wait := throttle.retry_after(subject)):
        raise Throttled(wait)
    report = find_report(raw_code, load=load)
    if report is None:
        if subject:
            throttle.fail(subject)
        receipt_flood_watch().fail()
        return None
    if subject:
        throttle.reset(subject)
    return report


def throttled_message(wait: int) -> str:
    return _(
        "Too many wrong codes from this browser. Wait %(wait)s before trying again, or call "
        "the hotline %(hotline)s and read out your code."
    ) % {"wait": natural_wait(wait), "hotline": settings.HOTLINE_NUMBER}


def session_report(request) -> Report | None:
    """The report this browser logged in to with its receipt, if the session is still alive."""
    report_id = request.session.get(SESSION_KEY)
    if not report_id:
        return None
    try:
        return Report.objects.filter(id=report_id).first()
    except (ValidationError, ValueError):
        return None


def receipt_report(find, entry: str):
    """A view decorator for pages behind a receipt: the report `find(request)` gives (the one
    the receipt opened in this session or on this call) comes as the view's second argument;
    without one, back to `entry`, where the receipt is typed (303 after a POST)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            report = find(request)
            if report is None:
                return see_other(entry) if request.method == "POST" else redirect(entry)
            return view(request, report, *args, **kwargs)

        return wrapped

    return decorator


# The reporter's own pages in follow-up, on the website.
reporter_report = receipt_report(session_report, "followup")


def seal_reply(body: str) -> str:
    """A reply whose session expired, sealed for the reporter's own page: kept for them without
    storing their words on the server in the clear."""
    return seal_token({"body": body}, purpose=_REPLY_PURPOSE)


def open_reply(token: str | None) -> str | None:
    """The sealed reply's text, or None if there is none, it is forged or it is too old."""
    if not token:
        return None
    try:
        body = open_token(token, purpose=_REPLY_PURPOSE, max_age=settings.FORM_MAX_AGE_SECONDS)
    except BadToken:
        return None
    return body.get("body") if isinstance(body.get("body"), str) else None
