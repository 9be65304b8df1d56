from django import template

from intake.waits import natural_wait as _natural_wait

register = template.Library()


@register.filter
def natural_wait(seconds) -> str:
    """{{ retry_after|natural_wait }}: "23 minutes", "23小时55分钟"."""
    return _natural_wait(int(seconds))
