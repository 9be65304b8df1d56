"""Partner API keys: issuing, recognising a key on a request, and its per-key rate limit.

A key only changes what a report is labelled (channel "partner:<slug>") and which budget the
request counts against; it grants no reading at all. Follow-up still needs the reporter's receipt,
so a partner can never see a report its user has not handed it the receipt of.
"""

import secrets
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from accounts.models import hash_secret
from core.ratelimit import take_minute_slot
from intake.api.common import RetryLater
from intake.models import Partner, PartnerKey

KEY_PREFIX = "tpk_"
# The part of a key kept in the clear to tell keys apart in the admin ("tpk_" + 8 characters).
DISPLAY_CHARS = 12
KEY_MAX = 200
# Recording every use would make each call a write; a minute's precision is plenty.
LAST_USED_PRECISION = timedelta(minutes=1)


class KeyRefused(HttpError):
    def __init__(self) -> None:
        super().__init__(401, _("This partner key is not valid or has been revoked."))


class PartnerThrottled(RetryLater):
    def __init__(self, retry_after: int) -> None:
        super().__init__(_("Too many requests with this partner key; slow down."), retry_after)


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def presented_key(request) -> str | None:
    """The key in `Authorization: Bearer …` or `X-Partner-Key`; "" if the two disagree or the
    Authorization header is not a bearer token (refused rather than guessed at)."""
    header = request.headers.get("Authorization")
    bearer = None
    if header is not None:
        scheme, _space, value = header.partition(" ")
        bearer = value.strip() if scheme.lower() == "bearer" else ""
    other = request.headers.get("X-Partner-Key")
    if bearer is not None and other is not None and bearer != other:
        return ""
    return bearer if bearer is not None else other


def key_for(secret: str) -> PartnerKey | None:
    """The active key of an active partner that `secret` is, or None."""
    if not secret.startswith(KEY_PREFIX) or len(secret) > KEY_MAX:
        return None
    key = (
        PartnerKey.objects.select_related("partner")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True, partner__active=True)
        .first()
    )
    if key is None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def authenticate(request) -> Partner | None:
    """The partner calling, None for an anonymous call; raises 401 for a key that is not
    (or no longer) valid and 429 above the key's requests per minute."""
    secret = presented_key(request)
    if secret is None:
        return None
    key = key_for(secret)
    if key is None:
        raise KeyRefused
    if wait := take_minute_slot("partner-key", str(key.pk), key.partner.requests_per_minute):
        raise PartnerThrottled(wait)
    return key.partner


def channel_for(partner: Partner | None) -> str:
    return "api" if partner is None else f"partner:{partner.slug}"


def caller_for(partner: Partner | None) -> str:
    """Whose Idempotency-Keys these are: keys of different callers never meet."""
    return "anonymous" if partner is None else f"partner:{partner.slug}"


PARTNER_HEADERS = [
    {
        "name": "X-Partner-Key",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": (
            "A partner's API key (or send it as `Authorization: Bearer <key>`). Without one the "
            "call is anonymous; a key that is not valid gets 401."
        ),
    }
]
