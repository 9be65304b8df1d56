"""Rotate the master (or identity) key: add a new active key and re-wrap every data key with it.

Content is never re-encrypted: only the small wrapped data keys change, so rotation is quick and
safe to repeat. Old keys stay in the keyring until `--retire` finds nothing still using them.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import keyring
from core.crypto import current_keyring, forget_keyring, unwrap_key, wrap_key

# (model label, purpose): every table holding wrapped data keys.
# Every table holding wrapped data keys is listed, as (model label, purpose), in
# settings.WRAPPED_KEY_MODELS: the wiring layer, because core may not know the apps above it.
PREFIXES = {"data": "m-", "identity": "i-"}


class Command(BaseCommand):
    help = "Add a new active key and re-wrap all data keys; --retire drops unused old keys."

    def add_arguments(self, parser):
        parser.add_argument("--purpose", choices=sorted(PREFIXES), default="data")
        parser.add_argument("--retire", action="store_true", help="remove keys no row uses")

    def handle(self, *args, purpose, retire, **options):
        if retire:
            self._retire(purpose)
            return
        ring = current_keyring()
        keys, _active = ring.family(purpose)
        new_id = keyring.new_key_id(PREFIXES[purpose])
        _save(ring.with_family(purpose, {**keys, new_id: keyring.new_key()}, new_id))
        # The new key is saved (and active) before any row uses it; a crash part-way leaves rows
        # under old keys that are still in the keyring, and running again finishes the job.
        count = sum(
            self._rewrap(label, purpose, new_id)
            for label, p in settings.WRAPPED_KEY_MODELS
            if p == purpose
        )
        self.stdout.write(
            self.style.SUCCESS(f"active {purpose} key is {new_id}; re-wrapped {count}")
        )

    def _rewrap(self, label: str, purpose: str, new_id: str) -> int:
        model = apps.get_model(label)
        count = 0
        stale = model.objects.exclude(key_id=new_id).values_list("pk", flat=True)
        for pk in list(stale):
            with transaction.atomic():
                row = model.objects.select_for_update().filter(pk=pk).first()
                if row is None or row.key_id == new_id:  # deleted or re-wrapped meanwhile
                    continue
                dek = unwrap_key(row.key_id, row.wrapped_key, purpose=purpose)
                row.key_id, row.wrapped_key = wrap_key(dek, purpose=purpose)
                row.save(update_fields=["key_id", "wrapped_key"])
            count += 1
        return count

    def _retire(self, purpose: str) -> None:
        ring = current_keyring()
        keys, active = ring.family(purpose)
        used: set[str] = set()
        for label, p in settings.WRAPPED_KEY_MODELS:
            if p == purpose:
                model = apps.get_model(label)
                used |= set(model.objects.values_list("key_id", flat=True).distinct())
        keep = {k: v for k, v in keys.items() if k == active or k in used}
        if len(keep) == len(keys):
            raise CommandError("no unused keys to retire")
        _save(ring.with_family(purpose, keep, active))
        self.stdout.write(self.style.SUCCESS(f"retired {len(keys) - len(keep)} key(s)"))


def _save(ring: keyring.Keyring) -> None:
    keyring.save(ring, settings.KEYRING_PATH)
    forget_keyring()
