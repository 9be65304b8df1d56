"""{% followup_links %}: links to follow-up pages that apps above intake registered."""

from django import template
from django.urls import reverse

from intake.followup import FOLLOWUP_LINKS

register = template.Library()


@register.inclusion_tag("intake/_followup_links.html")
def followup_links():
    return {"links": [(reverse(name), label) for name, label in FOLLOWUP_LINKS]}
