import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import EnrolmentToken, User, hash_secret
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def createstaff(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("createstaff", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_user_with_unit_and_roles_and_prints_a_link(unit_a):
    out = createstaff(
        "alice", "--unit", str(unit_a.pk), "--role", "analyst", "--role", "supervisor"
    )
    user = User.objects.get(username="alice")
    assert user.unit == unit_a
    assert user.role_set() == {"analyst", "supervisor"}
    assert not user.has_usable_password()
    secret = re.search(r"/staff/enrol/([\w-]+)/", out).group(1)
    assert EnrolmentToken.objects.get(user=user).token_hash == hash_secret(secret)


def test_the_unit_can_be_named(unit_a):
    createstaff("bob", "--unit", "Beijing Bureau", "--role", "analyst")
    assert User.objects.get(username="bob").unit == unit_a


def test_the_link_can_carry_the_site_address(unit_a):
    out = createstaff(
        "carol", "--unit", str(unit_a.pk), "--role", "analyst", "--base-url", "https://t.example/"
    )
    assert "https://t.example/staff/enrol/" in out


def test_it_is_audited(unit_a):
    createstaff("dora", "--unit", str(unit_a.pk), "--role", "custodian")
    event = AuditEvent.objects.get(action="accounts.staff_created")
    assert event.details["roles"] == ["custodian"]


def test_it_refuses_an_unknown_unit_role_or_existing_user(unit_a, analyst_a):
    with pytest.raises(CommandError):
        createstaff("erin", "--unit", "Atlantis", "--role", "analyst")
    with pytest.raises(CommandError):
        createstaff("erin", "--unit", str(unit_a.pk))
    with pytest.raises(CommandError):
        createstaff("analyst_a", "--unit", str(unit_a.pk), "--role", "analyst")
    assert not User.objects.filter(username="erin").exists()
