"""The "possibly the same matter" panel of a staff report page."""

from django import template
from django.utils.translation import get_language

from accounts import permissions
from cases.models import CaseStatus
from cases.similarity.floods import floods_for
from cases.similarity.models import PriorityHint
from cases.similarity.queries import case_of, similar_for
from intake.models import Priority, Report, TriageState

register = template.Library()


@register.inclusion_tag("similarity/_similar.html", takes_context=True)
def similar_reports(context, report):
    user = context["request"].user
    can_join = report.triage_state == TriageState.NEW and permissions.can_triage(user)
    rows = []
    for pair in similar_for(user, report):
        case = case_of(pair.other)
        rows.append(
            {
                "report": pair.other,
                "percent": round(pair.similarity * 100),
                "case": case,
                "can_join": can_join and case is not None and case.status != CaseStatus.CLOSED,
            }
        )
    return {"rows": rows, "report": report, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("similarity/_floods.html", takes_context=True)
def flood_panel(context):
    return {"floods": list(floods_for(context["request"].user))}


@register.inclusion_tag("similarity/_hint.html")
def priority_hint(report):
    hint = PriorityHint.objects.filter(report=report).select_related("rule").first()
    reason = ""
    if hint and hint.rule:
        english = get_language() == "en" and hint.rule.reason_en
        reason = hint.rule.reason_en if english else hint.rule.reason_zh
    return {"hint": hint, "reason": reason}


@register.inclusion_tag("similarity/_hint_notice.html", takes_context=True)
def hint_notice(context):
    """For supervisors: reports awaiting triage that a rule hinted P1 (one COUNT)."""
    user = context["request"].user
    count = 0
    if permissions.can_supervise(user):
        count = (
            Report.objects.visible_to(user)
            .filter(triage_state=TriageState.NEW, priority_hint__priority=Priority.P1)
            .count()
        )
    return {"count": count}
