"""One-time claim codes for collecting a reward in person (with the receipt): 10 characters of
an alphabet without look-alikes (about 49 bits), stored only as a hash. The code alone is useless:
the collector must also bring the receipt, and the finance officer checks both."""

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(f"tipline-claim:{normalize(code)}".encode()).hexdigest()
