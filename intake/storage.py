"""The attachment store: files on disk, every byte sealed with the report's data key.

Files are written (and fsynced) before the database rows that point at them are committed, so a
committed report never points at a missing file; files left without a row by a failed request are
swept by the cleanup task.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings

from core.crypto import seal, unseal

VARIANTS = ("clean", "orig")


def _path(attachment_id: uuid.UUID, variant: str) -> Path:
    if variant not in VARIANTS:
        raise ValueError(variant)
    hexid = attachment_id.hex
    return Path(settings.ATTACHMENT_DIR) / hexid[:2] / f"{hexid}.{variant}"


def _aad(attachment_id: uuid.UUID, variant: str) -> bytes:
    return f"tipline:attachment:{attachment_id}:{variant}".encode()


def write(dek: bytes, attachment_id: uuid.UUID, variant: str, data: bytes) -> None:
    path = _path(attachment_id, variant)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        handle.write(seal(dek, data, _aad(attachment_id, variant)))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def read(dek: bytes, attachment_id: uuid.UUID, variant: str) -> bytes:
    return unseal(dek, _path(attachment_id, variant).read_bytes(), _aad(attachment_id, variant))


def delete(attachment_id: uuid.UUID) -> None:
    for variant in VARIANTS:
        _path(attachment_id, variant).unlink(missing_ok=True)


def stored_ids() -> set[uuid.UUID]:
    root = Path(settings.ATTACHMENT_DIR)
    if not root.exists():
        return set()
    return {uuid.UUID(p.name.split(".")[0]) for p in root.glob("*/*.*") if p.suffix != ".tmp"}


def older_than(attachment_id: uuid.UUID, cutoff) -> bool:
    """Orphans are only swept once they are older than any request still writing them."""
    path = _path(attachment_id, "clean")
    try:
        return path.stat().st_mtime < cutoff.timestamp()
    except FileNotFoundError:
        return True
