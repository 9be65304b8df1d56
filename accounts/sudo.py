"""A fresh second factor ("sudo") for the most sensitive acts: identity reveal, exports, original
attachments, issuing API tokens. The user re-enters a TOTP code; it stays fresh for a few minutes.

API tokens never count as fresh: those acts are for a person at the web console, not a system.
"""

import time

SESSION_KEY = "staff_sudo_at"
FRESH_SECONDS = 5 * 60


def is_fresh(request) -> bool:
    if getattr(request, "staff_api_token", None) is not None:
        return False
    session = getattr(request, "session", None)
    if session is None:
        return False
    at = session.get(SESSION_KEY)
    return isinstance(at, int | float) and 0 <= time.time() - at < FRESH_SECONDS


def mark_fresh(request) -> None:
    request.session[SESSION_KEY] = time.time()


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)
