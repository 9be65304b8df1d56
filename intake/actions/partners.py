"""Registering partners and issuing or revoking their API keys: administrator acts, audited."""

from django.db import transaction
from django.utils import timezone

from accounts.models import hash_secret
from audit.actions import record
from intake.models import Partner, PartnerKey
from intake.partners.keys import DISPLAY_CHARS, new_key


def do_register_partner(*, slug: str, name: str, requests_per_minute: int = 600, actor) -> Partner:
    with transaction.atomic():
        partner = Partner.objects.create(
            slug=slug, name=name, requests_per_minute=requests_per_minute
        )
        record(
            "partner.register",
            actor=actor,
            target_type="partner",
            target_id=partner.pk,
            details={"slug": slug, "requests_per_minute": requests_per_minute},
        )
    return partner


def do_issue_partner_key(partner: Partner, *, actor) -> tuple[PartnerKey, str]:
    """A new key for `partner`; the secret is returned once and stored only hashed."""
    secret = new_key()
    with transaction.atomic():
        key = PartnerKey.objects.create(
            partner=partner, prefix=secret[:DISPLAY_CHARS], key_hash=hash_secret(secret)
        )
        record(
            "partner.key_issue",
            actor=actor,
            target_type="partner_key",
            target_id=key.pk,
            details={"partner": partner.slug, "prefix": key.prefix},
        )
    return key, secret


def do_revoke_partner_key(key: PartnerKey, *, actor) -> bool:
    """Revoke a key at once; False (and nothing audited) if it was already revoked."""
    with transaction.atomic():
        updated = PartnerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            record(
                "partner.key_revoke",
                actor=actor,
                target_type="partner_key",
                target_id=key.pk,
                details={"partner": key.partner.slug, "prefix": key.prefix},
            )
    return bool(updated)
