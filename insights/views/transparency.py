"""/transparency/: the public figures by month and province (see insights.public)."""

import re

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.figures import labels
from insights.public import (
    MONTHS_SHOWN,
    PROVINCE_COLUMNS,
    by_month_and_channel,
    by_province,
    month_start,
)
from intake.choices import channel_label

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str, today):
    """The month asked for (YYYY-MM, one of those shown), else None."""
    found = MONTH.match(value or "")
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    shown = {month_start(today, back) for back in range(MONTHS_SHOWN)}
    return next((m for m in shown if (m.year, m.month) == (year, month)), None)


def transparency(request):
    today = timezone.localdate()
    month = month_start(today, 1)  # the last complete month, unless one is asked for
    status = 200
    if "month" in request.GET:
        month = _month(request.GET["month"], today)
        status = 200 if month else 400
        month = month or month_start(today, 1)
    monthly = by_month_and_channel(today)
    provinces = by_province(month)
    names = labels("province", provinces["provinces"])
    context = {
        "monthly": monthly,
        "channel_names": {
            c: _("Partners") if c == "partner" else channel_label(c) for c in monthly["channels"]
        },
        "provinces": provinces,
        "province_names": {
            code: names.get(code) or _("Not given") for code in provinces["provinces"]
        },
        "columns": PROVINCE_COLUMNS,
        "month_choices": [month_start(today, back) for back in range(MONTHS_SHOWN)],
        "bad_month": status == 400,
    }
    return render(request, "insights/transparency.html", context, status=status)
