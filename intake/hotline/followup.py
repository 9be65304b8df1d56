"""Follow-up calls: the caller reads out their receipt, the call-taker relays status, outcome and
the agency's messages, and takes down the caller's reply.

The call-taker learns what the caller could read on the website with the same code, nothing more:
never the identity, never the case's internal notes. Receipt attempts are throttled per
call-taker like a reporter's browser (only the call-taker's own wrong codes count: a flood of
guesses on the website never delays a caller), and every relay is audited against the
call-taker.
"""

from django.contrib import messages as flash
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.actions import record
from intake import vault
from intake.actions.mailbox import do_post_message
from intake.display import STATUS_EXPLANATIONS, thread
from intake.followup import HOTLINE_FOLLOWUP_LINKS, Throttled, check_receipt
from intake.forms import ReceiptForm
from intake.hotline import call
from intake.hotline.forms import RelayForm
from intake.hotline.views import call_console
from intake.responses import see_other, too_many
from intake.waits import natural_wait


@call_console
def followup(request):
    form = ReceiptForm(request.POST or None)
    form.fields["code"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        try:
            # Per call-taker, not per session: logging in again does not reset the count.
            report = check_receipt(form.cleaned_data["code"], subject=f"staff:{request.user.pk}")
        except Throttled as exc:
            return _too_many(request, form, exc.retry_after)
        if report is not None:
            call.start_followup_call(request, report)
            return see_other("hotline:followup_call")
        # Staff guessing codes is worth knowing about; the code typed is not recorded.
        record("receipt.followup_failed", actor=request.user)
        form.add_error("code", _("No report matches this code. Check the digits with the caller."))
    return render(request, "intake/hotline/followup.html", {"form": form})


def _too_many(request, form, wait: int):
    message = _("Too many wrong codes. Wait %(wait)s before trying again.")
    form.add_error("code", message % {"wait": natural_wait(wait)})
    return too_many(request, wait, template="intake/hotline/followup.html", form=form)


@call_console
@call.caller_report
def followup_call(request, report):
    return _relay_page(request, report)


def _relay_page(request, report, *, relay_form=None, status=200):
    """What the caller may hear: decrypting it for the call-taker is audited as a relay."""
    record("report.followup_relayed", actor=request.user, target_type="report", target_id=report.pk)
    dek = vault.report_key(report)
    messages, report_files = thread(report, dek)
    context = {
        "status": report.get_status_display(),
        "explanation": STATUS_EXPLANATIONS.get(report.status, ""),
        "outcome": vault.open_outcome(dek, report),
        "thread": messages,
        "report_files": report_files,
        "relay_form": relay_form or RelayForm(),
        "more": [(reverse(name), label) for name, label in HOTLINE_FOLLOWUP_LINKS],
    }
    return render(request, "intake/hotline/followup_call.html", context, status=status)


@require_POST
@call_console
@call.caller_report
def followup_relay(request, report):
    form = RelayForm(request.POST)
    if not form.is_valid():
        return _relay_page(request, report, relay_form=form, status=422)
    do_post_message(report, form.cleaned_data["body"], author="reporter", relayed_by=request.user)
    flash.success(request, _("The caller's message was added to the report."))
    return see_other("hotline:followup_call")
