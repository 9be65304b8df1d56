"""Receipt codes: the reporter's only credential.

20 random decimal digits (10^20 ≈ 2^66, above the 64-bit floor) so they can be typed on a phone
keypad or read out on a hotline. Only an HMAC of the code is stored: fast enough for the
submission path (a slow KDF would cap intake at a few per second), and useless to a thief of the
database without the keyring's receipt key.
"""

import hashlib
import hmac
import re
import secrets

from core.crypto import current_keyring

DIGITS = 20
# Whitespace (incl. the ideographic space) and the dashes phones and input methods produce.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\uff0d]+")
_FULL_WIDTH_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}
# Anything longer is not a mistyped code; don't spend regex time on it.
_MAX_RAW = 200


def new_receipt() -> str:
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


def _cleaned(raw: str | None) -> str | None:
    """What was typed without separators, full-width digits made ASCII; None if not a short text."""
    if not raw or not isinstance(raw, str) or len(raw) > _MAX_RAW:
        return None
    # Full-width digits come from Chinese input methods.
    return _SEPARATORS.sub("", raw).translate(_FULL_WIDTH_DIGITS)


def normalize(raw: str | None) -> str | None:
    """Accept what people type (spaces, dashes, full-width digits); None if it cannot be a code."""
    cleaned = _cleaned(raw)
    if cleaned is None or digits_typed(cleaned) != DIGITS:
        return None
    return cleaned


def digits_typed(raw: str | None) -> int | None:
    """How many digits were typed, separators aside; None if anything but digits was typed.

    Telling someone "you typed 8" reveals nothing: every code has the same public shape."""
    cleaned = _cleaned(raw)
    if cleaned is None or not cleaned.isascii() or not cleaned.isdigit():
        return None
    return len(cleaned)


def receipt_hash(code: str) -> bytes:
    return hmac.new(current_keyring().receipt, code.encode(), hashlib.sha256).digest()


def matches(code: str, stored_hash: bytes | memoryview) -> bool:
    """Constant-time, so response timing tells nothing about how close a guess was."""
    return hmac.compare_digest(receipt_hash(code), bytes(stored_hash))


def grouped(code: str) -> list[str]:
    return [code[i : i + 4] for i in range(0, len(code), 4)]


def formatted(code: str) -> str:
    return " ".join(grouped(code))
