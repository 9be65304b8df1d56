"""{% guides as guides %}: the public guides registered by apps above intake (intake/guides.py);
{% guide_for guides category.slug as guide %}: the "what to report" guide of one category."""

from django import template

from intake.guides import Guides, current_guides

register = template.Library()


@register.simple_tag
def guides() -> Guides:
    return current_guides()


@register.simple_tag
def guide_for(found: Guides, slug: str):
    return found.by_category.get(slug)
