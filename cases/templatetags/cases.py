"""{% escalation_notice %}: missed deadlines, for supervisors."""

from django import template

from accounts import permissions
from cases.models import Escalation

register = template.Library()


@register.inclusion_tag("cases/_escalation_notice.html", takes_context=True)
def escalation_notice(context):
    """One COUNT for supervisors, nothing for anyone else."""
    user = context["request"].user
    count = 0
    if permissions.can_supervise(user):
        count = Escalation.objects.visible_to(user).active().count()
    return {"count": count}
