"""Bearer-token authentication for the staff API (`Authorization: Bearer <token>`).

The token acts as exactly its user, with that user's roles and unit. A token stands in for the
second factor for ordinary acts, but never for sudo acts (accounts/sudo.py).

Every audit event the request writes names the token, and who issued it: for a service account
that is the administrator who holds (or handed on) its secret, so the trail names both.
"""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from accounts.models import ApiToken, hash_secret
from audit.actions import actor_label, request_details

# Recording every use would make each API call a write; a minute's precision is plenty.
LAST_USED_PRECISION = timedelta(minutes=1)


def user_for_token(secret: str):
    """The (token, user) a bearer secret stands for, or (None, None)."""
    if not secret or len(secret) > 200:
        return None, None
    token = (
        ApiToken.objects.active()
        .select_related("user", "user__unit", "issued_by")
        .filter(token_hash=hash_secret(secret))
        .first()
    )
    if token is None:
        return None, None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, token.user


def audit_details(token: ApiToken) -> dict:
    """What each event written on the token's behalf carries (see audit.actions.request_details)."""
    return {"api_token": token.pk, "token_issued_by": actor_label(token.issued_by)}


class StaffTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        api_token, user = user_for_token(token)
        if user is None:
            return None  # ninja answers 401
        user.otp_device = None
        user.is_verified = lambda: True
        request.user = user
        request.staff_api_token = api_token
        request_details.set(audit_details(api_token))
        return user


def forget_request_details(**_kwargs) -> None:
    """A worker thread serves many requests: one request's token must never reach the next's
    events (nor events written outside any request, such as a test's or a command's)."""
    request_details.set(None)
