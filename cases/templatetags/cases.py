"""{% escalation_notice %} (missed deadlines, for supervisors) and filters that turn stored values
(language codes, attachment kinds) into words."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts import permissions
from cases.forms import DECISION_CHOICES
from cases.models import Escalation
from cases.panels import CASE_PANELS, CUSTODY_LINKS
from intake.display import is_english

register = template.Library()

LANGUAGES = {"zh-hans": _("Chinese"), "en": _("English")}
ATTACHMENT_KINDS = {
    "image": pgettext_lazy("attachment", "Image"),
    "pdf": pgettext_lazy("attachment", "PDF document"),
    "text": pgettext_lazy("attachment", "Text file"),
    "audio": pgettext_lazy("attachment", "Sound recording"),
    "video": pgettext_lazy("attachment", "Video"),
}


def _span(seconds: float) -> str:
    """A duration as people say it, the two largest units: "23 hours, 55 minutes" in English,
    "23小时55分钟" in Chinese (Django's timeuntil gives "23 小时，55 分钟")."""
    minutes = max(int(seconds // 60), 1)
    days, hours, mins = minutes // 1440, minutes // 60 % 24, minutes % 60
    parts = [
        ngettext("%(n)d day", "%(n)d days", days) % {"n": days} if days else "",
        ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours} if hours else "",
        ngettext("%(n)d minute", "%(n)d minutes", mins) % {"n": mins} if mins and not days else "",
    ]
    return (", " if is_english() else "").join([part for part in parts if part][:2])


@register.filter
def time_left(due, now) -> str:
    return _span((due - now).total_seconds())


@register.filter
def time_over(due, now) -> str:
    return _span((now - due).total_seconds())


@register.filter
def time_ago(then, now) -> str:
    """How long ago, as people say it: "3 days, 2 hours ago", "3天2小时前"."""
    return _("%(span)s ago") % {"span": _span((now - then).total_seconds())}


@register.inclusion_tag("cases/_sort_header.html", takes_context=True)
def sort_header(context, name: str):
    """A column header that sorts the list by `name` (cases/views/sorting.py)."""
    return context["sorting"].header(name)


@register.filter
def language_name(code: str) -> str:
    """The report's language in words ("Chinese"), not its code ("zh-hans")."""
    return str(LANGUAGES.get((code or "").lower(), code))


@register.filter
def decision_label(decision: str) -> str:
    return str(dict(DECISION_CHOICES).get(decision, decision))


@register.filter
def attachment_kind(kind: str) -> str:
    return str(ATTACHMENT_KINDS.get(kind, kind))


@register.inclusion_tag("cases/_escalation_notice.html", takes_context=True)
def escalation_notice(context):
    """One COUNT for supervisors, nothing for anyone else."""
    user = context["request"].user
    count = 0
    if permissions.can_supervise(user):
        count = Escalation.objects.visible_to(user).active().count()
    return {"count": count}


@register.simple_tag(takes_context=True)
def case_panels(context, case, reports):
    """The panels apps above cases registered (cases.panels): rendered templates, so safe
    strings that format_html passes through; anything else would be escaped."""
    request = context["request"]
    return format_html_join("", "{}", ((panel(request, case, reports),) for panel in CASE_PANELS))


@register.simple_tag
def custody_links():
    items = ((reverse(name), label) for name, label in CUSTODY_LINKS)
    return format_html_join(" · ", '<a href="{}">{}</a>', items)
