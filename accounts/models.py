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


class User(AbstractUser):
    """Agency staff. Reporters never have accounts: they hold a receipt code instead."""
