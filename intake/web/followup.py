"""Reporter follow-up on the website: the receipt code, then status, outcome, the mailbox, and
telling the agency who they are. Once the code is accepted the (cycled) session holds only the
report's internal id; no reporter URL carries it."""

import re
import secrets

from django.conf import settings
from django.contrib import messages as flash
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from intake import vault
from intake.actions.identity import do_reveal_identity
from intake.actions.mailbox import do_post_message
from intake.display import (
    STATUS_EXPLANATIONS,
    thread,
)
from intake.followup import (
    REPLY_KEY,
    SESSION_KEY,
    Throttled,
    check_receipt,
    open_reply,
    reporter_report,
    seal_reply,
    session_report,
    throttled_message,
)
from intake.forms import (
    MESSAGE_MAX,
    IdentityForm,
    MessageForm,
    ReceiptForm,
)
from intake.questionnaire import ValidationFailed
from intake.responses import see_other, too_many
from intake.submission import clean_contact, read_uploads

# Follow-up -----------------------------------------------------------------------------------

# The throttle's key for a browser: a random value in a cookie that ends with the browser
# session. It is not a session row, so a request that never presented a valid receipt leaves
# nothing in the database, and it says nothing about who the browser belongs to.
TRY_COOKIE = "tipline_try"
_TRY_VALUE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _throttle_key(request) -> tuple[str, bool]:
    """(key, is_new): the browser's own throttle key, or a fresh one to hand it."""
    value = request.COOKIES.get(TRY_COOKIE, "")
    if _TRY_VALUE.fullmatch(value):
        return value, False
    return secrets.token_urlsafe(24), True


def _login_context(request, form, **extra) -> dict:
    """The receipt form, carrying a sealed reply along (a forged or stale one is dropped)."""
    reply = extra.pop("reply", None) or request.POST.get("reply")
    return {
        "form": form,
        "reply": reply if open_reply(reply) is not None else None,
        "idle_minutes": _idle_minutes(),
        **extra,
    }


def _login_page(request, form, **extra):
    return render(request, "intake/followup_login.html", _login_context(request, form, **extra))


@never_cache
def followup(request):
    form = ReceiptForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _login_page(request, form)
    key, new_key = _throttle_key(request)
    try:
        report = check_receipt(form.cleaned_data["code"], subject=key)
    except Throttled as exc:
        form.add_error("code", throttled_message(exc.retry_after))
        context = _login_context(request, form)
        return too_many(request, exc.retry_after, template="intake/followup_login.html", **context)
    if report is None:
        return _wrong_code(request, form, key if new_key else None)
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(report.id)
    if open_reply(reply := request.POST.get("reply")) is not None:
        request.session[REPLY_KEY] = reply  # still sealed; opened once, on the report page
    response = see_other(reverse("followup_report"))
    response.delete_cookie(TRY_COOKIE, path=reverse("followup"), samesite="Lax")
    return response


def _wrong_code(request, form, new_key: str | None):
    form.add_error("code", _("No report matches this code. Check the digits and try again."))
    response = _login_page(request, form)
    if new_key:  # no max_age: the cookie ends with the browser session
        response.set_cookie(
            TRY_COOKIE,
            new_key,
            path=reverse("followup"),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _idle_minutes() -> int:
    return max(settings.SESSION_COOKIE_AGE // 60, 1)


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
        "idle_minutes": _idle_minutes(),
        "reply_restored": forms.get("reply_restored", False),
    }
    return render(request, "intake/followup_report.html", context, status=status)


@never_cache
@reporter_report
def followup_report(request, report):
    body = open_reply(request.session.pop(REPLY_KEY, None))
    if body is None:
        return _report_page(request, report)
    form = MessageForm(initial={"body": body})
    return _report_page(request, report, message_form=form, reply_restored=True)


@never_cache
@require_POST
def followup_message(request):
    report = session_report(request)
    if report is None:
        return _session_ended(request)
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


def _session_ended(request):
    """The session ended while a reply was being typed: ask for the code again and keep the
    words, sealed in the page, to show them again once the code is accepted."""
    body = request.POST.get("body", "").strip()[:MESSAGE_MAX]
    if not body:
        return see_other(reverse("followup"))
    return _login_page(
        request,
        ReceiptForm(),
        reply=seal_reply(body),
        files_lost=bool(request.FILES.getlist("attachments")),
    )


@never_cache
@require_POST
@reporter_report
def followup_identity(request, report):
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
