"""manage.py audit_checkpoint: append the audit chain's head to the checkpoint file now."""

from django.core.management.base import BaseCommand, CommandError

from audit.anchoring import do_write_checkpoint
from audit.checkpoints import CheckpointError, file_path


class Command(BaseCommand):
    help = "Write a checkpoint of the audit chain's head (the scheduler does so periodically)."

    def handle(self, *args, **options):
        try:
            checkpoint = do_write_checkpoint()
        except (CheckpointError, OSError) as exc:
            raise CommandError(f"no checkpoint written: {exc}") from exc
        assert checkpoint is not None  # only skip_unchanged writes nothing
        self.stdout.write(f"checkpoint of event #{checkpoint.seq} written to {file_path()}")
