import pytest

from accounts.models import ApiToken, Role
from audit.models import AuditEvent
from tipline.test import api_token_for, login_staff, make_staff, make_sudo

pytestmark = pytest.mark.django_db

URL = "/staff/tokens/"


def issue(client, user, name="case system", days="30"):
    return client.post(URL, {"user": user.pk, "name": name, "days": days})


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get(URL)["Location"].startswith("/staff/login/")


@pytest.mark.parametrize(
    "persona", ["intake_officer", "analyst_a", "supervisor", "custodian", "auditor"]
)
def test_only_administrators_may_see_it(client, persona, request):
    login_staff(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_an_administrator_sees_tokens_by_prefix_only(client, admin_user, analyst_a):
    secret = api_token_for(analyst_a)
    login_staff(client, admin_user)
    body = client.get(URL).content.decode()
    assert secret[:8] in body
    assert secret not in body


def test_issuing_shows_the_secret_once_and_is_audited(client, admin_user, analyst_a):
    login_staff(client, admin_user)
    make_sudo(client)
    response = issue(client, analyst_a)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["issued_secret"]
    assert secret in response.content.decode()
    assert secret not in client.get(URL).content.decode()
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (analyst_a, "case system")
    event = AuditEvent.objects.get(action="accounts.api_token_issued")
    assert event.actor == admin_user
    assert secret not in str(event.details)


def test_issuing_refuses_a_silly_expiry(client, admin_user, analyst_a):
    login_staff(client, admin_user)
    make_sudo(client)
    assert issue(client, analyst_a, days="0").status_code == 200
    assert not ApiToken.objects.exists()


def test_revoking_is_audited(client, admin_user, analyst_a):
    api_token_for(analyst_a)
    token = ApiToken.objects.get()
    login_staff(client, admin_user)
    response = client.post(f"/staff/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(
        action="accounts.api_token_revoked", target_id=str(token.pk), actor=admin_user
    ).exists()


def test_revoking_needs_a_post(client, admin_user, analyst_a):
    api_token_for(analyst_a)
    login_staff(client, admin_user)
    assert client.get(f"/staff/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 405


def test_others_may_not_revoke(client, analyst_a):
    api_token_for(analyst_a)
    login_staff(client, analyst_a)
    assert client.post(f"/staff/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 403


def test_a_unit_administrator_sees_only_their_units_tokens(client, unit_a, analyst_b):
    unit_admin = make_staff("admin_a", unit_a, Role.ADMIN)
    api_token_for(analyst_b)
    login_staff(client, unit_admin)
    token = ApiToken.objects.get()
    assert token.prefix not in client.get(URL).content.decode()
    assert client.post(f"/staff/tokens/{token.pk}/revoke/").status_code == 404
    make_sudo(client)
    issue(client, analyst_b)
    assert ApiToken.objects.count() == 1
