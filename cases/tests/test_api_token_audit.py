"""What a token does through the staff API is in the trail under the token's user, with the
token's id and who issued it: for a service account, the administrator who holds its secret."""

import pytest

from accounts.actions import do_create_service_account, do_issue_api_token
from accounts.models import Role
from audit.models import AuditEvent
from tipline.test import api_token_for

from .helpers import submit

pytestmark = pytest.mark.django_db


def read(client, secret, report):
    return client.get(f"/api/v1/staff/reports/{report.id}", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_service_accounts_read_names_it_its_token_and_its_issuer(client, admin_user, unit_a):
    account = do_create_service_account(
        "svc-case-system", unit=unit_a, roles=[Role.INTAKE_OFFICER], actor=admin_user
    )
    token, secret = do_issue_api_token(account, name="cases", days=30, actor=admin_user)
    report = submit()
    assert read(client, secret, report).status_code == 200
    event = AuditEvent.objects.get(action="report.view")
    assert event.actor == account
    assert event.details["api_token"] == token.pk
    assert event.details["token_issued_by"] == "user:admin_user"


def test_a_persons_own_token_is_named_too(client, intake_officer):
    secret = api_token_for(intake_officer)
    assert read(client, secret, submit()).status_code == 200
    event = AuditEvent.objects.get(action="report.view")
    assert event.actor == intake_officer
    assert "api_token" in event.details


def test_the_console_writes_no_token(client, intake_officer):
    from tipline.test import login_staff

    report = submit()
    login_staff(client, intake_officer)
    assert client.get(f"/staff/reports/{report.id}/").status_code == 200
    assert "api_token" not in AuditEvent.objects.get(action="report.view").details
