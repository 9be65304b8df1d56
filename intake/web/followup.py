"""Reporter follow-up on the website: the receipt code, then status, outcome, the mailbox, and
telling the agency who they are. Once the code is accepted the (cycled) session holds only the
report's internal id; no reporter URL carries it."""

from django.conf import settings
from django.contrib import messages as flash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from intake import vault
from intake.actions.identity import do_reveal_identity
from intake.actions.messages import do_post_message
from intake.display import (
    STATUS_EXPLANATIONS,
    thread,
)
from intake.followup import SESSION_KEY, Throttled, check_receipt, session_report
from intake.forms import (
    IdentityForm,
    MessageForm,
    ReceiptForm,
)
from intake.questionnaire import ValidationFailed
from intake.responses import see_other, too_many
from intake.submission import clean_contact, read_uploads

# Follow-up -----------------------------------------------------------------------------------


@never_cache
def followup(request):
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The throttle follows this browser's session, so it must outlive a failed attempt.
        request.session["tipline.followup"] = True
        if not request.session.session_key:
            request.session.save()
        try:
            report = check_receipt(form.cleaned_data["code"], subject=request.session.session_key)
        except Throttled as exc:
            return too_many(request, exc.retry_after)
        if report is not None:
            request.session.cycle_key()
            request.session[SESSION_KEY] = str(report.id)
            return see_other(reverse("followup_report"))
        form.add_error("code", _("No report matches this code. Check the digits and try again."))
    return render(request, "intake/followup_login.html", {"form": form})


def _report_page(request, report, *, status=200, **forms):
    dek = vault.report_key(report)
    thread_messages, report_files = thread(report, dek)
    used = report.attachments.count()
    context = {
        "status": report.get_status_display(),
        "explanation": STATUS_EXPLANATIONS.get(report.status, ""),
        "outcome": vault.open_outcome(dek, report),
        "thread": thread_messages,
        "report_files": report_files,
        "has_identity": report.has_identity,
        "message_form": forms.get("message_form") or MessageForm(),
        "identity_form": forms.get("identity_form") or IdentityForm(),
        "file_errors": forms.get("file_errors", []),
        "files_lost": forms.get("files_lost", False),
        "files_left": max(settings.ATTACHMENT_MAX_COUNT - used, 0),
        "max_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "idle_minutes": max(settings.SESSION_COOKIE_AGE // 60, 1),
    }
    return render(request, "intake/followup_report.html", context, status=status)


@never_cache
def followup_report(request):
    report = session_report(request)
    if report is None:
        return redirect("followup")
    return _report_page(request, report)


@never_cache
@require_POST
def followup_message(request):
    report = session_report(request)
    if report is None:
        return see_other(reverse("followup"))
    form = MessageForm(request.POST)
    uploads = request.FILES.getlist("attachments")
    file_errors, files = [], []
    try:
        files = read_uploads(uploads, already=report.attachments.count())
    except ValidationFailed as exc:
        file_errors = list(exc.errors.values())
    if form.is_valid() and not form.cleaned_data["body"] and not uploads:
        form.add_error("body", _("Write a message or attach a file."))
    if not form.is_valid() or file_errors:
        return _report_page(
            request,
            report,
            message_form=form,
            file_errors=file_errors,
            files_lost=bool(uploads),
        )
    do_post_message(report, form.cleaned_data["body"], author="reporter", files=files)
    flash.success(request, _("Your message was sent."))
    return see_other(reverse("followup_report"))


@never_cache
@require_POST
def followup_identity(request):
    report = session_report(request)
    if report is None:
        return see_other(reverse("followup"))
    form = IdentityForm(request.POST)
    contact = clean_contact(form.contact()) if form.is_valid() else None
    if not contact:
        return _report_page(request, report, identity_form=form)
    do_reveal_identity(report, contact)
    flash.success(
        request, _("Your details were added. They are encrypted separately from your report.")
    )
    return see_other(reverse("followup_report"))


@never_cache
@require_POST
def followup_logout(request):
    request.session.flush()
    return see_other(reverse("home"))
