from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.actions import do_revoke_api_token
from accounts.models import ApiToken, hash_secret
from tipline.test import api_token_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/whoami"


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_valid_token_acts_as_its_user(client, analyst_a):
    response = client.get(URL, **bearer(api_token_for(analyst_a)))
    assert response.status_code == 200
    assert response.json() == {
        "username": "analyst_a",
        "unit": analyst_a.unit_id,
        "roles": ["analyst"],
    }


def test_it_records_when_a_token_was_last_used(client, analyst_a):
    client.get(URL, **bearer(api_token_for(analyst_a)))
    assert ApiToken.objects.get().last_used_at is not None


def test_it_stores_only_the_hash_and_a_prefix(analyst_a):
    secret = api_token_for(analyst_a)
    token = ApiToken.objects.get()
    assert token.token_hash == hash_secret(secret)
    assert token.prefix == secret[:8]
    assert secret not in {token.token_hash, token.name}


def test_it_refuses_a_wrong_token(client, analyst_a):
    api_token_for(analyst_a)
    assert client.get(URL, **bearer("tl_not-a-real-token")).status_code == 401


def test_it_refuses_no_token(client):
    assert client.get(URL).status_code == 401


def test_it_refuses_an_expired_token(client, analyst_a):
    secret = api_token_for(analyst_a)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(URL, **bearer(secret)).status_code == 401


def test_it_refuses_a_revoked_token(client, analyst_a, admin_user):
    secret = api_token_for(analyst_a)
    do_revoke_api_token(ApiToken.objects.get(), actor=admin_user)
    assert client.get(URL, **bearer(secret)).status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(client, analyst_a):
    secret = api_token_for(analyst_a)
    analyst_a.is_active = False
    analyst_a.save()
    assert client.get(URL, **bearer(secret)).status_code == 401


def test_a_staff_session_is_not_enough_for_the_api(client, analyst_a):
    from tipline.test import login_staff

    login_staff(client, analyst_a)
    assert client.get(URL).status_code == 401
