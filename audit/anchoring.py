"""The chain against its checkpoints: writing them, checking them, acknowledging a restore.

A checkpoint says "at this time, event #seq had this hash". While the database keeps every event
it ever had, every checkpoint finds its event. Deleting events (and rewinding the head to match)
or rewriting history leaves some checkpoint without its event: tampering, unless an operator
acknowledged it. A restored backup is exactly such a rewind, so `acknowledge_audit_rewind`
records it — an audit event in the restored chain and a checkpoint line saying which checkpoints
the restore superseded — and from then on only the older checkpoints must still agree.
"""

import math
from dataclasses import dataclass, field
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit import checkpoints
from audit.actions import record, verify_chain
from audit.checkpoints import Checkpoint
from audit.models import GENESIS, AuditEvent, AuditHead

CHUNK = 500  # SQLite caps the parameters of one query
ACKNOWLEDGE_HINT = (
    "an unacknowledged rewind or deletion; if a backup was restored, "
    "run `manage.py acknowledge_audit_rewind --reason ...`"
)


@dataclass
class Anchoring:
    """How the database stands against the checkpoint file."""

    active: list[Checkpoint] = field(default_factory=list)  # not superseded by a rewind
    superseded: int = 0
    file_problems: list[str] = field(default_factory=list)
    diverged: list[Checkpoint] = field(default_factory=list)  # active, but their event is not
    newest_event: int = 0

    @property
    def rewinds(self) -> list[Checkpoint]:
        return [c for c in self.active if c.rewind]

    @property
    def last_common(self) -> tuple[int, str]:
        """The newest checkpointed (seq, hash) below the first disagreement: the point up to
        which the database still holds the history the checkpoints saw (genesis if none).

        Checkpoints written after a restore may agree with events above it, on the new history;
        a rewind back to this point supersedes them too, and its own checkpoint covers them.
        """
        first_diverged = min((c.seq for c in self.diverged), default=math.inf)
        common = [c for c in self.active if 0 < c.seq < first_diverged]
        if not common:
            return 0, GENESIS
        newest = max(common, key=lambda c: c.seq)
        return newest.seq, newest.hash

    def problems(self) -> list[str]:
        problems = list(self.file_problems)
        if not self.diverged:
            return problems
        newest = max(self.active, key=lambda c: c.seq)
        if newest.seq > self.newest_event:
            problems.append(
                f"events #{self.newest_event + 1} to #{newest.seq} are missing: the checkpoint "
                f"of {newest.at} saw event #{newest.seq} ({ACKNOWLEDGE_HINT})"
            )
        first = min(self.diverged, key=lambda c: c.seq)
        if first.seq <= self.newest_event:
            problems.append(
                f"event #{first.seq} is missing or not the event the checkpoint of {first.at} "
                f"saw: history was rewritten from there on ({ACKNOWLEDGE_HINT})"
            )
        return problems


def current_head() -> tuple[int, str]:
    head = AuditHead.objects.filter(id=1).first()
    return (head.seq, head.hash) if head else (0, GENESIS)


def check(handle: IO[bytes] | None = None) -> Anchoring:
    """Compare every checkpoint not superseded by an acknowledged rewind with the database."""
    found, file_problems = checkpoints.read_all(handle)
    state = Anchoring(file_problems=file_problems)
    state.active, state.superseded = _not_superseded(found)
    stored = _event_hashes(sorted({c.seq for c in state.active if c.seq > 0}))
    newest = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    state.newest_event = newest or 0
    state.diverged = [
        c for c in state.active if (stored.get(c.seq) if c.seq else GENESIS) != c.hash
    ]
    if not state.active:
        state.file_problems += _unanchored()
    return state


def _unanchored() -> list[str]:
    """No checkpoint at all is fine for a new trail, not for one older than two intervals: the
    file was removed (or this host does not see it), and with it every anchor."""
    cutoff = timezone.now() - timedelta(seconds=2 * settings.AUDIT_CHECKPOINT_SECONDS)
    oldest = AuditEvent.objects.order_by("seq").values_list("at", flat=True).first()
    if oldest is None or oldest > cutoff:
        return []
    return [
        f"there is no checkpoint in {checkpoints.file_path()}, yet the trail has events since "
        f"{oldest.isoformat()}: the checkpoint file was removed, or this host does not see it "
        "(if it was lost, `manage.py audit_checkpoint` starts a new one from the present head)"
    ]


def _not_superseded(found: list[Checkpoint]) -> tuple[list[Checkpoint], int]:
    """A rewind line supersedes the earlier checkpoints beyond the point it went back to.

    Read newest first: each line is judged by the rewinds written after it, then its own rewind
    (if any) applies to the lines before it.
    """
    floor: float = math.inf
    active: list[Checkpoint] = []
    for checkpoint in reversed(found):
        if checkpoint.seq > floor:
            continue
        active.append(checkpoint)
        if checkpoint.rewind:
            floor = min(floor, int(checkpoint.rewind["to_seq"]))
    active.reverse()
    return active, len(found) - len(active)


def _event_hashes(seqs: list[int]) -> dict[int, str]:
    hashes: dict[int, str] = {}
    for start in range(0, len(seqs), CHUNK):
        chunk = seqs[start : start + CHUNK]
        hashes.update(AuditEvent.objects.filter(seq__in=chunk).values_list("seq", "hash"))
    return hashes


def do_write_checkpoint(*, skip_unchanged: bool = False) -> Checkpoint | None:
    """Append the head as a checkpoint; None if skip_unchanged and the newest already says it."""
    with checkpoints.locked() as handle:
        seq, head_hash = current_head()
        previous = checkpoints.last_in(handle)
        if skip_unchanged and previous and (previous.seq, previous.hash) == (seq, head_hash):
            return None
        return checkpoints.append(handle, seq, head_hash)


class RewindError(Exception):
    pass


def do_acknowledge_rewind(reason: str, *, actor: str = "operator") -> Checkpoint:
    """Record that the trail was rewound on purpose (a restore) and anchor the new head."""
    reason = reason.strip()
    if not reason:
        raise RewindError("give the reason (which backup was restored, and why)")
    _checked, bad, why = verify_chain()
    if bad is not None or why:
        where = f"event #{bad.seq}: {why}" if bad else why
        raise RewindError(f"the chain itself is broken ({where}); a rewind cannot cover that")
    with checkpoints.locked() as handle:
        state = check(handle)
        if state.file_problems:
            problems = "; ".join(state.file_problems)
            raise RewindError(f"the checkpoints cannot be trusted: {problems}")
        if not state.diverged:
            raise RewindError("nothing to acknowledge: every checkpoint agrees with the trail")
        newest = max(state.diverged, key=lambda c: c.seq)
        to_seq, to_hash = state.last_common
        head_seq, head_hash = current_head()
        rewind = {
            "from_seq": newest.seq,
            "from_hash": newest.hash,
            "from_at": newest.at,
            "to_seq": to_seq,
            "to_hash": to_hash,
            "head_seq": head_seq,
        }
        with transaction.atomic():
            event = record(
                "audit.rewind_acknowledged",
                actor=actor,
                details={**rewind, "head_hash": head_hash, "reason": reason},
            )
        return checkpoints.append(handle, event.seq, event.hash, {**rewind, "event": event.seq})
