"""Custody of payee details in the console: the payer asks (from the award page), a custodian
decides (here, beside the identity requests of cases), and the approved payer opens the details
with a fresh second factor. Every step is an action that writes the audit trail."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions, sudo
from accounts.decorators import staff_required, sudo_required
from cases.errors import ActionError
from cases.forms import IdentityDecisionForm
from cases.views.common import add_action_error, paginate
from rewards import access, vault
from rewards.actions.custody import (
    TEXT_MAX,
    do_decide_payee_access,
    do_request_payee_access,
    open_payee_details,
)
from rewards.models import PayeeAccessRequest, PayeeAccessStatus


class PayeeRequestForm(forms.Form):
    justification = forms.CharField(
        label=gettext_lazy("Why you need the bank details"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
    )


@require_POST
@staff_required
def payee_request(request, share_id):
    share = access.share_for(request.user, share_id)
    form = PayeeRequestForm(request.POST)
    if form.is_valid():
        try:
            do_request_payee_access(
                share, actor=request.user, justification=form.cleaned_data["justification"]
            )
        except ActionError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your request was sent to the custodian."))
    else:
        messages.error(request, _("Explain why you need the bank details."))
    return redirect("rewards:detail", share.award_id)


@never_cache
@sudo_required
def share_payee(request, share_id):
    share = access.share_for(request.user, share_id)
    details = open_payee_details(share, actor=request.user, fresh=sudo.is_fresh(request))
    return render(request, "rewards/payee.html", {"share": share, "details": details})


def _requests(user):
    return (
        PayeeAccessRequest.objects.visible_to(user)
        .select_related("share__award", "payer", "decided_by")
        .order_by("-created_at", "id")
    )


@never_cache
@staff_required
def custody_list(request, form=None, form_for=None, status=200):
    if not permissions.is_custodian(request.user):
        raise PermissionDenied
    pending = list(_requests(request.user).filter(status=PayeeAccessStatus.REQUESTED)[:100])
    for item in pending:
        item.justification_text = vault.open_access_text(
            item, "justification", item.justification_sealed
        )
    page = paginate(
        _requests(request.user).exclude(status=PayeeAccessStatus.REQUESTED),
        request.GET.get("page"),
    )
    for item in page:
        item.note_text = vault.open_access_text(item, "note", item.decision_note_sealed)
    context = {
        "pending": pending,
        "page": page,
        "form": form,
        "form_for": form_for,
        "blank_form": IdentityDecisionForm(),
    }
    return render(request, "rewards/custody.html", context, status=status)


@require_POST
@staff_required
def custody_decide(request, pk: int):
    if not permissions.is_custodian(request.user):
        raise PermissionDenied
    item = _requests(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    form = IdentityDecisionForm(request.POST)
    if form.is_valid():
        try:
            do_decide_payee_access(
                item,
                actor=request.user,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("rewards:custody")
    return custody_list(request, form=form, form_for=item.pk, status=422)
