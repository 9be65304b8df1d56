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
from cases.views.common import paginate, query_without_page
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
    form = QueueFilterForm(request.GET)
    sorting = Sorting(request, SORT_KEYS, default="priority")
    reports, page_number = Report.objects.none(), 1
    now = timezone.now()
    if form.is_valid():
        data = form.cleaned_data
        reports = Report.objects.visible_to(request.user).triage_queue(
            category=data["category"].slug if data["category"] else None,
            region=data["region"].code if data["region"] else None,
            priority=data["priority"],
            overdue_only=data["overdue"],
            now=now,
        )
        # Each flood is shown once, above the list.
        reports = sorting.apply(unfolded(reports))
        page_number = data["page"]
    context = {
        "form": form,
        "page": paginate(reports, page_number),
        "now": now,
        "sorting": sorting,
        "query": query_without_page(request),
    }
    return render(request, "cases/triage_queue.html", context)
