from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.actions import (
    do_create_service_account,
    do_issue_api_token,
    do_issue_enrolment,
    do_revoke_api_token,
)
from accounts.api_auth import StaffTokenAuth, forget_request_details
from accounts.models import ApiToken, Role, StaffRole, hash_secret
from audit.actions import record
from tipline.test import api_token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rf(rf):
    """Requests made here never pass through Django's handler, whose start and end would forget
    the request's token: forget it after the test instead."""
    yield rf
    forget_request_details()


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


def test_every_event_a_token_writes_names_the_token(analyst_a, rf):
    secret = api_token_for(analyst_a)
    request = rf.get(URL, **bearer(secret))
    assert StaffTokenAuth()(request) == analyst_a
    event = record("case.note", actor=request.user, details={"case": "TL-2026-AAAAAA"})
    token = ApiToken.objects.get()
    assert event.details == {
        "case": "TL-2026-AAAAAA",
        "api_token": token.pk,
        "token_issued_by": "system",
    }


def test_a_service_accounts_events_name_the_administrator_who_issued_its_token(
    admin_user, unit_hq, rf
):
    account = do_create_service_account(
        "svc-case-system", unit=unit_hq, roles=[Role.ANALYST], actor=admin_user
    )
    _token, secret = do_issue_api_token(account, name="cases", days=30, actor=admin_user)
    request = rf.get(URL, **bearer(secret))
    StaffTokenAuth()(request)
    event = record("report.view", actor=request.user)
    assert event.actor_label == "user:svc-case-system"
    assert event.details["token_issued_by"] == "user:admin_user"


def test_the_token_is_forgotten_when_the_request_ends(client, analyst_a):
    assert client.get(URL, **bearer(api_token_for(analyst_a))).status_code == 200
    assert record("system.check").details == {}


def test_a_service_account_acts_with_its_own_roles_through_its_token(client, unit_a, admin_user):
    account = do_create_service_account(
        "svc-case-system", unit=unit_a, roles=[Role.INTAKE_OFFICER], actor="system"
    )
    StaffRole.objects.create(user=account, role=Role.ADMIN)  # granted by hand in the admin
    secret = do_issue_api_token(account, name="cases", days=30, actor=admin_user)[1]
    response = client.get(URL, **bearer(secret))
    assert response.json()["roles"] == ["intake_officer"]


def test_nobody_issues_a_token_that_acts_as_another_person(admin_user, analyst_a, supervisor):
    for actor in (admin_user, supervisor):
        with pytest.raises(PermissionDenied):
            do_issue_api_token(analyst_a, name="mine now", days=30, actor=actor)
    assert not ApiToken.objects.exists()


def test_a_service_account_gets_no_enrolment_link(unit_a):
    account = do_create_service_account(
        "svc-case-system", unit=unit_a, roles=[Role.ANALYST], actor="system"
    )
    with pytest.raises(PermissionDenied):
        do_issue_enrolment(account, actor="system")
