"""The triage queue: new reports of the user's units, most urgent and oldest first unless the
analyst sorts by waiting time or deadline."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import permissions
from accounts.decorators import staff_required
from cases.forms import QueueFilterForm
from cases.similarity.floods import unfolded
from cases.views.common import filtered_page
from cases.views.sorting import Sorting, SortKey
from core.replicas import reads_from_replica
from intake.models import Report

SORT_KEYS = [
    SortKey("priority", _("Priority"), ("priority", "created_at")),
    SortKey("age", pgettext_lazy("date", "Received"), ("-created_at",)),
    SortKey("deadline", _("Triage deadline"), ("triage_due_at", "priority")),
]


@staff_required
@reads_from_replica
def triage_queue(request):
    if not permissions.can_triage(request.user):
        raise PermissionDenied
    sorting = Sorting(request, SORT_KEYS, default="priority")
    now = timezone.now()

    def rows(data):
        reports = Report.objects.visible_to(request.user).triage_queue(
            category=data["category"].slug if data["category"] else None,
            region=data["region"].code if data["region"] else None,
            priority=data["priority"],
            overdue_only=data["overdue"],
            now=now,
        )
        return unfolded(reports)  # each flood is shown once, above the list

    context = filtered_page(request, sorting, QueueFilterForm(request.GET), rows)
    context["now"] = now
    return render(request, "cases/triage_queue.html", context)
