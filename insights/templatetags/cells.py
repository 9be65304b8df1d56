"""{% cell c %}: a published figure, or "fewer than 10" when small-cell suppression hides it;
{{ table|cell_of:row|cell_of:column }} to reach a cell of a suppressed table."""

from django import template
from django.utils.translation import gettext as _

from core.smallcells import THRESHOLD

register = template.Library()


@register.filter
def cell_of(mapping, key):
    try:
        return mapping[key]
    except (KeyError, TypeError):
        return None


@register.simple_tag
def cell(value) -> str:
    if value is None or value.hidden:
        return _("fewer than %(n)s") % {"n": THRESHOLD}
    return f"{value.value:,}"
