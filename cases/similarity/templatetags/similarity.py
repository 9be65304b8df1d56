"""The "possibly the same matter" panel of a staff report page."""

from django import template

from accounts import permissions
from cases.models import CaseStatus
from cases.similarity.floods import floods_for
from cases.similarity.queries import case_of, similar_for
from intake.models import TriageState

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
