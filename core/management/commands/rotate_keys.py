"""Rotate the master (or identity) key and re-wrap every data key with the new one.

Content is never re-encrypted: only the small wrapped data keys change, so rotation is quick and
safe to repeat. Old keys stay in the keyring until `--retire` finds nothing still using them.

Two ways to rotate:

- one node (the default `make run`): `rotate_keys` adds a key, makes it active and re-wraps;
- several nodes, each with its own copy of the keyring file: `rotate_keys --add` adds the key
  *inactive* (every node that has the file can open data under it, none seals with it); copy the
  file to every node and run `rotate_keys --check <id>` there; then `rotate_keys --activate <id>`
  makes it the key for new data and re-wraps. A node that has not got the activated file yet
  keeps wrapping with the old key, which every node still holds; running `--activate <id>` again
  once every node has the file re-wraps what they wrote meanwhile. See docs/operations.md.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import keyring
from core.crypto import current_keyring, forget_keyring, unwrap_key, wrap_key

# Every table holding wrapped data keys is listed, as (model label, purpose) or (model label,
# purpose, field prefix) when its columns are `<prefix>key_id` and `<prefix>wrapped_key`, in
# settings.WRAPPED_KEY_MODELS: the wiring layer, because core may not know the apps above it.
# A row whose key id is empty holds no sealed data (erased, or never given) and is skipped.
PREFIXES = {"data": "m-", "identity": "i-"}


class Command(BaseCommand):
    help = (
        "Add a new active key and re-wrap all data keys (one node); or, across nodes, --add an "
        "inactive key, --check it on every node, then --activate it. --retire drops unused keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("--purpose", choices=sorted(PREFIXES), default="data")
        step = parser.add_mutually_exclusive_group()
        step.add_argument("--add", action="store_true", help="add a new key, not yet active")
        step.add_argument("--check", metavar="KEY_ID", help="fail unless this node has the key")
        step.add_argument(
            "--activate", metavar="KEY_ID", help="make a key added before active and re-wrap"
        )
        step.add_argument("--retire", action="store_true", help="remove keys no row uses")

    def handle(self, *args, purpose, add, check, activate, retire, **options):
        if retire:
            self._retire(purpose)
        elif check:
            self._check(purpose, check)
        elif add:
            new_id = self._add(purpose)
            self.stdout.write(
                self.style.SUCCESS(
                    f"added {purpose} key {new_id}, not active yet. Copy the keyring to every "
                    f"node, run `rotate_keys --check {new_id}` on each, then "
                    f"`rotate_keys --activate {new_id}`."
                )
            )
        else:
            # One node: the key reaches every process that reads this file at once.
            self._activate(purpose, activate or self._add(purpose))

    def _add(self, purpose: str) -> str:
        ring = current_keyring()
        keys, active = ring.family(purpose)
        new_id = keyring.new_key_id(PREFIXES[purpose])
        _save(ring.with_family(purpose, {**keys, new_id: keyring.new_key()}, active))
        return new_id

    def _check(self, purpose: str, key_id: str) -> None:
        keys, active = current_keyring().family(purpose)
        if key_id not in keys:
            raise CommandError(f"this node's keyring has no {purpose} key {key_id}")
        state = "active" if key_id == active else f"present, not active (active: {active})"
        self.stdout.write(self.style.SUCCESS(f"{purpose} key {key_id}: {state}"))

    def _activate(self, purpose: str, new_id: str) -> None:
        ring = current_keyring()
        keys, active = ring.family(purpose)
        if new_id not in keys:
            raise CommandError(
                f"no {purpose} key {new_id} in this keyring: add it with --add first"
            )
        if active != new_id:
            _save(ring.with_family(purpose, keys, new_id))
        # The new key is saved (and active) before any row uses it; a crash part-way leaves rows
        # under old keys that are still in the keyring, and running again finishes the job.
        count = sum(
            self._rewrap(label, purpose, new_id, prefix)
            for label, p, prefix in _tables()
            if p == purpose
        )
        self.stdout.write(
            self.style.SUCCESS(f"active {purpose} key is {new_id}; re-wrapped {count}")
        )

    def _rewrap(self, label: str, purpose: str, new_id: str, prefix: str) -> int:
        model = apps.get_model(label)
        key_field, wrapped_field = f"{prefix}key_id", f"{prefix}wrapped_key"
        count = 0
        stale = (
            model.objects.exclude(**{key_field: new_id})
            .exclude(**{key_field: ""})
            .values_list("pk", flat=True)
        )
        for pk in list(stale):
            with transaction.atomic():
                row = model.objects.select_for_update().filter(pk=pk).first()
                key_id = getattr(row, key_field, "") if row is not None else ""
                if key_id in ("", new_id):  # deleted, erased or re-wrapped meanwhile
                    continue
                dek = unwrap_key(key_id, bytes(getattr(row, wrapped_field)), purpose=purpose)
                new_key_id, wrapped = wrap_key(dek, purpose=purpose)
                setattr(row, key_field, new_key_id)
                setattr(row, wrapped_field, wrapped)
                row.save(update_fields=[key_field, wrapped_field])
            count += 1
        return count

    def _retire(self, purpose: str) -> None:
        ring = current_keyring()
        keys, active = ring.family(purpose)
        used: set[str] = set()
        for label, p, prefix in _tables():
            if p == purpose:
                model = apps.get_model(label)
                used |= set(model.objects.values_list(f"{prefix}key_id", flat=True).distinct())
        # Keys are kept in the order they were added: those after the active one were added by
        # --add and wait for --activate (no row uses them yet, and other nodes may hold them).
        pending = set(list(keys)[list(keys).index(active) + 1 :])
        keep = {k: v for k, v in keys.items() if k == active or k in used or k in pending}
        if len(keep) == len(keys):
            raise CommandError("no unused keys to retire")
        _save(ring.with_family(purpose, keep, active))
        self.stdout.write(self.style.SUCCESS(f"retired {len(keys) - len(keep)} key(s)"))


def _tables() -> list[tuple[str, str, str]]:
    return [
        (entry[0], entry[1], entry[2] if len(entry) > 2 else "")
        for entry in settings.WRAPPED_KEY_MODELS
    ]


def _save(ring: keyring.Keyring) -> None:
    keyring.save(ring, settings.KEYRING_PATH)
    forget_keyring()
