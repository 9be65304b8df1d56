"""One-shot nonces: a form, a draft or a signed request is acted on once, by every worker.

A nonce is claimed with an atomic `cache.add` in the shared cache, so a double click, a reload
of a POST or a replayed request finds it taken, whichever worker process it reaches (with more
than one process the cache must be Redis; the settings refuse otherwise). A claim is released
when the work stored nothing, so the person may press again after fixing their input.
"""

import secrets

from django.conf import settings
from django.core.cache import cache

from core.cache import count
from core.tokens import BadToken, open_token, seal_token


def _key(purpose: str, nonce: str) -> str:
    return f"tl:once:{purpose}:{nonce}"


def claim(purpose: str, nonce: str, *, ttl: int | None = None) -> bool:
    """True the first time (purpose, nonce) is claimed within `ttl` seconds, False after."""
    return cache.add(_key(purpose, nonce), 1, timeout=ttl or settings.FORM_MAX_AGE_SECONDS)


def spend(purpose: str, nonce: str, *, limit: int, ttl: int | None = None) -> bool:
    """True for the first `limit` uses of (purpose, nonce), False after (an atomic count)."""
    return count(_key(purpose, nonce), ttl or settings.FORM_MAX_AGE_SECONDS) <= limit


def release(purpose: str, nonce: str) -> None:
    cache.delete(_key(purpose, nonce))


def form_nonce(purpose: str, user) -> str:
    """A sealed nonce for a staff form, bound to the user it was served to."""
    return seal_token({"n": secrets.token_urlsafe(16), "u": user.pk}, purpose=purpose)


def open_form_nonce(purpose: str, token: str | None, user) -> str | None:
    """The nonce in a form's token, or None if it is missing, forged, expired or another user's."""
    try:
        payload = open_token(token or "", purpose=purpose, max_age=settings.FORM_MAX_AGE_SECONDS)
    except BadToken:
        return None
    if not isinstance(payload, dict) or payload.get("u") != user.pk or not payload.get("n"):
        return None
    return str(payload["n"])
