from django.conf import settings
from django.core.management.base import BaseCommand

from core import keyring


class Command(BaseCommand):
    help = "Create the keyring file if it does not exist yet (never overwrites one)."

    def handle(self, *args, **options):
        path = settings.KEYRING_PATH
        if path.exists():
            keyring.load(path)  # fail loudly now, not on the first report
            self.stdout.write(f"keyring present at {path}")
            return
        keyring.save(keyring.generate(), path)
        self.stdout.write(self.style.SUCCESS(f"created keyring at {path}; back it up separately"))
