"""The hotline call-taker console: taking a report by telephone, keyboard first, no JavaScript.

The caller's receipt exists only in the response to the POST that saved the report: it is never
stored, never put in a URL and cannot be shown again. What the call-taker does next (the caller
read the code back, the record read back and confirmed, a correction) is about the report of the
current call, which only their session knows (intake.hotline.call).
"""

from dataclasses import replace
from functools import wraps

from django.conf import settings
from django.contrib import messages as flash
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import staff_required
from audit.actions import record
from core.receipts import grouped
from intake import nonces
from intake.actions.calls import do_confirm_read_back, do_confirm_receipt_read_back
from intake.actions.mailbox import do_post_message
from intake.actions.reports import do_submit_report
from intake.display import site_language
from intake.forms import answers_from_post, questionnaire_context
from intake.hotline import call
from intake.hotline.forms import CallerForm, CallForm, CodeConfirmedForm, RelayForm
from intake.models import Category
from intake.questionnaire import ValidationFailed
from intake.responses import see_other
from intake.submission import check_submission


def call_console(view):
    """Logged in with both factors, a call role (403 otherwise), and never cached.

    A caller can talk for longer than the staff idle timeout while the form sits unsent, so the
    console's session gets the longer CALL_SESSION_IDLE_SECONDS; a typed report is not lost."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        permissions.require(request.user, permissions.CALL_ROLES)
        request.session.set_expiry(settings.CALL_SESSION_IDLE_SECONDS)
        return view(request, *args, **kwargs)

    return never_cache(staff_required(wrapper))


CALL_PURPOSE = "hotline-call"


def _categories():
    return list(Category.objects.active())


@call_console
def start(request):
    back = "hotline:call" if call.has_taken_call(request) else "hotline:followup_call"
    context = {
        "categories": list(enumerate(_categories(), start=1)),
        "in_call": bool(request.session.get(call.CURRENT) or request.session.get(call.FOLLOWUP)),
        "back_url": reverse(back),
        "pick_error": request.GET.get("unknown") is not None,
    }
    return render(request, "intake/hotline/start.html", context)


@call_console
def pick(request):
    """ "New call" by number (as listed on the start page) or by slug, typed and Enter."""
    typed = (request.GET.get("category") or "").strip()
    categories = _categories()
    found = next((c for c in categories if c.slug == typed), None)
    if found is None and typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(categories):
        found = categories[int(typed) - 1]
    if found is None:
        return HttpResponseRedirect(reverse("hotline:start") + "?unknown")
    return HttpResponseRedirect(reverse("hotline:new", args=[found.slug]))


# Taking a report -------------------------------------------------------------------------------


def _render_form(request, category, *, call_form=None, caller_form=None, values=None, errors=None):
    regions = call.region_options()
    call_form = call_form or CallForm(regions=regions, initial={"language": site_language()})
    caller_form = caller_form or CallerForm()
    context = questionnaire_context(
        category, values=values, errors=errors, forms=(call_form, caller_form)
    )
    context |= {
        "call_form": call_form,
        "caller_form": caller_form,
        "region_options": regions,
        "opening": call.opening_lines(),
        "script": call.question_lines(category),
        "closing": call.closing_lines(),
        # One report per form, even if Save is pressed twice or the receipt page is reloaded.
        "call_token": request.POST.get("call_token") if errors is not None else None,
    }
    context["call_token"] = context["call_token"] or nonces.form_nonce(CALL_PURPOSE, request.user)
    return render(request, "intake/hotline/call_form.html", context)


@call_console
def new_call(request, slug: str):
    category = get_object_or_404(Category.objects.active().prefetch_related("fields"), slug=slug)
    if request.method != "POST":
        return _render_form(request, category)
    nonce = nonces.open_form_nonce(CALL_PURPOSE, request.POST.get("call_token"), request.user)
    if nonce is None or not nonces.claim(CALL_PURPOSE, nonce):
        return render(request, "intake/hotline/already_saved.html", status=409)
    try:
        return _save_call(request, category, nonce)
    except Exception:
        nonces.release(CALL_PURPOSE, nonce)  # nothing was stored: Save may be pressed again
        raise


def _save_call(request, category, nonce: str):
    call_form = CallForm(request.POST, regions=call.region_options())
    caller_form = CallerForm(request.POST)
    values = answers_from_post(category.fields.all(), request.POST)
    call_form.is_valid()  # for cleaned_data; check_submission counts its errors
    cleaned = call_form.cleaned_data
    try:
        submission = check_submission(
            category=category.slug,
            region=cleaned.get("region"),
            answers=values,
            language=cleaned.get("language") or site_language(),
            contact=caller_form.contact() if caller_form.is_valid() else None,
            channel="hotline",
            forms=(call_form, caller_form),
            taken_by=request.user,
            call_reference=cleaned.get("call_reference") or None,
        )
    except ValidationFailed as exc:
        nonces.release(CALL_PURPOSE, nonce)  # nothing was stored: fix and Save again
        forms = {"call_form": call_form, "caller_form": caller_form}
        return _render_form(request, category, values=values, errors=exc.errors, **forms)
    if cleaned["notes"]:
        answers = {**submission.answers, call.notes_key(category): cleaned["notes"]}
        submission = replace(submission, answers=answers)
    report, receipt = do_submit_report(submission)
    call.start_taken_call(request, report)
    blocks = grouped(receipt)
    context = {
        "report": report,
        "blocks": blocks,
        "spelled": call.spelled_groups(blocks, report.language),
        "record": call.record_rows(category, submission.answers, submission.region_code),
        "code_form": CodeConfirmedForm(),
    }
    return render(request, "intake/hotline/receipt.html", context)


# The rest of the call: read-back, corrections, end ------------------------------------------------


@call_console
def current_call(request):
    if not call.has_taken_call(request):
        flash.info(request, _("There is no call in progress."))
        return HttpResponseRedirect(reverse("hotline:start"))
    report = call.taken_report(request)
    record(
        "report.view",
        actor=request.user,
        target_type="report",
        target_id=report.pk,
        details={"via": "hotline read-back"},
    )
    context = {
        "report": report,
        "record": call.saved_record(report),
        "code_confirmed": request.session.get(call.CODE_CONFIRMED, False),
        "relay_form": RelayForm(),
    }
    return render(request, "intake/hotline/call.html", context)


@require_POST
@call_console
def code_confirmed(request):
    report = call.taken_report(request)
    if CodeConfirmedForm(request.POST).is_valid():
        do_confirm_receipt_read_back(report, actor=request.user)
        request.session[call.CODE_CONFIRMED] = True
        flash.success(request, _("Noted: the caller read the code back correctly."))
    else:
        flash.warning(request, _("The caller has not confirmed the code."))
    return see_other("hotline:call")


@require_POST
@call_console
def confirm_record(request):
    do_confirm_read_back(call.taken_report(request), actor=request.user)
    flash.success(request, _("Noted: the caller confirmed the record."))
    return see_other("hotline:call")


@require_POST
@call_console
def correction(request):
    """The caller corrects or adds to what was recorded: their words go to the report's mailbox,
    as if they had written them, marked as relayed by this call-taker."""
    report = call.taken_report(request)
    form = RelayForm(request.POST)
    if not form.is_valid():
        flash.error(request, _("Write down what the caller said."))
        return see_other("hotline:call")
    do_post_message(report, form.cleaned_data["body"], author="reporter", relayed_by=request.user)
    flash.success(request, _("The caller's correction was added to the report."))
    return see_other("hotline:call")


@require_POST
@call_console
def end(request):
    call.end_call(request)
    flash.info(request, _("Call ended."))
    return see_other("hotline:start")
