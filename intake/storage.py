"""The attachment store: every byte sealed with the report's data key, kept by the storage
backend `STORAGES["attachments"]` (TIPLINE_STORAGE; a directory by default, see
intake/durable_storage.py), so that every web node reaches the same files.

Files are written, and durable, before the database rows that point at them are committed, so a
committed report never points at a missing file; files left without a row by a failed request are
swept by the cleanup task.
"""

import logging
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from core.crypto import seal, unseal
from core.outage import Unavailable

logger = logging.getLogger(__name__)

VARIANTS = ("clean", "orig")
TMP_SUFFIX = ".tmp"


def _store():
    return storages["attachments"]


def _name(attachment_id: uuid.UUID, variant: str) -> str:
    if variant not in VARIANTS:
        raise ValueError(variant)
    hexid = attachment_id.hex
    return f"{hexid[:2]}/{hexid}.{variant}"


def _path(attachment_id: uuid.UUID, variant: str) -> Path:
    """Where a file lies on disk, for stores that are a directory (the default)."""
    return Path(_store().path(_name(attachment_id, variant)))


def _aad(attachment_id: uuid.UUID, variant: str) -> bytes:
    return f"tipline:attachment:{attachment_id}:{variant}".encode()


class StoreUnavailable(Unavailable):
    """The attachment store cannot be written (full, read-only, unmounted): the report is not
    filed, since no report may exist without its files; the caller is told to retry (503)."""


def write(dek: bytes, attachment_id: uuid.UUID, variant: str, data: bytes) -> None:
    name = _name(attachment_id, variant)
    try:
        _store().save(name, ContentFile(seal(dek, data, _aad(attachment_id, variant))))
    except Exception as exc:  # any backend's failure: the report must not be filed without it
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        logger.error("attachment store not writable: %s", reason)
        raise StoreUnavailable from exc


def read(dek: bytes, attachment_id: uuid.UUID, variant: str) -> bytes:
    with _store().open(_name(attachment_id, variant), "rb") as handle:
        sealed = handle.read()
    return unseal(dek, sealed, _aad(attachment_id, variant))


def delete(attachment_id: uuid.UUID) -> None:
    store = _store()
    for variant in VARIANTS:
        store.delete(_name(attachment_id, variant))


def _id_of(name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(name.split(".")[0])
    except ValueError:
        return None  # not ours; leave it alone


def stored_ids() -> set[uuid.UUID]:
    """Ids with any file in the store, finished or an interrupted write's temp file."""
    store = _store()
    try:
        folders, _files = store.listdir("")
    except FileNotFoundError:
        return set()
    ids = set()
    for folder in folders:
        ids.update(_id_of(name) for name in store.listdir(folder)[1])
    return ids - {None}


def older_than(attachment_id: uuid.UUID, cutoff) -> bool:
    """Orphans are only swept once they are older than any request still writing them."""
    store = _store()
    for variant in VARIANTS:
        name = _name(attachment_id, variant)
        for candidate in (name, name + TMP_SUFFIX):
            try:
                if store.get_modified_time(candidate) >= cutoff:
                    return False
            except (FileNotFoundError, NotImplementedError):
                continue
    return True
