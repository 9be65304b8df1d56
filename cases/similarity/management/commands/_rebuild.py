"""What rebuild_similarity and rebuild_search_index share: options, key rotation, audit."""

from django.core.management.base import BaseCommand, CommandError

from audit.actions import record
from cases.similarity import rebuild
from core import keyring
from core.crypto import current_keyring, forget_keyring


class RebuildCommand(BaseCommand):
    index = ""  # "similarity" or "search": the rebuild's name and its keyring key

    def add_arguments(self, parser):
        parser.add_argument("--jobs", type=int, default=1, help="worker processes")
        parser.add_argument("--batch", type=int, default=500, help="reports per transaction")
        parser.add_argument(
            "--rotate-key",
            action="store_true",
            help=f"replace the {self.index} key in the keyring first, then rebuild everything",
        )
        parser.add_argument("--restart", action="store_true", help="start over instead of resuming")

    def handle(self, *args, jobs, batch, rotate_key, restart, **options):
        if jobs < 1 or batch < 1:
            raise CommandError("--jobs and --batch must be at least 1")
        from django.conf import settings

        if rotate_key:
            # Saved before any row uses it; rows under the old key are redone by fingerprint,
            # so an interrupted rotation finishes by running the command again.
            keyring.save(current_keyring().with_new_index_key(self.index), settings.KEYRING_PATH)
            forget_keyring()
            record(f"keyring.rotate_{self.index}")
        record(f"index.rebuild_{self.index}", details={"rotated": rotate_key})
        done = rebuild.run(
            self.index, jobs=jobs, batch=batch, fresh=rotate_key or restart, out=self.stderr
        )
        self.stdout.write(self.style.SUCCESS(f"{self.index}: {done} report rows rebuilt"))
