"""manage.py verify_audit: walk the hash chain and hold it against the checkpoints.

Exit 1 naming the first bad event, or the events an unacknowledged rewind or deletion removed.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit import anchoring
from audit.actions import verify_chain
from audit.checkpoints import CheckpointError, file_path


class Command(BaseCommand):
    help = (
        "Verify the audit trail: its hash chain (edited, deleted or reordered events) and its "
        "checkpoints outside the database (rewound or deleted newest events)."
    )

    def handle(self, *args, **options):
        checked, bad, why = verify_chain()
        if bad is not None:
            raise CommandError(
                f"Audit event #{bad.seq} is bad: {why} ({checked} verified before it)"
            )
        if why:
            raise CommandError(f"Audit trail is bad: {why} ({checked} verified)")
        try:
            state = anchoring.check()
        except CheckpointError as exc:
            raise CommandError(f"Audit checkpoints cannot be read: {exc}") from exc
        problems = state.problems()
        if problems:
            raise CommandError("Audit trail is bad: " + "; ".join(problems))
        self.stdout.write(f"{checked} events verified")
        self._report(state)

    def _report(self, state: anchoring.Anchoring) -> None:
        if not state.active:
            self.stderr.write(
                f"warning: no audit checkpoints in {file_path()} yet, so a rewind of the newest "
                "events could not be seen (the scheduler writes them; `manage.py audit_checkpoint`)"
            )
            return
        newest = max(state.active, key=lambda c: c.seq)
        count = len(state.active)
        agree = "1 checkpoint agrees" if count == 1 else f"{count} checkpoints agree"
        self.stdout.write(
            f"{agree}, the newest of {newest.at} at event #{newest.seq} "
            f"({state.superseded} superseded by acknowledged rewinds)"
        )
        if newest.seq < state.newest_event and _older_than_two_intervals(newest.at):
            self.stderr.write(
                f"warning: events after #{newest.seq} are not anchored yet and the newest "
                f"checkpoint is from {newest.at}: is the scheduler (or its worker) running?"
            )
        for line in state.rewinds:
            rewind = line.rewind or {}
            self.stdout.write(
                f"acknowledged rewind at {line.at}: checkpoints after event #{rewind['to_seq']} "
                f"superseded (the newest had seen #{rewind['from_seq']}, the trail then ended at "
                f"#{rewind['head_seq']}), reason in event #{rewind['event']}"
            )


def _older_than_two_intervals(at: str) -> bool:
    cutoff = timezone.now() - timedelta(seconds=2 * settings.AUDIT_CHECKPOINT_SECONDS)
    try:
        return datetime.fromisoformat(at) < cutoff
    except ValueError:
        return True
