"""Report references: a staff-side handle a person can read out over the phone and type back.

Eight characters from Crockford's base32 alphabet without 0 and 1 (Crockford already leaves out
I, L, O and U), so no character can be taken for another: 30^8 ≈ 6.6 × 10^11 values. Drawn at
random, because a counter would tell anyone who sees two references how many reports came in
between. A reference is not a credential: it opens nothing for a reporter and, for staff, only
what their units could already see; the receipt stays the reporter's only key.

Stored without separators in capitals ("K7QM2XHD"), shown grouped ("K7QM-2XHD"), and accepted
in any case, with or without the dash or spaces.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
GROUP = 4
# Spaces (incl. the ideographic space) and the dashes keyboards and input methods produce.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\uff0d]+")
_SHAPE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
_MAX_RAW = 40
# Full-width letters and digits come from Chinese input methods.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(raw) -> str | None:
    """The stored form of what someone typed ("k7qm 2xhd" → "K7QM2XHD"), or None if it cannot be
    a reference."""
    if not isinstance(raw, str) or not raw or len(raw) > _MAX_RAW:
        return None
    cleaned = _SEPARATORS.sub("", raw.translate(_FULL_WIDTH)).upper()
    return cleaned if _SHAPE.fullmatch(cleaned) else None


def grouped(reference: str) -> str:
    """For display: "K7QM2XHD" → "K7QM-2XHD"."""
    return f"{reference[:GROUP]}-{reference[GROUP:]}" if reference else ""
