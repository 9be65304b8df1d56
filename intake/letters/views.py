"""Letters and visits: intake officers enter reports that came by post or in person.

The report is the same as every other channel's: one `check_submission` (questionnaire, scanned
pages, identity), then `do_submit_report`, which draws the receipt after the report commits. The
officer is recorded as the one who took it (audited "report.take"); the reporter's side never
shows who that was. Staff channels do not take from the public submission budget: a flood on the
website must never stop an officer from recording a letter (docs/architecture.md).
"""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import permissions
from accounts.decorators import staff_required
from core.receipts import grouped
from intake import nonces
from intake.actions.reports import do_submit_report
from intake.forms import answers_from_post, questionnaire_context
from intake.letters.forms import CHANNELS, LetterReporterForm, ReceivedForm, StartForm
from intake.models import Category
from intake.questionnaire import RECEIVED_ON_KEY, ValidationFailed
from intake.submission import check_submission

ENTRY_PURPOSE = "letter-entry"


def _allowed(user) -> None:
    if not permissions.can_enter_letters(user):
        raise PermissionDenied


@never_cache
@staff_required
def start(request):
    """Step one: the channel and the category, then on to that category's form."""
    _allowed(request.user)
    form = StartForm(request.GET or None)
    if form.is_valid():
        return redirect(
            "letters:new",
            channel=form.cleaned_data["channel"],
            slug=form.cleaned_data["category"].slug,
        )
    return render(request, "intake/letters/start.html", {"form": form})


@never_cache
@staff_required
def new(request, channel: str, slug: str):
    _allowed(request.user)
    if channel not in CHANNELS:
        raise Http404
    category = get_object_or_404(Category.objects.active().prefetch_related("fields"), slug=slug)
    if request.method != "POST":
        return _render_form(request, channel, category)
    return _accept(request, channel, category)


def _render_form(request, channel, category, *, errors=None, values=None, notice="", **forms):
    reporter = forms.get("reporter") or LetterReporterForm()
    received = forms.get("received") or ReceivedForm()
    posted = request.method == "POST"
    context = questionnaire_context(
        category, values=values, errors=errors, forms=(reporter, received)
    )
    context |= {
        "channel": channel,
        "channel_label": CHANNELS[channel],
        "notice": notice,
        "region": request.POST.get("region", "") if posted else "",
        "reporter": reporter,
        "received": received,
        "files_lost": bool(request.FILES.getlist("attachments")),
        # One save per form: a re-sent POST (reload, double click) must not file a second
        # report, nor show a receipt again. A form with errors keeps its token.
        "entry": (forms.get("keep_entry") and request.POST.get("entry"))
        or nonces.form_nonce(ENTRY_PURPOSE, request.user),
    }
    return render(request, "intake/letters/form.html", context)


def _accept(request, channel, category):
    values = answers_from_post(category.fields.all(), request.POST)
    reporter = LetterReporterForm(request.POST)
    received = ReceivedForm(request.POST)
    again = {"values": values, "reporter": reporter, "received": received}
    nonce = nonces.open_form_nonce(ENTRY_PURPOSE, request.POST.get("entry"), request.user)
    if nonce is None:
        notice = _("This form was open too long or could not be checked, so nothing was saved.")
        return _render_form(request, channel, category, notice=notice, **again)
    try:
        submission = check_submission(
            category=category.slug,
            region=request.POST.get("region") or None,
            answers=values,
            language=_language(received),
            contact=reporter.contact() if reporter.is_valid() else None,
            channel=channel,
            uploads=request.FILES.getlist("attachments"),
            forms=(reporter, received),
            taken_by=request.user,
        )
    except ValidationFailed as exc:
        return _render_form(request, channel, category, errors=exc.errors, keep_entry=True, **again)
    if not nonces.claim(ENTRY_PURPOSE, nonce):
        return render(request, "intake/letters/already_saved.html", status=409)
    received_on = received.cleaned_data["received_on"]
    submission = _with_received(submission, received_on.isoformat(), received.receipt_wanted)
    try:
        report, receipt = do_submit_report(submission)
    except Exception:
        nonces.release(ENTRY_PURPOSE, nonce)  # nothing was stored: the officer may press again
        raise
    return _saved(request, report, receipt, received)


def _language(received: ReceivedForm) -> str:
    """The report's language as chosen, or the default while that form has errors."""
    return received.cleaned_data.get("language", "zh-hans") if received.is_valid() else "zh-hans"


def _with_received(submission, received_on: str, receipt_wanted: bool):
    """The date received joins the sealed answers under a key no question may use."""
    answers = {**submission.answers, RECEIVED_ON_KEY: received_on}
    return replace(submission, answers=answers, receipt_declined=not receipt_wanted)


def _saved(request, report, receipt: str, received: ReceivedForm):
    context = {
        "report": report,
        "channel": report.channel,
        "received_on": received.cleaned_data["received_on"],
    }
    if received.receipt_wanted:
        # Shown once, in this POST's response only (never cached, never stored, no URL shows it
        # again): the slip is printed and handed over or posted to the reporter.
        context["blocks"] = grouped(receipt)
        return render(request, "intake/letters/receipt_slip.html", context)
    # do_submit_report always draws a receipt and stores only its keyed hash. The reporter did
    # not want one, so it is dropped here unseen: nobody can ever follow this report up with a
    # code, and by design it cannot be recovered or reissued.
    del receipt
    return render(request, "intake/letters/saved.html", context)
