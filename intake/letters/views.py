"""Letters and visits: intake officers enter reports that came by post or in person.

The report is the same as every other channel's: the category questionnaire checked by
`validate_submission`, scanned pages sanitised by `read_uploads`, identity in the vault, and the
receipt drawn by `do_submit_report` after the report commits. The officer is recorded as the one
who took it (audited "report.take"); the reporter's side never shows who that was.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import permissions
from accounts.decorators import staff_required
from core.receipts import grouped
from core.tokens import BadToken, open_token, seal_token
from intake.actions.reports import do_submit_report
from intake.display import region_choices
from intake.forms import answers_from_post, error_summary, questions_for, reporter_kind
from intake.letters.forms import CHANNELS, LetterReporterForm, ReceivedForm, StartForm
from intake.models import Category
from intake.questionnaire import RECEIVED_ON_KEY, ValidationFailed
from intake.submission import ValidSubmission, read_uploads, validate_submission

# Reserved answer key: added after the questionnaire is checked, so no category question can
# supply it (a category must not define a question with this key).
RECEIVED_KEY = RECEIVED_ON_KEY
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


def _entry_token(user) -> str:
    """One save per form: a re-sent POST (reload, double click) must not file a second report,
    nor show a receipt again."""
    return seal_token({"n": secrets.token_urlsafe(16), "u": user.pk}, purpose=ENTRY_PURPOSE)


def _entry_nonce(request) -> str | None:
    try:
        payload = open_token(
            request.POST.get("entry", ""),
            purpose=ENTRY_PURPOSE,
            max_age=settings.FORM_MAX_AGE_SECONDS,
        )
    except BadToken:
        return None
    if not isinstance(payload, dict) or payload.get("u") != request.user.pk:
        return None
    return str(payload.get("n"))


def _render_form(request, channel, category, *, errors=None, values=None, notice="", **forms):
    errors = errors or {}
    reporter = forms.get("reporter") or LetterReporterForm()
    received = forms.get("received") or ReceivedForm()
    questions = questions_for(category.fields.all(), values or {}, errors)
    summary = error_summary(questions, errors, reporter) + _received_errors(received)
    context = {
        "channel": channel,
        "channel_label": CHANNELS[channel],
        "category": category,
        "questions": questions,
        "summary": summary,
        "notice": notice,
        "region": request.POST.get("region", "") if request.method == "POST" else "",
        "region_error": errors.get("region", ""),
        "regions": region_choices(),
        "reporter": reporter,
        "received": received,
        "file_errors": [m for k, m in sorted(errors.items()) if k.startswith("attachments")],
        "files_lost": bool(request.FILES.getlist("attachments")),
        "max_files": settings.ATTACHMENT_MAX_COUNT,
        "max_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "entry": request.POST.get("entry") if forms.get("keep_entry") else "",
    }
    context["entry"] = context["entry"] or _entry_token(request.user)
    return render(request, "intake/letters/form.html", context)


def _received_errors(received: ReceivedForm) -> list[dict]:
    if not received.is_bound:
        return []
    return [
        {
            # A radio group has no single input to point at: point at its section.
            "href": f"#{received[name].id_for_label or 'received-section'}",
            "text": _("%(label)s: %(message)s")
            % {"label": received.fields[name].label, "message": message},
        }
        for name, messages in received.errors.items()
        for message in messages
    ]


def _accept(request, channel, category):
    values = answers_from_post(category.fields.all(), request.POST)
    reporter = LetterReporterForm(request.POST)
    received = ReceivedForm(request.POST)
    again = {"values": values, "reporter": reporter, "received": received}
    nonce = _entry_nonce(request)
    if nonce is None:
        notice = _("This form was open too long or could not be checked, so nothing was saved.")
        return _render_form(request, channel, category, notice=notice, **again)
    try:
        valid, files = _check(request, category, values, reporter, received)
    except ValidationFailed as exc:
        return _render_form(request, channel, category, errors=exc.errors, keep_entry=True, **again)
    used_key = f"tl:letter-entry:{nonce}"
    if not cache.add(used_key, 1, timeout=settings.FORM_MAX_AGE_SECONDS):
        return render(request, "intake/letters/already_saved.html", status=409)
    try:
        report, receipt = do_submit_report(
            category_id=valid.category.id,
            region_code=valid.region_code,
            answers={
                **valid.answers,
                RECEIVED_KEY: received.cleaned_data["received_on"].isoformat(),
            },
            language=valid.language,
            channel=channel,
            contact=valid.contact,
            files=files,
            taken_by=request.user,
            reporter_kind=reporter_kind(valid.contact),
            receipt_declined=not received.receipt_wanted,
        )
    except Exception:
        cache.delete(used_key)  # nothing was stored: the officer may press Save again
        raise
    return _saved(request, report, receipt, received)


def _check(request, category, values, reporter, received) -> tuple[ValidSubmission, list]:
    """The same checks as every channel; ValidationFailed (possibly with no message of its own
    when only the Django forms complain, which show their own errors)."""
    received.is_valid()
    language = received.cleaned_data.get("language", "zh-hans")
    contact = reporter.contact() if reporter.is_valid() else None
    errors: dict[str, str] = {}
    valid, files = None, []
    try:
        valid = validate_submission(
            category.slug, request.POST.get("region") or None, values, language, contact
        )
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        files = read_uploads(request.FILES.getlist("attachments"))
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors or valid is None or not received.is_valid() or not reporter.is_valid():
        raise ValidationFailed(errors)
    return valid, files


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
