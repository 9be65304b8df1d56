"""Staff, units and the region hierarchy units are bound to."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language


def localised(obj, field: str) -> str:
    """zh-Hans text unless the active language is English (the platform's two languages)."""
    lang = (get_language() or "zh-hans").lower()
    english = getattr(obj, f"{field}_en", "")
    return english if lang.startswith("en") and english else getattr(obj, f"{field}_zh")


class Region(models.Model):
    """An administrative division (GB/T 2260 code), province → city."""

    code = models.CharField(max_length=12, primary_key=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_zh = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    level = models.PositiveSmallIntegerField(default=1, help_text="1 province, 2 city, 3 county")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"

    @property
    def name(self) -> str:
        return localised(self, "name")


class UnitQuerySet(models.QuerySet):
    def national(self):
        return self.filter(parent__isnull=True)

    def subtree_of(self, unit: "Unit"):
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
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
    def name(self) -> str:
        return localised(self, "name")

    @property
    def is_national(self) -> bool:
        return self.parent_id is None

    def contains(self, other: "Unit | None") -> bool:
        return other is not None and other.path.startswith(self.path)


class Role(models.TextChoices):
    INTAKE_OFFICER = "intake_officer", "Intake officer"
    CALL_TAKER = "call_taker", "Call-taker"
    ANALYST = "analyst", "Analyst"
    SUPERVISOR = "supervisor", "Supervisor"
    CUSTODIAN = "custodian", "Custodian"
    AUDITOR = "auditor", "Auditor"
    REWARD_OFFICER = "reward_officer", "Reward officer"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    """Agency staff. Reporters never have accounts: they hold a receipt code instead."""

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
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
