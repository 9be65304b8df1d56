"""The case page's rewards panel (registered in cases.panels): whether a reporter of the case
asked for protection and where that stands, the case's awards, and a way to propose one.

Shown to whoever may see the case (the case page found it for them); the request's text and
the measures stay on the protection page, for supervisors only."""

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import permissions
from rewards import eligibility
from rewards.models import Award, ProtectionRequest


def protection_status(item) -> str:
    if item.measure_count:
        return "measures_taken"
    return "acknowledged" if item.acknowledged_at else "received"


def case_panel(request, case, reports) -> str:
    user = request.user
    requests = list(
        ProtectionRequest.objects.filter(report_id__in=[r.pk for r in reports])
        .annotate(measure_count=Count("measures"))
        .order_by("-created_at", "id")
    )
    for item in requests:
        item.shown_status = protection_status(item)
    awards = []
    if permissions.can_work_rewards(user):
        awards = list(Award.objects.filter(case=case).select_related("tier"))
    context = {
        "case": case,
        "requests": requests,
        "awards": awards,
        "now": timezone.now(),
        "may_supervise": permissions.can_supervise(user),
        "may_propose": permissions.can_propose_awards(user)
        and eligibility.case_is_rewardable(case),
    }
    return render_to_string("rewards/_case_panel.html", context, request=request)
