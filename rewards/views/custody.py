"""Custody of payee details in the console: the payer asks (from the award page), a custodian
decides (here, beside the identity requests of cases), and the approved payer opens the details
with a fresh second factor. Every step is an action that writes the audit trail."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import sudo
from accounts.decorators import staff_required, sudo_required
from cases.custody import TEXT_MAX
from cases.errors import ActionError
from cases.views.custody_queue import CustodyQueue
from rewards import access
from rewards.actions.custody import PAYEE, do_request_payee_access, open_payee_details


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


QUEUE = CustodyQueue(
    PAYEE,
    template="rewards/custody.html",
    related=("share__award",),
    url="rewards:custody",
    decide_url="rewards:custody_decide",
)

custody_list, custody_decide = QUEUE.views()
