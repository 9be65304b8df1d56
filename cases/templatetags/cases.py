"""{% escalation_notice %} (missed deadlines for supervisors) and the |answer filter."""

from django import template
from django.utils.translation import gettext as _

from accounts import permissions
from cases.models import Escalation

register = template.Library()


@register.filter
def answer(value) -> str:
    """An answer as text: choices joined, yes/no spelled out."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


@register.inclusion_tag("cases/_escalation_notice.html", takes_context=True)
def escalation_notice(context):
    """One COUNT for supervisors, nothing for anyone else."""
    user = context["request"].user
    count = 0
    if permissions.can_supervise(user):
        count = Escalation.objects.visible_to(user).active().count()
    return {"count": count}
