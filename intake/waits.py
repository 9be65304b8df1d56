"""How long to wait, said the way a person says it: "45 seconds", "23 minutes", "23 hours 55
minutes" (23小时55分钟). Always the real figure, rounded up so nobody comes back too early:
"a moment" would be a lie about anything longer than a minute and a half."""

import math

from django.utils.translation import ngettext, pgettext

SECONDS_UP_TO = 90


def natural_wait(seconds: float) -> str:
    seconds = max(1, math.ceil(seconds))
    if seconds <= SECONDS_UP_TO:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return _minutes(minutes)
    hours, minutes = divmod(minutes, 60)
    in_hours = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    if not minutes:
        return in_hours
    # Chinese writes the parts together ("23小时55分钟"), English with a space.
    return pgettext("duration: hours then minutes", "%(hours)s %(minutes)s") % {
        "hours": in_hours,
        "minutes": _minutes(minutes),
    }


def _minutes(minutes: int) -> str:
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
