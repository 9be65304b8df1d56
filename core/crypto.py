"""Envelope encryption with AES-256-GCM.

Each report has its own random data key (DEK); the DEK encrypts the report's answers, messages
and attachment bytes, and is stored only wrapped by a master key from the keyring. Reporter
identity gets its own DEK wrapped by a separate identity key, so access to report content never
implies access to who reported. Every ciphertext is bound to its place by associated data (AAD),
so a ciphertext copied onto another report or field fails to decrypt instead of leaking.
"""

import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from core import keyring as keyring_module

NONCE_BYTES = 12


class DecryptionError(Exception):
    pass


@lru_cache(maxsize=4)
def _load(path: str, version: tuple[int, int, int]) -> keyring_module.Keyring:
    return keyring_module.load(Path(path))


def current_keyring() -> keyring_module.Keyring:
    """The keyring, re-read when the file changes (after `rotate_keys`) and cached otherwise.

    mtime alone can repeat when two saves fall in one clock tick, so the inode (new on every
    atomic replace) and size take part too; the process that saves calls `forget_keyring()`.
    """
    path = str(settings.KEYRING_PATH)  # os.stat on the string: no Path object per key use
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return keyring_module.load(Path(path))  # raises the helpful "run init_keyring" error
    return _load(path, (stat.st_mtime_ns, stat.st_ino, stat.st_size))


def forget_keyring() -> None:
    """Drop the cached keyring; a process that just rewrote the file calls this."""
    _load.cache_clear()


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, blob: bytes, aad: bytes) -> bytes:
    blob = bytes(blob)
    if len(blob) < NONCE_BYTES + 16:  # nonce + GCM tag: anything shorter was never sealed
        raise DecryptionError("ciphertext is truncated")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("ciphertext does not open with this key and context") from exc


def wrap_key(data_key: bytes, *, purpose: str = "data") -> tuple[str, bytes]:
    """Wrap a DEK with the active key of its purpose; returns (key id, wrapped bytes)."""
    keys, active = current_keyring().family(purpose)
    return active, seal(keys[active], data_key, _wrap_aad(purpose, active))


def unwrap_key(key_id: str, wrapped: bytes, *, purpose: str = "data") -> bytes:
    """The DEK; DecryptionError if the key is gone or the blob was wrapped for another purpose."""
    keys, _active = current_keyring().family(purpose)
    if key_id not in keys:
        raise DecryptionError(f"key {key_id!r} is not in the keyring")
    return unseal(keys[key_id], wrapped, _wrap_aad(purpose, key_id))


def _wrap_aad(purpose: str, key_id: str) -> bytes:
    return f"tipline:wrap:{purpose}:{key_id}".encode()
