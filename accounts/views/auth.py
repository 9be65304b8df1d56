"""Staff login: password (django-axes counts failures per username), then a TOTP code."""

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as reset_failures
from django.contrib import messages
from django.contrib.auth import login, logout, user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import otp
from accounts.decorators import is_staff_verified
from accounts.forms import CodeForm, LoginForm
from accounts.lockout import username_key
from accounts.views.helpers import safe_next, to_login
from audit.actions import record


@never_cache
def login_view(request):
    if is_staff_verified(request.user):
        return redirect(safe_next(request))
    form = LoginForm(request, request.POST or None)
    if request.method == "POST":
        if form.is_valid() and otp.confirmed_device(form.user) is None:
            record("auth.login_failed", actor="anonymous", details=_failure(form, "not enrolled"))
            form.add_error(
                None, _("This account has no second factor yet. Use your enrolment link.")
            )
        elif form.is_valid():
            login(request, form.user)
            record("auth.login", actor=form.user)
            query = urlencode({"next": safe_next(request)})
            return redirect(f"{reverse('accounts:otp')}?{query}")
        else:
            record("auth.login_failed", actor="anonymous", details=_failure(form))
    return render(request, "accounts/login.html", {"form": form, "next": safe_next(request)})


def _failure(form, reason: str = "") -> dict:
    # Only the keyed hash of what was typed: often a colleague's name, or a password in the
    # wrong box. An auditor who knows a name can still match it (accounts.lockout.username_key).
    details = {"username_hash": username_key(form.data.get("username", "")[:150])}
    if reason:
        details["reason"] = reason
    elif getattr(form.request, "axes_locked_out", False):
        details["reason"] = "locked out"
    return details


@never_cache
def otp_view(request):
    user = request.user
    if not user.is_authenticated:
        return to_login(request)
    if is_staff_verified(user):
        return redirect(safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return _give_up(request, user, "locked out")
        device = otp.confirmed_device(user)
        if otp.verify(device, form.cleaned_data["code"]):
            otp.mark_verified(request, device)
            reset_failures(username=username_key(user.get_username()))
            record("auth.otp", actor=user)
            return redirect(safe_next(request))
        record("auth.otp_failed", actor=user)
        # Wrong codes count towards the same per-username lockout as wrong passwords.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return _give_up(request, user, "locked out")
        form.add_error("code", _("That code is not right. Wait for a new code and try again."))
    return render(request, "accounts/otp.html", {"form": form, "next": safe_next(request)})


def _give_up(request, user, reason: str):
    record("auth.logout", actor=user, details={"reason": reason})
    logout(request)
    request.axes_locked_out = True  # AxesMiddleware answers with the lockout page
    return to_login(request)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record("auth.logout", actor=request.user)
    logout(request)
    # After the session is gone, so the notice lives in the fresh (anonymous) one.
    messages.info(request, _("You have signed out. Close the browser if others use this computer."))
    return to_login(request)
