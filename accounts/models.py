"""Staff, units and the region hierarchy units are bound to."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localised(obj, field: str) -> str:
    """zh-Hans text unless the active language is English (the platform's two languages)."""
    lang = (get_language() or "zh-hans").lower()
    english = getattr(obj, f"{field}_en", "")
    return english if lang.startswith("en") and english else getattr(obj, f"{field}_zh")


class LocalisedName:
    """For rows named in both languages (fields name_zh, name_en): `name` in the reader's."""

    @property
    def name(self) -> str:
        return localised(self, "name")


class ActiveQuerySet(models.QuerySet):
    """For tables administrators switch rows of on and off (an `active` flag)."""

    def active(self):
        return self.filter(active=True)


class Region(LocalisedName, models.Model):
    """An administrative division (GB/T 2260 code), province → city."""

    code = models.CharField(max_length=12, primary_key=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_zh = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    level = models.PositiveSmallIntegerField(default=1, help_text=_("1 province, 2 city, 3 county"))

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class UnitScopedQuerySet(models.QuerySet):
    """Rows held by a unit. `visible_to(user)` keeps those of the user's unit and the units below
    it; national headquarters sees every row, including rows no unit holds yet (unrouted reports).

    The one definition of unit scoping: reports (intake), cases, escalations and identity requests
    (cases) all inherit it. A queryset whose unit is reached through another row sets
    `unit_field` (e.g. "case__unit")."""

    unit_field = "unit"

    def visible_to(self, user):
        unit = getattr(user, "unit", None)
        if unit is None:
            return self.none()
        if unit.is_national:
            return self
        return self.filter(**{f"{self.unit_field}__path__startswith": unit.path})


class UnitQuerySet(models.QuerySet):
    def national(self):
        return self.filter(parent__isnull=True)

    def subtree_of(self, unit: "Unit"):
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)


class Unit(LocalisedName, models.Model):
    """An office of the agency: national HQ → provincial bureau → city office.

    `path` ("/1/7/31/") is the chain of ids from the root, kept so "this unit and below" is one
    indexed prefix query at any depth. A unit is bound to regions for routing defaults.
    """

    name_zh = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    regions = models.ManyToManyField(Region, blank=True, related_name="units")

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name_zh

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            Unit.objects.filter(pk=self.pk).update(path=path)

    @property
    def is_national(self) -> bool:
        return self.parent_id is None

    def contains(self, other: "Unit | None") -> bool:
        return other is not None and other.path.startswith(self.path)


class Role(models.TextChoices):
    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    CALL_TAKER = "call_taker", _("Call-taker")
    ANALYST = "analyst", _("Analyst")
    SUPERVISOR = "supervisor", _("Supervisor")
    CUSTODIAN = "custodian", _("Custodian")
    AUDITOR = "auditor", _("Auditor")
    REWARD_OFFICER = "reward_officer", _("Reward officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    ADMIN = "admin", _("Administrator")
    # Public education content (awareness/): editors write, publishers approve what others wrote.
    EDITOR = "editor", _("Content editor")
    PUBLISHER = "publisher", _("Content publisher")


class User(AbstractUser):
    """Agency staff. Reporters never have accounts: they hold a receipt code instead.

    A service account is an agency system, not a person: it holds roles of its own and acts only
    through API tokens an administrator issues for it, never through the console login. Set once,
    by do_create_service_account; turning a person into a service account (or back) would let an
    administrator issue tokens that act as that person.
    """

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    is_service_account = models.BooleanField(
        _("service account"),
        default=False,
        editable=False,
        help_text=_("An agency system acting through API tokens only; it cannot log in."),
    )

    def role_set(self) -> frozenset[str]:
        if not hasattr(self, "_role_cache"):
            self._role_cache = frozenset(self.staff_roles.values_list("role", flat=True))
        return self._role_cache


class StaffRole(models.Model):
    """One role held by one user; roles are checked only in accounts/permissions.py."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="staff_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} as {self.role}"


def hash_secret(secret: str) -> str:
    """Secrets handed to people (enrolment links, API tokens) are stored only as this hash.

    A plain SHA-256 suffices: the secrets are 256-bit random strings, not guessable passwords.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


class EnrolmentTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class EnrolmentToken(models.Model):
    """A one-time link on which new staff set their password and enrol their TOTP device."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"enrolment of {self.user}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )

    def of_users_in(self, units):
        return self.filter(user__unit__in=units)


class ApiToken(models.Model):
    """A bearer token that acts as exactly one user on the staff API.

    Only its user issues a token for a person, so nobody else ever holds a secret that acts as
    them; an administrator issues the tokens of a service account, and is named as `issued_by` on
    every event the token writes (audit: the request's token context, set in api_auth).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("The first characters, to recognise it by"))
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
