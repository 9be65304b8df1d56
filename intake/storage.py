"""The attachment store: files on disk, every byte sealed with the report's data key.

Files are written (and fsynced) before the database rows that point at them are committed, so a
committed report never points at a missing file; files left without a row by a failed request are
swept by the cleanup task.
"""

import contextlib
import logging
import os
import uuid
from pathlib import Path

from django.conf import settings

from core.crypto import seal, unseal
from core.outage import Unavailable

logger = logging.getLogger(__name__)

VARIANTS = ("clean", "orig")
TMP_SUFFIX = ".tmp"


def _path(attachment_id: uuid.UUID, variant: str) -> Path:
    if variant not in VARIANTS:
        raise ValueError(variant)
    hexid = attachment_id.hex
    return Path(settings.ATTACHMENT_DIR) / hexid[:2] / f"{hexid}.{variant}"


def _aad(attachment_id: uuid.UUID, variant: str) -> bytes:
    return f"tipline:attachment:{attachment_id}:{variant}".encode()


class StoreUnavailable(Unavailable):
    """The attachment store cannot be written (full, read-only, unmounted): the report is not
    filed, since no report may exist without its files; the caller is told to retry (503)."""


def write(dek: bytes, attachment_id: uuid.UUID, variant: str, data: bytes) -> None:
    path = _path(attachment_id, variant)
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(seal(dek, data, _aad(attachment_id, variant)))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        # The rename must be durable before the row that points at the file commits.
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        logger.error("attachment store not writable: %s", exc.strerror or type(exc).__name__)
        raise StoreUnavailable from exc


def read(dek: bytes, attachment_id: uuid.UUID, variant: str) -> bytes:
    return unseal(dek, _path(attachment_id, variant).read_bytes(), _aad(attachment_id, variant))


def delete(attachment_id: uuid.UUID) -> None:
    for variant in VARIANTS:
        path = _path(attachment_id, variant)
        path.unlink(missing_ok=True)
        path.with_name(path.name + TMP_SUFFIX).unlink(missing_ok=True)


def _id_of(path: Path) -> uuid.UUID | None:
    try:
        return uuid.UUID(path.name.split(".")[0])
    except ValueError:
        return None  # not ours; leave it alone


def stored_ids() -> set[uuid.UUID]:
    """Ids with any file in the store, finished or an interrupted write's temp file."""
    root = Path(settings.ATTACHMENT_DIR)
    if not root.exists():
        return set()
    ids = (_id_of(p) for p in root.glob("*/*.*"))
    return {i for i in ids if i is not None}


def older_than(attachment_id: uuid.UUID, cutoff) -> bool:
    """Orphans are only swept once they are older than any request still writing them."""
    for variant in VARIANTS:
        path = _path(attachment_id, variant)
        for candidate in (path, path.with_name(path.name + TMP_SUFFIX)):
            try:
                if candidate.stat().st_mtime >= cutoff.timestamp():
                    return False
            except FileNotFoundError:
                continue
    return True
