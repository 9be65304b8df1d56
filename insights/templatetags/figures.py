"""{{ seconds|duration }}, {{ rate|percent }}: how the dashboards write times and shares."""

import math

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(seconds) -> str:
    if seconds is None:
        return "—"
    if math.isinf(seconds):
        return _("more than 180 days")
    hours = seconds / 3600
    if hours < 48:
        return _("%(n)s hours") % {"n": f"{hours:.1f}"}
    return _("%(n)s days") % {"n": f"{hours / 24:.1f}"}


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value}%"


@register.filter
def at(sequence, index):
    """An item of a list by position (the histogram bucket of a row)."""
    try:
        return sequence[index]
    except (IndexError, TypeError):
        return ""
