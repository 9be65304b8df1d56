"""Sealed tokens handed to the browser: form-start tokens and review-step drafts.

A draft travels in the reporter's own page instead of our database or session store, so nothing a
reporter typed is at rest on the server before they press submit. Sealing (AES-GCM under the
keyring's token key) keeps it unreadable to anything in between and impossible to forge.
"""

import json
import time
from base64 import urlsafe_b64decode, urlsafe_b64encode

from django.utils.encoding import force_bytes

from core.crypto import DecryptionError, current_keyring, seal, unseal


class BadToken(Exception):
    pass


def seal_token(payload: dict, *, purpose: str) -> str:
    body = json.dumps({"p": payload, "t": time.time()}, separators=(",", ":")).encode()
    blob = seal(current_keyring().token, body, f"tipline:token:{purpose}".encode())
    return urlsafe_b64encode(blob).decode().rstrip("=")


def open_token(token: str, *, purpose: str, max_age: float, min_age: float = 0) -> dict:
    """The payload, if the token is ours, for this purpose, and between min_age and max_age old."""
    try:
        blob = urlsafe_b64decode(force_bytes(token) + b"=" * (-len(token) % 4))
        body = json.loads(
            unseal(current_keyring().token, blob, f"tipline:token:{purpose}".encode())
        )
    except (ValueError, DecryptionError, TypeError) as exc:
        raise BadToken("token is not valid") from exc
    age = time.time() - body["t"]
    if age > max_age:
        raise BadToken("token has expired")
    if age < min_age:
        raise BadToken("token used too soon")
    return body["p"]
