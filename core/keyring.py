"""The keyring: every key Tipline holds, in one JSON file kept outside the database.

A thief of the database dump gets ciphertext and wrapped keys only; the keyring file (mode 0600,
separate backup, ideally an HSM or KMS in a later step) is what makes them readable.

Layout: {"master": {id: b64}, "master_active": id, "identity": {id: b64}, "identity_active": id,
"receipt": b64, "token": b64, "audit": b64, "similarity": b64, "search": b64}. Master keys wrap
per-report data keys; identity keys wrap the data keys of reporter identities (a separate
custodian-held key); "receipt" keys the receipt HMAC and the throttling keys; "token" seals form
drafts handed to the browser; "audit" keys the MAC of the audit trail's checkpoints
(audit/checkpoints.py), which anchor the chain outside the database; "similarity" keys the shingles
of near-duplicate signatures and "search" the blind index of report text (cases/similarity,
cases/search), so a stolen database cannot test guesses against either. Those two have no ids:
rotating one replaces it and rebuilds its index.

Keyrings written before the audit, similarity or search keys existed still load (those keys are
empty); `manage.py init_keyring` adds the missing keys to them without touching the others.
"""

import base64
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core.durable import fsync_dir


class KeyringError(Exception):
    pass


# Keys added after the first keyrings were written: optional when loading, added by init_keyring.
SINGLE_KEYS = ("audit", "similarity", "search")


@dataclass(frozen=True)
class Keyring:
    master: dict[str, bytes]
    master_active: str
    identity: dict[str, bytes]
    identity_active: str
    receipt: bytes
    token: bytes
    audit: bytes = b""  # empty in keyrings older than audit checkpoints, until init_keyring
    similarity: bytes = b""  # likewise for keyrings older than near-duplicate detection
    search: bytes = b""  # and older than the blind search index

    def missing_keys(self) -> list[str]:
        return [name for name in SINGLE_KEYS if not getattr(self, name)]

    def with_missing_keys(self) -> "Keyring":
        """A copy with every key a newer Tipline expects; existing keys are never replaced."""
        missing: dict[str, Any] = {name: new_key() for name in self.missing_keys()}
        return replace(self, **missing) if missing else self

    def with_new_index_key(self, name: str) -> "Keyring":
        """A copy with a fresh similarity or search key; its index must then be rebuilt."""
        if name not in ("similarity", "search"):
            raise KeyringError(f"{name!r} is not an index key")
        fresh: dict[str, Any] = {name: new_key()}
        return replace(self, **fresh)

    def family(self, purpose: str) -> tuple[dict[str, bytes], str]:
        if purpose == "identity":
            return self.identity, self.identity_active
        if purpose == "data":
            return self.master, self.master_active
        raise KeyringError(f"unknown key purpose {purpose!r}")

    def with_family(self, purpose: str, keys: dict[str, bytes], active: str) -> "Keyring":
        """A copy with the keys of one purpose replaced (rotation and retirement)."""
        if active not in keys:
            raise KeyringError("the active key must be among the keys")
        if purpose == "identity":
            return replace(self, identity=keys, identity_active=active)
        if purpose == "data":
            return replace(self, master=keys, master_active=active)
        raise KeyringError(f"unknown key purpose {purpose!r}")

    def to_json(self) -> str:
        def enc(key: bytes) -> str:
            return base64.b64encode(key).decode()

        raw = {
            "master": {k: enc(v) for k, v in self.master.items()},
            "master_active": self.master_active,
            "identity": {k: enc(v) for k, v in self.identity.items()},
            "identity_active": self.identity_active,
            "receipt": enc(self.receipt),
            "token": enc(self.token),
        }
        for name in SINGLE_KEYS:
            if getattr(self, name):
                raw[name] = enc(getattr(self, name))
        return json.dumps(raw, indent=2)


def new_key_id(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(4)}"


def new_key() -> bytes:
    return secrets.token_bytes(32)


def generate() -> Keyring:
    master_id, identity_id = new_key_id("m-"), new_key_id("i-")
    return Keyring(
        master={master_id: new_key()},
        master_active=master_id,
        identity={identity_id: new_key()},
        identity_active=identity_id,
        receipt=new_key(),
        token=new_key(),
        audit=new_key(),
        similarity=new_key(),
        search=new_key(),
    )


def parse(text: str) -> Keyring:
    try:
        raw = json.loads(text)

        def keys(name: str) -> dict[str, bytes]:
            return {k: _key(v) for k, v in raw[name].items()}

        ring = Keyring(
            master=keys("master"),
            master_active=raw["master_active"],
            identity=keys("identity"),
            identity_active=raw["identity_active"],
            receipt=_key(raw["receipt"]),
            token=_key(raw["token"]),
            **{name: _key(raw[name]) for name in SINGLE_KEYS if name in raw},
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyringError(f"keyring is malformed: {exc}") from exc
    for purpose in ("data", "identity"):
        family, active = ring.family(purpose)
        if not isinstance(active, str) or active not in family:
            raise KeyringError("keyring's active key id is not among its keys")
    return ring


def _key(value: str) -> bytes:
    key = base64.b64decode(value, validate=True)
    if len(key) != 32:
        raise ValueError("every key must be 32 bytes")
    return key


def load(path: Path) -> Keyring:
    try:
        return parse(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise KeyringError(f"keyring at {path} is not UTF-8 text") from exc
    except FileNotFoundError:
        raise KeyringError(
            f"no keyring at {path}: run `manage.py init_keyring` (make run does)"
        ) from None


def save(ring: Keyring, path: Path) -> None:
    """Write atomically with owner-only permissions, so a crash never leaves half a keyring."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    # A leftover temp file from a crash keeps its old mode under O_CREAT; start afresh.
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)  # whatever the umask
        handle.write(ring.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)  # a power cut must not bring back the old keyring
