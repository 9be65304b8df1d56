import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.actions import do_create_service_account
from accounts.models import ApiToken, Role, User
from audit.models import AuditEvent
from tipline.test import api_token_for, login_staff, make_staff, make_sudo

pytestmark = pytest.mark.django_db

URL = "/staff/tokens/"
SERVICE_URL = "/staff/tokens/service-accounts/"


def issue(client, user, name="case system", days="30"):
    return client.post(URL, {"user": user.pk, "name": name, "days": days})


def service_account(unit, username="svc-case-system", roles=(Role.ANALYST,)):
    return do_create_service_account(username, unit=unit, roles=list(roles), actor="system")


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get(URL)["Location"].startswith("/staff/login/")


def test_staff_without_any_role_get_403(client, unit_a):
    nobody = make_staff("no_roles_yet", unit_a)
    login_staff(client, nobody)
    assert client.get(URL).status_code == 403
    make_sudo(client)
    assert issue(client, nobody).status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("persona", ["intake_officer", "analyst_a", "custodian", "auditor"])
def test_staff_issue_their_own_token_and_see_its_secret_once(client, persona, request):
    user = request.getfixturevalue(persona)
    login_staff(client, user)
    make_sudo(client)
    response = issue(client, user)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["issued_secret"]
    assert secret in response.content.decode()
    assert secret not in client.get(URL).content.decode()
    token = ApiToken.objects.get()
    assert (token.user, token.issued_by, token.name) == (user, user, "case system")
    event = AuditEvent.objects.get(action="accounts.api_token_issued")
    assert event.actor == user
    assert secret not in str(event.details)


def test_issuing_needs_a_fresh_second_factor(client, analyst_a):
    login_staff(client, analyst_a)
    response = issue(client, analyst_a)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sudo/")
    assert not ApiToken.objects.exists()


def test_nobody_may_issue_a_token_for_another_person(client, admin_user, analyst_a):
    login_staff(client, admin_user)
    make_sudo(client)
    response = issue(client, analyst_a)
    assert response.status_code == 422
    assert not ApiToken.objects.exists()
    assert str(analyst_a.pk) not in str(response.context["form"].fields["user"].queryset)


def test_an_analyst_may_not_issue_for_a_colleague(client, analyst_a, supervisor):
    login_staff(client, analyst_a)
    make_sudo(client)
    assert issue(client, supervisor).status_code == 422
    assert not ApiToken.objects.exists()


def test_issuing_refuses_a_silly_expiry(client, analyst_a):
    login_staff(client, analyst_a)
    make_sudo(client)
    assert issue(client, analyst_a, days="0").status_code == 422
    assert not ApiToken.objects.exists()


def test_staff_see_only_their_own_tokens(client, analyst_a, supervisor):
    theirs = api_token_for(supervisor)
    mine = api_token_for(analyst_a)
    login_staff(client, analyst_a)
    body = client.get(URL).content.decode()
    assert mine[:8] in body
    assert theirs[:8] not in body


def test_an_administrator_lists_every_token_of_their_units_by_prefix_only(
    client, admin_user, analyst_a, analyst_b
):
    secrets = [api_token_for(analyst_a), api_token_for(analyst_b)]
    login_staff(client, admin_user)
    body = client.get(URL).content.decode()
    for secret in secrets:
        assert secret[:8] in body
        assert secret not in body


@pytest.mark.parametrize("revoker", ["analyst_a", "admin_user"])
def test_a_token_is_revoked_by_its_holder_or_an_administrator_of_their_units(
    client, analyst_a, revoker, request
):
    revoker = request.getfixturevalue(revoker)
    api_token_for(analyst_a)
    token = ApiToken.objects.get()
    login_staff(client, revoker)
    assert client.post(f"/staff/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(
        action="accounts.api_token_revoked", target_id=str(token.pk), actor=revoker
    ).exists()


