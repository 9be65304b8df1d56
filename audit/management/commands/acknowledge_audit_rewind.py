"""manage.py acknowledge_audit_rewind --reason "...": accept a rewound trail after a restore."""

from django.core.management.base import BaseCommand, CommandError

from audit.anchoring import RewindError, do_acknowledge_rewind
from audit.checkpoints import CheckpointError


class Command(BaseCommand):
    help = (
        "After restoring a backup: record, as an audit event and a new checkpoint, that the audit "
        "trail was rewound on purpose. Every acknowledgement stays in the checkpoint file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reason", required=True, help="which backup was restored, why, and who decided"
        )

    def handle(self, *args, reason, **options):
        try:
            checkpoint = do_acknowledge_rewind(reason)
        except (RewindError, CheckpointError, OSError) as exc:
            raise CommandError(f"rewind not acknowledged: {exc}") from exc
        rewind = checkpoint.rewind or {}
        self.stdout.write(
            self.style.SUCCESS(
                f"acknowledged: the checkpoint of {rewind['from_at']} saw event "
                f"#{rewind['from_seq']}, the trail ended at #{rewind['head_seq']}; checkpoints "
                f"after #{rewind['to_seq']} are superseded. Recorded as event #{checkpoint.seq} "
                "and checkpointed"
            )
        )
