"""{% staff_nav %}: the staff console's links, only those the user's roles open.

Pages of apps above accounts (cases) are found by URL name, so the layout works before and
after they exist: a name that does not resolve is simply not shown.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts import permissions

register = template.Library()

# (URL name, label, who may see it)
NAV = [
    ("accounts:home", _("Staff home"), lambda user: True),
    ("hotline:start", _("Hotline"), permissions.can_take_calls),
    ("cases:triage", _("Triage"), permissions.can_triage),
    ("letters:start", _("Letters & visits"), permissions.can_enter_letters),
    ("cases:list", _("Cases"), permissions.can_work_cases),
    ("cases:overdue", _("Overdue"), permissions.can_see_overdue),
    ("search:search", _("Search"), permissions.can_read_content),
    ("rewards:list", _("Rewards"), permissions.can_work_rewards),
    ("rewards:protection", _("Protection requests"), permissions.can_supervise),
    ("cases:custody", _("Identity requests"), permissions.is_custodian),
    ("insights:dashboard", _("Figures"), permissions.can_read_insights),
    ("accounts:audit_trail", _("Audit trail"), permissions.can_read_audit),
    ("accounts:tokens", _("API tokens"), permissions.can_hold_api_token),
]


@register.inclusion_tag("staff/nav.html", takes_context=True)
def staff_nav(context):
    request = context["request"]
    items = []
    for name, label, allowed in NAV:
        if not allowed(request.user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": request.path == url})
    return {"items": items}