def test_revoking_needs_a_post(client, admin_user, analyst_a):
    api_token_for(analyst_a)
    login_staff(client, admin_user)
    assert client.get(f"/staff/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 405


def test_a_colleagues_token_looks_like_no_token(client, analyst_a, supervisor):
    api_token_for(supervisor)
    login_staff(client, analyst_a)
    assert client.post(f"/staff/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_staff_without_any_role_may_not_revoke(client, unit_a):
    nobody = make_staff("no_roles_yet", unit_a)
    api_token_for(nobody)
    login_staff(client, nobody)
    assert client.post(f"/staff/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 403


def test_a_unit_administrator_sees_only_their_units_tokens(client, unit_a, unit_b, analyst_b):
    unit_admin = make_staff("admin_a", unit_a, Role.ADMIN)
    api_token_for(analyst_b)
    other_units_account = service_account(unit_b)
    login_staff(client, unit_admin)
    token = ApiToken.objects.get()
    assert token.prefix not in client.get(URL).content.decode()
    assert client.post(f"/staff/tokens/{token.pk}/revoke/").status_code == 404
    make_sudo(client)
    assert issue(client, other_units_account).status_code == 422
    assert ApiToken.objects.count() == 1


def test_an_administrator_issues_a_service_accounts_token(client, admin_user, unit_a):
    account = service_account(unit_a)
    login_staff(client, admin_user)
    make_sudo(client)
    response = issue(client, account)
    assert response.status_code == 200
    assert response.context["issued_secret"].startswith("tl_")
    token = ApiToken.objects.get()
    assert (token.user, token.issued_by) == (account, admin_user)


def test_issuing_a_service_accounts_token_needs_sudo(client, admin_user, unit_a):
    account = service_account(unit_a)
    login_staff(client, admin_user)
    assert issue(client, account).status_code == 302
    assert not ApiToken.objects.exists()


def test_only_administrators_issue_service_account_tokens(client, supervisor, unit_a):
    account = service_account(unit_a)
    login_staff(client, supervisor)
    make_sudo(client)
    assert issue(client, account).status_code == 422
    assert not ApiToken.objects.exists()


def create_service_account(client, unit, username="svc-case-system", roles=("analyst",)):
    return client.post(SERVICE_URL, {"username": username, "unit": unit.pk, "roles": roles})


def test_an_administrator_creates_a_service_account(client, admin_user, unit_a):
    login_staff(client, admin_user)
    make_sudo(client)
    response = create_service_account(client, unit_a)
    assert response.status_code == 302
    account = User.objects.get(username="svc-case-system")
    assert account.is_service_account
    assert not account.has_usable_password()
    assert account.role_set() == {"analyst"}
    event = AuditEvent.objects.get(action="accounts.service_account_created")
    assert event.actor == admin_user
    assert "svc-case-system" in client.get(URL).content.decode()


def test_creating_a_service_account_needs_sudo(client, admin_user, unit_a):
    login_staff(client, admin_user)
    assert create_service_account(client, unit_a).status_code == 302
    assert not User.objects.filter(is_service_account=True).exists()


@pytest.mark.parametrize("persona", ["analyst_a", "supervisor", "custodian", "auditor"])
def test_only_administrators_create_service_accounts(client, persona, request, unit_a):
    login_staff(client, request.getfixturevalue(persona))
    make_sudo(client)
    assert create_service_account(client, unit_a).status_code == 403
    assert not User.objects.filter(is_service_account=True).exists()


@pytest.mark.parametrize("role", ["admin", "custodian"])
def test_a_service_account_is_never_an_administrator_or_custodian(client, admin_user, unit_a, role):
    login_staff(client, admin_user)
    make_sudo(client)
    assert create_service_account(client, unit_a, roles=[role]).status_code == 422
    assert not User.objects.filter(is_service_account=True).exists()


def test_a_service_account_goes_only_in_the_administrators_units(client, unit_a, unit_b):
    login_staff(client, make_staff("admin_a", unit_a, Role.ADMIN))
    make_sudo(client)
    assert create_service_account(client, unit_b).status_code == 422
    assert not User.objects.filter(is_service_account=True).exists()


def test_a_service_account_name_says_what_it_is(client, admin_user, unit_a):
    login_staff(client, admin_user)
    make_sudo(client)
    assert create_service_account(client, unit_a, username="analyst_c").status_code == 422
    assert not User.objects.filter(is_service_account=True).exists()


def test_the_list_costs_the_same_queries_for_one_token_or_many(client, admin_user, unit_a):
    login_staff(client, admin_user)
    service_account(unit_a)
    api_token_for(admin_user)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for i in range(3):
        api_token_for(service_account(unit_a, username=f"svc-more-{i}", roles=["auditor"]))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(one)
