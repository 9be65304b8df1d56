"""Reporter pages in follow-up: the awards of the report this browser logged in to with its
receipt (intake.followup.session_report), claiming or declining them. No report id in any URL;
a share id names only a share of the session's own report (anything else is 404)."""

from django.contrib import messages as flash
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cases.errors import ActionError
from intake.followup import reporter_report
from intake.responses import see_other
from rewards.actions.claims import do_answer_offer
from rewards.followup import share_or_404, shares_of
from rewards.forms_reporter import ClaimForm


def _page(request, report, *, form=None, form_for=None, claim_code=None, status=200):
    context = {
        "shares": shares_of(report),
        "form": form or ClaimForm(),
        "form_for": form_for,
        "claim_code": claim_code,
    }
    return render(request, "rewards/followup_rewards.html", context, status=status)


@never_cache
@reporter_report
def followup_rewards(request, report):
    return _page(request, report)


@never_cache
@require_POST
@reporter_report
def followup_claim(request, report, share_id):
    share = share_or_404(report, share_id)
    form = ClaimForm(request.POST)
    if form.is_valid():
        method = form.cleaned_data["method"]
        try:
            code = do_answer_offer(share, report=report, method=method, payee=form.payee())
        except ActionError as exc:
            form.add_error(None, str(exc.message))
        else:
            if code:  # shown this once only: never stored in the clear
                return _page(request, report, claim_code=code)
            if method == "decline":
                flash.success(request, _("You have declined it. Thank you for your report."))
            else:
                flash.success(request, _("Your claim was received."))
            return see_other(reverse("rewards_followup"))
    return _page(request, report, form=form, form_for=share.pk, status=422)


def how_it_works(request):
    return render(request, "rewards/how_it_works.html")
