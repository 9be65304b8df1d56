"""manage.py unlock_staff alice: lift a login lockout before its cool-off ends.

django-axes knows usernames only by their keyed hash (accounts/lockout.py), so its own
`axes_reset_username` would need the hash; this takes the name, and leaves an audit event.
"""

from axes.utils import reset
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.lockout import username_key
from audit.actions import record


class Command(BaseCommand):
    help = "Forget a staff username's failed logins, lifting its lockout."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        key = username_key(username)
        with transaction.atomic():
            forgotten = reset(username=key)
            record("auth.unlocked", actor="operator", details={"username_hash": key})
        self.stdout.write(f"Forgot {forgotten} lockout record(s) of {username}.")
