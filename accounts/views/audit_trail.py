"""The audit trail for auditors: every event, filterable, 50 to a page, newest first.

Events hold who did what to which object, never report content, so auditors see all of it
regardless of their unit. The page lives here, above audit, because who may browse the trail is
a question of staff roles; audit itself knows nothing of them.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts import permissions
from accounts.decorators import staff_required
from accounts.forms import AuditFilterForm
from audit.models import AuditEvent

PAGE_SIZE = 50


@staff_required
def event_list(request):
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    page, events, has_next = 1, [], False
    if form.is_valid():
        filters = form.cleaned_data
        page = filters.pop("page") or 1
        start = (page - 1) * PAGE_SIZE
        matching = AuditEvent.objects.matching(**filters).order_by("-seq")
        # One row more than a page tells us whether there is a next page without a COUNT(*).
        rows = list(matching[start : start + PAGE_SIZE + 1])
        events, has_next = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "events": events,
        "page": page,
        "has_next": has_next,
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_trail.html", context)
