"""The staff home page: what waits for each role, counted, with a link to the list behind it.

It takes over /staff/ from accounts (which cannot see reports or cases) and fills the dashboard
block of accounts' home page. Each count is one COUNT query, run only for the roles that see it.
Administrators also see the system's status: the read replica's state and replay lag."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.decorators import staff_required
from accounts.models import Role
from cases.models import Case, Escalation, IdentityRequest, IdentityRequestStatus
from core import replicas
from core.replicas import reads_from_replica
from intake.models import Report


def _waiting(user) -> list[dict]:
    items = []
    if permissions.can_triage(user):
        count = Report.objects.visible_to(user).awaiting_triage().count()
        items.append({"label": _("Reports awaiting triage"), "count": count, "url": "cases:triage"})
    if permissions.can_work_cases(user):
        count = Case.objects.visible_to(user).open().matching(assigned_to=user).count()
        items.append(
            {"label": _("My open cases"), "count": count, "url": "cases:list", "query": "mine=on"}
        )
    if permissions.can_see_overdue(user):
        count = Report.objects.visible_to(user).overdue(timezone.now()).count()
        items.append({"label": _("Overdue reports"), "count": count, "url": "cases:overdue"})
    if permissions.can_supervise(user):
        count = Escalation.objects.visible_to(user).active().count()
        items.append({"label": _("Escalations"), "count": count, "url": "cases:overdue"})
    if permissions.is_custodian(user):
        pending = IdentityRequest.objects.visible_to(user)
        count = pending.filter(status=IdentityRequestStatus.REQUESTED).count()
        items.append(
            {"label": _("Identity requests to decide"), "count": count, "url": "cases:custody"}
        )
    for item in items:
        item["href"] = reverse(item.pop("url")) + (
            f"?{item.pop('query')}" if "query" in item else ""
        )
    return items


@staff_required
@reads_from_replica
def home(request):
    labels = dict(Role.choices)
    roles = [labels[role] for role in sorted(request.user.role_set()) if role in labels]
    context = {
        "roles": roles,
        "waiting": _waiting(request.user),
        "can_go_to_report": permissions.can_read_content(request.user),
    }
    if permissions.is_admin(request.user):  # system status: for administrators only
        context["replica"] = replicas.health()
    return render(request, "cases/home.html", context)
