from django.conf import settings
from django.core.management.base import BaseCommand

from core import keyring
from core.crypto import forget_keyring

KEY_NAMES = {
    "audit": "audit checkpoint key",
    "similarity": "similarity key",
    "search": "search index key",
}


class Command(BaseCommand):
    help = (
        "Create the keyring file if it does not exist yet; add any key a newer Tipline needs to "
        "an existing one (never replaces a key)."
    )

    def handle(self, *args, **options):
        path = settings.KEYRING_PATH
        if path.exists():
            ring = keyring.load(path)  # fail loudly now, not on the first report
            missing = ring.missing_keys()
            upgraded = ring.with_missing_keys()
            if upgraded == ring:
                self.stdout.write(f"keyring present at {path}")
                return
            keyring.save(upgraded, path)
            forget_keyring()
            self.stdout.write(
                self.style.SUCCESS(
                    f"added the {', '.join(KEY_NAMES[name] for name in missing)} to the keyring "
                    f"at {path}; back it up again"
                )
            )
            return
        keyring.save(keyring.generate(), path)
        self.stdout.write(self.style.SUCCESS(f"created keyring at {path}; back it up separately"))
