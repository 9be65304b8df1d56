"""{% load hotline %}{% taken_by_facts report %}: for staff pages only, who recorded a report
taken by a staff member (hotline, letter, visit), whether the caller confirmed the read-back,
and whether it came from an organisation. Rows for a <dl>; nothing for a web report by a person.

The reporter's side must never load this: who took a call is staff information."""

from django import template

register = template.Library()


@register.inclusion_tag("intake/hotline/_taken_by_facts.html")
def taken_by_facts(report):
    return {
        "report": report,
        "taken_by": report.taken_by if report.taken_by_id else None,
        "oral": report.channel == "hotline",
    }
