"""django-axes, configured to lock out by username and to keep no trace of a device.

Axes records the address, user agent and Accept header of every failed attempt by default. We
hand it no address, and blank the rest before its database handler writes a row, so an attempt
row holds only a keyed hash of the username, the time and a failure count.

The username is hashed because a mistyped one is often a password typed into the wrong box, or
the name of a colleague: neither belongs in a database dump. The hash is keyed (a key from the
keyring, not the database), so a dump alone cannot confirm a guessed name; the same name always
gives the same hash, so axes still counts and locks per username.
"""

import hashlib
import hmac

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.crypto import current_keyring


def username_key(username: str) -> str:
    """The keyed hash a typed username is known by in axes' rows and in audit events."""
    # The receipt key keys the throttling counters; the label keeps these hashes apart from them.
    message = f"tipline:login-username:{username}".encode()
    return hmac.new(current_keyring().receipt, message, hashlib.sha256).hexdigest()[:40]


def hashed_username(request, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: where axes would read the username, the same, keyed-hashed."""
    source = credentials if credentials else getattr(request, "POST", None) or {}
    username = source.get("username")
    return None if username is None else username_key(str(username))


def no_client_address(request) -> None:
    """AXES_CLIENT_IP_CALLABLE: there is no address to give (see core/http.py)."""
    return


def _forget_device(request) -> None:
    if request is not None:
        request.axes_ip_address = None
        request.axes_user_agent = ""
        request.axes_http_accept = ""


class DeviceFreeAxesHandler(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        _forget_device(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        _forget_device(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        _forget_device(request)
        return super().user_logged_out(sender, request, user, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page again, saying why, with 429."""
    from accounts.forms import LoginForm

    context = {
        "form": LoginForm(request),
        "alert": _("Too many failed attempts for this account. Try again in %(minutes)d minutes.")
        % {"minutes": get_cool_off(request).total_seconds() // 60},
    }
    return render(request, "accounts/login.html", context, status=429)
