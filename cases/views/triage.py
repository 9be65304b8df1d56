"""The triage queue: new reports of the user's units, most urgent and oldest first."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from accounts import permissions
from accounts.decorators import staff_required
from cases.forms import QueueFilterForm
from cases.similarity.floods import unfolded
from cases.views.common import paginate, query_without_page
from core.replicas import reads_from_replica
from intake.models import Report


@staff_required
@reads_from_replica
def triage_queue(request):
    if not permissions.can_triage(request.user):
        raise PermissionDenied
    form = QueueFilterForm(request.GET)
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
        reports = unfolded(reports)  # each flood is shown once, above the list
        page_number = data["page"]
    context = {
        "form": form,
        "page": paginate(reports, page_number),
        "now": now,
        "query": query_without_page(request),
    }
    return render(request, "cases/triage_queue.html", context)
