"""Protection pages: the reporter's (in follow-up, immediate danger → 110 first) and the
supervisors' (list, open, acknowledge, record measures)."""

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import staff_required
from cases.access import first_or_404
from cases.errors import ActionError
from cases.views.common import act_on
from cases.views.sorting import Sorting, SortKey
from intake.followup import reporter_report
from intake.responses import see_other
from rewards.actions.protection import (
    TEXT_MAX,
    do_acknowledge_protection,
    do_record_measure,
    do_request_protection,
    open_measure,
    open_request,
)
from rewards.models import ProtectionKind, ProtectionRequest


class ProtectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What do you need?"),
        choices=ProtectionKind.choices,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=gettext_lazy("What is happening?"), widget=forms.Textarea, max_length=TEXT_MAX
    )


class MeasureForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Measure taken"), widget=forms.Textarea, max_length=TEXT_MAX
    )


@never_cache
@reporter_report
def followup_protection(request, report):
    form = ProtectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_request_protection(
                report, kind=form.cleaned_data["kind"], body=form.cleaned_data["body"]
            )
        except ActionError as exc:
            form.add_error(None, str(exc.message))
        else:
            flash.success(request, _("Your request was sent to the officers responsible."))
            return see_other(reverse("rewards_protection"))
    requests = ProtectionRequest.objects.filter(report=report).prefetch_related("measures")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "rewards/followup_protection.html",
        {"form": form, "requests": requests},
        status=status,
    )


def _request_for(user, pk) -> ProtectionRequest:
    return first_or_404(
        ProtectionRequest.objects.visible_to(user).select_related("report", "unit").filter(pk=pk),
        allowed=permissions.can_supervise(user),
    )


# Waiting requests before acknowledged ones (False sorts before True).
ACKNOWLEDGED = ExpressionWrapper(Q(acknowledged_at__isnull=False), output_field=BooleanField())
SORT_KEYS = [
    SortKey("deadline", gettext_lazy("Acknowledge by"), (ACKNOWLEDGED, "ack_due_at")),
    SortKey("age", pgettext_lazy("date", "Received"), ("-created_at",)),
]


@staff_required
def protection_list(request):
    if not permissions.can_supervise(request.user):
        raise PermissionDenied
    # By default the waiting requests, nearest acknowledgement deadline first.
    sorting = Sorting(request, SORT_KEYS, default="deadline")
    requests = sorting.apply(
        ProtectionRequest.objects.visible_to(request.user).select_related("unit")
    )[:200]
    context = {"requests": requests, "now": timezone.now(), "sorting": sorting}
    return render(request, "rewards/protection_list.html", context)


@never_cache
@staff_required
def protection_detail(request, pk, form=None, status=200):
    item = _request_for(request.user, pk)
    measures = [(m, open_measure(m)) for m in item.measures.select_related("by")]
    context = {
        "item": item,
        "body": open_request(item),
        "measures": measures,
        "form": form or MeasureForm(),
        "overdue": item.acknowledged_at is None and item.ack_due_at < timezone.now(),
    }
    return render(request, "rewards/protection_detail.html", context, status=status)


@require_POST
@staff_required
def protection_acknowledge(request, pk):
    item = _request_for(request.user, pk)
    try:
        do_acknowledge_protection(item, actor=request.user)
    except ActionError as exc:
        flash.error(request, str(exc.message))
    return redirect("rewards:protection_detail", item.pk)


@require_POST
@staff_required
def protection_measure(request, pk):
    item = _request_for(request.user, pk)
    form = MeasureForm(request.POST)
    if act_on(form, lambda data: do_record_measure(item, actor=request.user, body=data["body"])):
        return redirect("rewards:protection_detail", item.pk)
    return protection_detail(request, pk, form=form, status=422)
