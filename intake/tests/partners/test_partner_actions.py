"""Registering partners and issuing and revoking their keys: shown once, stored hashed, audited."""

import hashlib

import pytest

from audit.models import AuditEvent
from intake.actions.partners import do_issue_partner_key, do_register_partner, do_revoke_partner_key
from intake.models import PartnerKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(admin_user):
    return do_register_partner(slug="isp", name="An ISP", requests_per_minute=60, actor=admin_user)


def test_registering_a_partner_is_audited(partner, admin_user):
    event = AuditEvent.objects.get(action="partner.register")
    assert event.actor == admin_user
    assert event.details == {"slug": "isp", "requests_per_minute": 60}


def test_a_key_is_returned_once_and_stored_only_as_its_hash(partner, admin_user):
    key, secret = do_issue_partner_key(partner, actor=admin_user)
    assert secret.startswith("tpk_")
    assert len(secret) > 40
    stored = PartnerKey.objects.get(pk=key.pk)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.prefix == secret[:12]
    assert secret not in str(PartnerKey.objects.values().get())


def test_issuing_a_key_is_audited_without_the_key(partner, admin_user):
    key, secret = do_issue_partner_key(partner, actor=admin_user)
    event = AuditEvent.objects.get(action="partner.key_issue")
    assert event.target_id == str(key.pk)
    assert secret not in str(event.details)


def test_revoking_is_audited_once(partner, admin_user):
    key, _secret = do_issue_partner_key(partner, actor=admin_user)
    assert do_revoke_partner_key(key, actor=admin_user) is True
    assert do_revoke_partner_key(key, actor=admin_user) is False
    assert AuditEvent.objects.filter(action="partner.key_revoke").count() == 1
    assert PartnerKey.objects.get().revoked_at is not None
