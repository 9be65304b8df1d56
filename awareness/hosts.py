"""The CMS answers only on its own host, and nothing else answers there
(docs/decisions/0005-cms-on-its-own-host.md).

Wagtail's admin needs inline scripts and styles, which the public site's and the staff
console's policy forbid. A looser policy on a shared origin would loosen it for all of them (a
script injected anywhere on the origin could read the others' pages), so the admin lives on its
own host name, `TIPLINE_CMS_HOST`. On that host only the admin (/cms/) and the staff login it
signs in through answer; everywhere else /cms/ is a 404, as is every other path on the CMS host.
The /api/ handler (tipline/wsgi.py) asks `serves_api` so the API does not answer there either.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from accounts import permissions
from accounts.decorators import is_staff_verified
from awareness.groups import sync_user

ADMIN_PREFIX = "/cms/"
# The staff login's own steps, so that the CMS host's session cookie is signed in with both
# factors, the same lockout and the same idle timeout as the console's.
SIGN_IN_PATHS = ("/staff/login/", "/staff/login/otp/", "/staff/logout/", "/i18n/setlang/")
# Wagtail screens that would be a second way in or a second place to grant rights.
REFUSED_PREFIXES = (
    "/cms/password_reset/",
    "/cms/users/",
    "/cms/groups/",
    "/cms/account/change_password/",
    "/cms/workflows/",
    "/cms/locales/",
    "/cms/sites/",
)
# The admin's policy: the site's, plus what Wagtail's admin needs (inline scripts and styles,
# blob: images in its editors, framing its own previews).
ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}


def _hostname(host: str) -> str:
    return host.rsplit(":", 1)[0].strip("[]").lower() if host else ""


def is_cms_host(host: str) -> bool:
    cms = settings.TIPLINE_CMS_HOST
    return bool(cms) and _hostname(host) == cms


def serves_api(environ) -> bool:
    """Whether the /api/ handler may answer this WSGI request (never on the CMS host)."""
    return not is_cms_host(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))


def _to(url: str, request):
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def _remember_language(user, language: str) -> None:
    """The language a user first works in here becomes their Wagtail profile's: the admin and
    the moderation e-mails they receive (awareness/notify.py) use it. They change it in the
    admin's account settings, which offer only the site's languages."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


class CmsHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not is_cms_host(request.get_host()):
            if path.startswith(ADMIN_PREFIX) or path == ADMIN_PREFIX.rstrip("/"):
                raise Http404
            return self.get_response(request)
        if path in ("/", "/staff/", "/cms/login/"):
            return redirect(ADMIN_PREFIX)
        if path in SIGN_IN_PATHS:
            return self.get_response(request)  # the site's own strict policy
        if not path.startswith(ADMIN_PREFIX) or path.startswith(REFUSED_PREFIXES):
            raise Http404
        user = request.user
        if not user.is_authenticated:
            return _to(settings.LOGIN_URL, request)
        if not is_staff_verified(user):
            return _to(reverse("accounts:otp"), request)
        if not permissions.can_edit_content(user):
            raise PermissionDenied
        sync_user(user)
        _remember_language(user, request.LANGUAGE_CODE)
        response = self.get_response(request)
        response._csp_config = ADMIN_CSP
        # Wagtail previews a page in a frame of its own editor: same origin only.
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
