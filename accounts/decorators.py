"""View guards for the staff console. Role checks are not here: views ask accounts.permissions."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts import sudo


def _to(url_name: str, request):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


def is_staff_verified(user) -> bool:
    """Logged in with password and second factor (OTPMiddleware sets is_verified).

    Never a service account: it has neither, and the console is for people."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_service_account
        and getattr(user, "is_verified", lambda: False)()
    )


def staff_required(view):
    """Password and TOTP both passed in this session; otherwise back to the login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path()})}")
        if not is_staff_verified(user):
            return _to("accounts:otp", request)
        return view(request, *args, **kwargs)

    return wrapper


def sudo_required(view):
    """staff_required plus a second factor entered in the last few minutes (accounts/sudo.py)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not sudo.is_fresh(request):
            return _to("accounts:sudo", request)
        return view(request, *args, **kwargs)

    return staff_required(wrapper)
