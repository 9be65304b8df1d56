"""manage.py createstaff alice --unit 3 --role analyst --role supervisor [--email a@example.org]

Creates a staff user with no usable password and prints a one-time enrolment link (72 hours) on
which they choose a password and register their authenticator app. `--new-link` gives an existing
user a fresh link instead (a lost phone): enrolling again replaces their old device.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.urls import reverse

from accounts.actions import do_create_staff, do_issue_enrolment
from accounts.models import Role, Unit, User


class Command(BaseCommand):
    help = "Create a staff user and print their one-time enrolment link."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--unit", help="unit id or exact name (zh or en)")
        parser.add_argument(
            "--role", action="append", default=[], choices=Role.values, dest="roles"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--base-url", default="", help="e.g. https://tipline.example.gov")
        parser.add_argument(
            "--new-link", action="store_true", help="issue a new link for an existing user"
        )

    def handle(self, *args, username, unit, roles, email, base_url, new_link, **options):
        if new_link:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user {username!r}.")
            if user.is_service_account:
                raise CommandError(f"{username!r} is a service account: it never logs in.")
            secret = do_issue_enrolment(user, actor="system")
        else:
            if User.objects.filter(username=username).exists():
                raise CommandError(f"{username!r} exists; use --new-link to re-enrol them.")
            if not roles:
                raise CommandError("Give at least one --role.")
            _user, secret = do_create_staff(
                username, unit=self.find_unit(unit), roles=roles, email=email, actor="system"
            )
        link = base_url.rstrip("/") + reverse("accounts:enrol", args=[secret])
        self.stdout.write(f"Enrolment link for {username} (one use, 72 hours):\n{link}")

    def find_unit(self, value: str | None) -> Unit:
        if not value:
            raise CommandError("Give --unit (an id or a name).")
        match = Q(name_zh=value) | Q(name_en=value)
        if value.isdigit():
            match |= Q(pk=int(value))
        units = list(Unit.objects.filter(match)[:2])
        if len(units) != 1:
            raise CommandError(f"{value!r} names {'no' if not units else 'more than one'} unit.")
        return units[0]
