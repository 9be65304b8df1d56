"""Rotate the master (or identity) key: add a new active key and re-wrap every data key with it.

Content is never re-encrypted: only the small wrapped data keys change, so rotation is quick and
safe to repeat. Old keys stay in the keyring until `--retire` finds nothing still using them.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import keyring
from core.crypto import current_keyring, unwrap_key, wrap_key

# (model label, purpose): every table holding wrapped data keys.
WRAPPED = [("intake.Report", "data"), ("intake.ReporterIdentity", "identity")]


class Command(BaseCommand):
    help = "Add a new active key and re-wrap all data keys; --retire drops unused old keys."

    def add_arguments(self, parser):
        parser.add_argument("--purpose", choices=["data", "identity"], default="data")
        parser.add_argument("--retire", action="store_true", help="remove keys no row uses")

    def handle(self, *args, purpose, retire, **options):
        ring = current_keyring()
        if retire:
            self._retire(ring, purpose)
            return
        prefix = "m-" if purpose == "data" else "i-"
        new_id = keyring.new_key_id(prefix)
        keys, _active = ring.family(purpose)
        new_keys = {**keys, new_id: keyring.new_key()}
        if purpose == "data":
            ring = keyring.Keyring(
                new_keys, new_id, ring.identity, ring.identity_active, ring.receipt, ring.token
            )
        else:
            ring = keyring.Keyring(
                ring.master, ring.master_active, new_keys, new_id, ring.receipt, ring.token
            )
        keyring.save(ring, settings.KEYRING_PATH)
        count = sum(self._rewrap(label, purpose, new_id) for label, p in WRAPPED if p == purpose)
        self.stdout.write(
            self.style.SUCCESS(f"active {purpose} key is {new_id}; re-wrapped {count}")
        )

    def _rewrap(self, label: str, purpose: str, new_id: str) -> int:
        model = apps.get_model(label)
        count = 0
        stale = model.objects.exclude(key_id=new_id).values_list("pk", flat=True)
        for pk in stale.iterator(chunk_size=1000):
            with transaction.atomic():
                row = model.objects.select_for_update().get(pk=pk)
                dek = unwrap_key(row.key_id, row.wrapped_key, purpose=purpose)
                row.key_id, row.wrapped_key = wrap_key(dek, purpose=purpose)
                row.save(update_fields=["key_id", "wrapped_key"])
            count += 1
        return count

    def _retire(self, ring: keyring.Keyring, purpose: str) -> None:
        keys, active = ring.family(purpose)
        used = set()
        for label, p in WRAPPED:
            if p == purpose:
                used |= set(
                    apps.get_model(label).objects.values_list("key_id", flat=True).distinct()
                )
        keep = {k: v for k, v in keys.items() if k == active or k in used}
        if purpose == "data":
            ring = keyring.Keyring(
                keep, active, ring.identity, ring.identity_active, ring.receipt, ring.token
            )
        else:
            ring = keyring.Keyring(
                ring.master, ring.master_active, keep, active, ring.receipt, ring.token
            )
        if len(keep) == len(keys):
            raise CommandError("no unused keys to retire")
        keyring.save(ring, settings.KEYRING_PATH)
        self.stdout.write(self.style.SUCCESS(f"retired {len(keys) - len(keep)} key(s)"))
