"""manage.py load_demo_staff: demo units and one persona per role, for `make run` only.

Every run gives the same people, passwords and TOTP secrets (derived from the username), so the
printed table stays valid. Refuses to run without DEBUG: these credentials are public.
"""

import hashlib
from base64 import b32encode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.actions import do_create_staff
from accounts.models import Region, Role, StaffRole, Unit, User

PASSWORD = "tipline-demo-pass"  # noqa: S105 - published demo credentials, DEBUG only
HQ = ("国家安全部总部", "National Headquarters")

# username, role, region code of the bureau (None: headquarters)
PERSONAS = [
    ("demo-intake", Role.INTAKE_OFFICER, "110000"),
    ("demo-calltaker", Role.CALL_TAKER, "110000"),
    ("demo-analyst-bj", Role.ANALYST, "110000"),
    ("demo-analyst-sh", Role.ANALYST, "310000"),
    ("demo-supervisor", Role.SUPERVISOR, "110000"),
    ("demo-custodian", Role.CUSTODIAN, None),
    ("demo-auditor", Role.AUDITOR, None),
    ("demo-reward", Role.REWARD_OFFICER, None),
    ("demo-reward-bj", Role.REWARD_OFFICER, "110000"),
    ("demo-finance", Role.FINANCE_OFFICER, "110000"),
    ("demo-admin", Role.ADMIN, None),
    # The CMS (TIPLINE_CMS_HOST): one writes, the other approves what someone else wrote.
    ("demo-editor", Role.EDITOR, None),
    ("demo-publisher", Role.PUBLISHER, None),
]


def demo_totp_key(username: str) -> str:
    """A fixed 20-byte TOTP key (hex, as django-otp stores it) for a demo username."""
    return hashlib.sha256(f"tipline-demo-totp:{username}".encode()).hexdigest()[:40]


# The four municipalities directly under the central government have a bureau (局); provinces and
# autonomous regions a department (厅). Taiwan, Hong Kong and Macao have neither.
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
NO_BUREAU = {"710000", "810000", "820000"}


def bureau_names(region: Region) -> tuple[str, str]:
    english = region.name_en or region.code
    if region.code in MUNICIPALITIES:
        return f"{region.name_zh}国家安全局", f"{english} Municipal State Security Bureau"
    return f"{region.name_zh}国家安全厅", f"{english} Provincial Department of State Security"


class Command(BaseCommand):
    help = "Create demo units and staff personas (DEBUG only) and print their credentials."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo_staff is for development only (TIPLINE_DEBUG=1).")
        with transaction.atomic():
            hq = self.unit(*HQ, parent=None)
            bureaus = {
                region.code: self.unit(*bureau_names(region), parent=hq, region=region)
                for region in Region.objects.filter(level=1).exclude(code__in=NO_BUREAU)
            }
            rows = [
                self.persona(username, role, bureaus.get(code or "", hq))
                for username, role, code in PERSONAS
            ]
        self.print_table(rows)

    def unit(self, name_zh: str, name_en: str, *, parent, region=None) -> Unit:
        # Found by its region where it has one, so a rerun renames a bureau rather than doubling it.
        found = Unit.objects.filter(parent=parent)
        unit = (found.filter(regions=region) if region else found.filter(name_zh=name_zh)).first()
        if unit is None:
            unit = Unit.objects.create(name_zh=name_zh, name_en=name_en, parent=parent)
        elif (unit.name_zh, unit.name_en) != (name_zh, name_en):
            Unit.objects.filter(pk=unit.pk).update(name_zh=name_zh, name_en=name_en)
        if region is not None:
            unit.regions.add(region)
        return unit

    def persona(self, username: str, role: str, unit: Unit):
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _link = do_create_staff(username, unit=unit, roles=[role], actor="system")
        StaffRole.objects.get_or_create(user=user, role=role)
        user.unit = unit
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(PASSWORD)
        user.save()
        device, _created = TOTPDevice.objects.update_or_create(
            user=user, name="demo", defaults={"key": demo_totp_key(username), "confirmed": True}
        )
        return user, role, unit, device

    def print_table(self, rows) -> None:
        self.stdout.write(f"Demo staff (password for all: {PASSWORD}), log in at /staff/login/")
        for user, role, unit, device in rows:
            secret = b32encode(device.bin_key).decode()
            self.stdout.write(
                f"  {user.username:<16} {role:<15} {unit.name_en or unit.name_zh}\n"
                f"    TOTP secret {secret}\n    {device.config_url}"
            )
