"""The partner channel's tables: partners, their API keys, and Idempotency-Key records (used by
the public API too). Registered with the intake app through intake/models.py."""

from django.db import models
from django.utils import timezone


class Partner(models.Model):
    """An organisation carrying a "report" entry point (messaging app, news site, ISP, employer).

    Reports through it carry channel "partner:<slug>". A partner can submit and relay follow-up for
    a receipt its user holds; it can never list or read reports."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    requests_per_minute = models.PositiveIntegerField(default=600)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A public-education campaign, usually carried by a partner: a short link `/c/<tag>/` and a
    printable poster. A report started from it carries the campaign and nothing else about where it
    came from (no cookie beyond the form, no referrer, no address)."""

    tag = models.SlugField(max_length=40, unique=True)
    name_zh = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="campaigns"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["tag"]

    def __str__(self) -> str:
        return self.tag


class PartnerKey(models.Model):
    """An API key of a partner: shown once, stored as a SHA-256 hash (keys are long and random,
    so a fast hash is enough), revocable."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="keys")
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.partner.slug}:{self.prefix}…"


class IdempotencyRecord(models.Model):
    """A retried request with the same Idempotency-Key gets the first answer back.

    Looked up by a keyed hash of (caller, key, content); the stored answer (which holds a receipt)
    is sealed with a key derived from the Idempotency-Key itself, which we never store: not even
    the keyring alone opens it. `key_lookup`, the keyed hash of (caller, key) alone, tells that a
    key was used for some other request (422). Expires after 24 hours."""

    lookup = models.CharField(max_length=64, unique=True)
    # NULL on records made before it existed: unique, so "" for each would collide.
    key_lookup = models.CharField(max_length=64, unique=True, null=True)  # noqa: DJ001
    response_sealed = models.BinaryField()
    status_code = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"idempotency record {self.lookup[:8]}"
