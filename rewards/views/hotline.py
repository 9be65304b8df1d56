"""Rewards and protection on a hotline follow-up call: the caller has read out their receipt
(intake.hotline.followup); the call-taker tells them of any award, takes down how they want to
receive it (or that they decline) and any request for protection.

The call-taker sees what the caller could see on the website with the same code, nothing more,
and every relay is audited against the call-taker: the audit trail names the operator, never the
reporter. The report comes from the call-taker's session, as for the rest of the call."""

from django.contrib import messages as flash
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.actions import record
from cases.errors import ActionError
from intake.hotline import call
from intake.hotline.views import call_console
from intake.responses import see_other
from rewards.actions.claims import do_answer_offer
from rewards.actions.protection import do_request_protection
from rewards.followup import share_or_404, shares_of
from rewards.forms_reporter import ClaimForm
from rewards.models import ProtectionRequest
from rewards.views.protection import ProtectionForm


def _page(request, report, *, form=None, form_for=None, protection_form=None, status=200, **extra):
    """What the caller may hear: opening it for the call-taker is audited as a relay."""
    record("reward.followup_relayed", actor=request.user, target_type="report", target_id=report.pk)
    context = {
        "shares": shares_of(report),
        "form": form or ClaimForm(),
        "form_for": form_for,
        "protection_form": protection_form or ProtectionForm(),
        "requests": ProtectionRequest.objects.filter(report=report).prefetch_related("measures"),
    } | extra
    return render(request, "rewards/hotline.html", context, status=status)


@call_console
@call.caller_report
def relay(request, report):
    return _page(request, report)


@require_POST
@call_console
@call.caller_report
def relay_claim(request, report, share_id):
    share = share_or_404(report, share_id)
    form = ClaimForm(request.POST)
    if form.is_valid():
        method, payee = form.cleaned_data["method"], form.payee()
        try:
            code = do_answer_offer(
                share, report=report, method=method, payee=payee, relayed_by=request.user
            )
        except ActionError as exc:
            form.add_error(None, str(exc.message))
        else:
            if code:  # read out once, never stored in the clear
                return _page(request, report, claim_code=code)
            flash.success(request, _("The caller's choice was recorded."))
            return see_other("rewards:hotline")
    return _page(request, report, form=form, form_for=share.pk, status=422)


@require_POST
@call_console
@call.caller_report
def relay_protection(request, report):
    form = ProtectionForm(request.POST)
    if form.is_valid():
        try:
            do_request_protection(
                report,
                kind=form.cleaned_data["kind"],
                body=form.cleaned_data["body"],
                relayed_by=request.user,
            )
        except ActionError as exc:
            form.add_error(None, str(exc.message))
        else:
            flash.success(request, _("The request was sent to the officers responsible."))
            return see_other("rewards:hotline")
    return _page(request, report, protection_form=form, status=422)
