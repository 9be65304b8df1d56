"""Administrators register partners, issue keys (shown once) and revoke them in the admin."""

import hashlib
import re

import pytest

from audit.models import AuditEvent
from intake.actions.partners import do_issue_partner_key, do_register_partner
from intake.models import Partner, PartnerKey
from tipline.test import login_staff, make_sudo

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return do_register_partner(slug="news-site", name="A news site", actor="system")


@pytest.fixture
def admin_client(client, admin_user):
    return login_staff(client, admin_user)


def test_an_admin_can_add_a_partner(admin_client):
    response = admin_client.post(
        "/admin/intake/partner/add/",
        {
            "slug": "employer",
            "name": "An employer",
            "active": "on",
            "requests_per_minute": "120",
            "keys-TOTAL_FORMS": "0",
            "keys-INITIAL_FORMS": "0",
            "keys-MIN_NUM_FORMS": "0",
            "keys-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content
    assert Partner.objects.get(slug="employer").requests_per_minute == 120
    assert AuditEvent.objects.filter(action="admin.partner.add").exists()


def test_issuing_a_key_asks_for_a_fresh_second_factor(admin_client, partner):
    response = admin_client.post(
        "/admin/intake/partner/",
        {"action": "issue_key", "_selected_action": [str(partner.pk)]},
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/sudo/?next=%2Fadmin%2Fintake%2Fpartner%2F"
    assert not PartnerKey.objects.exists()
    assert not AuditEvent.objects.filter(action="partner.key_issue").exists()


def test_the_issue_action_shows_the_new_key_once(admin_client, partner):
    make_sudo(admin_client)
    response = admin_client.post(
        "/admin/intake/partner/",
        {"action": "issue_key", "_selected_action": [str(partner.pk)]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(rb"tpk_[A-Za-z0-9_-]{40,}", response.content).group().decode()
    key = PartnerKey.objects.get(partner=partner)
    assert key.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert AuditEvent.objects.filter(action="partner.key_issue").exists()
    page = admin_client.get(f"/admin/intake/partner/{partner.pk}/change/")
    assert key.prefix.encode() in page.content
    assert secret.encode() not in page.content


def test_the_revoke_action_revokes_the_selected_keys(admin_client, partner):
    key, _secret = do_issue_partner_key(partner, actor="system")
    response = admin_client.post(
        "/admin/intake/partnerkey/",
        {"action": "revoke", "_selected_action": [str(key.pk)]},
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEvent.objects.filter(action="partner.key_revoke").exists()


def test_keys_cannot_be_added_or_deleted_by_hand(admin_client, partner):
    key, _secret = do_issue_partner_key(partner, actor="system")
    assert admin_client.get("/admin/intake/partnerkey/add/").status_code == 403
    assert admin_client.get(f"/admin/intake/partnerkey/{key.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/intake/partner/{partner.pk}/delete/").status_code == 403


def test_staff_without_admin_rights_get_no_partner_admin(client, analyst_a):
    login_staff(client, analyst_a)
    assert client.get("/admin/intake/partner/", follow=True).status_code == 403
