"""Checkpoints: the chain's head, written where the database cannot rewind it.

Deleting the newest events and moving the head back leaves a chain that is consistent in itself;
only a record kept elsewhere can tell. So the head's seq and hash are appended, every few minutes,
to a file in settings.AUDIT_CHECKPOINT_DIR: one JSON line each, MACed with the keyring's audit key
and linked to the line before by that line's MAC. Whoever controls the database (a DBA, an SQL
injection, a restored backup) can rewrite every row but neither this file (another mount,
append-only, shipped off the host) nor a line of it without the keyring. anchoring.py compares
the two.
"""

import fcntl
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

from core.crypto import current_keyring

FILE_NAME = "checkpoints.jsonl"
TAIL_BYTES = 64 * 1024  # far more than one line: enough to find the last one
logger = logging.getLogger(__name__)


class CheckpointError(Exception):
    pass


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    prev: str  # the previous line's MAC ("" on the first line): a removed line breaks the link
    # Set on the line an acknowledged rewind writes: {"from_seq", "from_hash", "to_seq", ...}.
    rewind: dict[str, Any] | None
    mac: str = ""
    line: int = 0  # where it was read from; not part of the MAC

    def signed_fields(self) -> dict[str, Any]:
        fields = asdict(self)
        del fields["mac"], fields["line"]
        return fields


def file_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def audit_key() -> bytes:
    key = current_keyring().audit
    if not key:
        raise CheckpointError(
            "the keyring has no audit checkpoint key: run `manage.py init_keyring` to add it, "
            "then back the keyring up again"
        )
    return key


def mac_of(checkpoint: Checkpoint, key: bytes) -> str:
    body = json.dumps(checkpoint.signed_fields(), sort_keys=True, separators=(",", ":"))
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


@contextmanager
def locked() -> Iterator[IO[bytes]]:
    """The checkpoint file, opened for appending under an exclusive lock (one writer at a time).

    Created owner-only; opened with O_APPEND, so even a file marked append-only by the operator
    (`chattr +a`) accepts our writes while nobody can rewrite earlier lines.
    """
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(file_path(), os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def append(
    handle: IO[bytes], seq: int, head_hash: str, rewind: dict[str, Any] | None = None
) -> Checkpoint:
    """Write one checkpoint after the last line of the (locked) file, durably."""
    previous = last_in(handle)
    unsigned = Checkpoint(
        seq=seq,
        hash=head_hash,
        at=timezone.now().isoformat(),
        prev=previous.mac if previous else "",
        rewind=rewind,
    )
    checkpoint = Checkpoint(**{**asdict(unsigned), "mac": mac_of(unsigned, audit_key())})
    line = json.dumps({**checkpoint.signed_fields(), "mac": checkpoint.mac}, sort_keys=True)
    handle.write(line.encode() + b"\n")
    handle.flush()
    os.fsync(handle.fileno())
    # A second copy off the host, in the logs: cheap, and another place a rewind must reach.
    logger.info("audit checkpoint #%s %s", seq, head_hash)
    return checkpoint


def last_in(handle: IO[bytes]) -> Checkpoint | None:
    """The newest checkpoint as written (not verified), or None before the first."""
    size = handle.seek(0, os.SEEK_END)
    handle.seek(max(0, size - TAIL_BYTES))
    lines = [line for line in handle.read().splitlines() if line.strip()]
    if not lines:
        return None
    checkpoint = _parse(lines[-1], 0)
    if checkpoint is None:
        raise CheckpointError(f"the last line of {file_path()} is not a checkpoint")
    return checkpoint


def read_all(handle: IO[bytes] | None = None) -> tuple[list[Checkpoint], list[str]]:
    """Every authentic checkpoint in the file, and what is wrong with the file (forged lines,
    removed lines). Reads under a shared lock, so a line being appended is never read half-way;
    a caller already holding the file (`locked()`) passes its handle."""
    if handle is not None:
        handle.seek(0)
        return _read(handle, audit_key())
    if not file_path().exists():
        return [], []
    key = audit_key()
    with file_path().open("rb") as reading:
        fcntl.flock(reading.fileno(), fcntl.LOCK_SH)
        return _read(reading, key)


def _read(handle: IO[bytes], key: bytes) -> tuple[list[Checkpoint], list[str]]:
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    previous_mac = ""
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        checkpoint = _parse(raw, number)
        if checkpoint is None:
            problems.append(f"checkpoint line {number} is not a checkpoint")
            continue
        if not hmac.compare_digest(checkpoint.mac, mac_of(checkpoint, key)):
            # Left out: a forged line must not count, least of all as an acknowledgement.
            problems.append(
                f"checkpoint line {number} is not authentic (edited, forged, "
                "or made with another keyring's audit key)"
            )
            continue
        if checkpoint.prev != previous_mac:
            problems.append(
                f"checkpoint line {number} does not follow the line before it "
                "(a checkpoint was removed or inserted)"
            )
        previous_mac = checkpoint.mac
        checkpoints.append(checkpoint)
    return checkpoints, problems


def _parse(raw: bytes, number: int) -> Checkpoint | None:
    try:
        fields = json.loads(raw)
        checkpoint = Checkpoint(
            seq=fields["seq"],
            hash=fields["hash"],
            at=fields["at"],
            prev=fields["prev"],
            rewind=fields["rewind"],
            mac=fields["mac"],
            line=number,
        )
    except (ValueError, KeyError, TypeError):
        return None
    valid = (
        type(checkpoint.seq) is int  # not a bool
        and checkpoint.seq >= 0
        and all(isinstance(v, str) for v in (checkpoint.hash, checkpoint.at, checkpoint.mac))
        and isinstance(checkpoint.prev, str)
        and (checkpoint.rewind is None or isinstance(checkpoint.rewind, dict))
    )
    return checkpoint if valid else None
