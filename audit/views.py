"""The audit trail for auditors: every event, filterable, 50 to a page, newest first.

Events hold who did what to which object, never report content, so auditors see all of it
regardless of their unit.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.decorators import staff_required
from audit.models import AuditEvent

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=160)
    action = forms.CharField(label=_("Action"), required=False, max_length=80)
    target_type = forms.CharField(label=_("Object type"), required=False, max_length=40)
    target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def events(self):
        data = self.cleaned_data
        events = AuditEvent.objects.order_by("-seq")
        if actor := data["actor"]:
            # "alice" finds "user:alice"; a full label ("system", "user:alice") matches exactly.
            events = events.filter(actor_label__in={actor, f"user:{actor}"})
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["target_type"]:
            events = events.filter(target_type=data["target_type"])
        if data["target_id"]:
            events = events.filter(target_id=data["target_id"])
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
        return events


@staff_required
def event_list(request):
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)  # every field is optional: no filter is valid too
    page, events, has_next = 1, [], False
    if form.is_valid():
        page = form.cleaned_data["page"] or 1
        start = (page - 1) * PAGE_SIZE
        # One row more than a page tells us whether there is a next page without a COUNT(*).
        rows = list(form.events()[start : start + PAGE_SIZE + 1])
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
    return render(request, "audit/list.html", context)
