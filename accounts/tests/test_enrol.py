from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.actions import do_create_staff, do_issue_enrolment
from accounts.models import EnrolmentToken, Role
from accounts.otp import confirmed_device, pending_device
from audit.models import AuditEvent
from tipline.test import totp_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long new password 4 me"


@pytest.fixture
def newcomer(unit_a):
    user, secret = do_create_staff("newcomer", unit=unit_a, roles=[Role.ANALYST], actor="system")
    return user, f"/staff/enrol/{secret}/"


def finish(client, url, user, password=NEW_PASSWORD, code=None):
    client.get(url)  # creates the pending device the QR code shows
    code = code or totp_code(user, pending_device(user))
    return client.post(url, {"password1": password, "password2": password, "code": code})


def test_a_new_user_has_no_usable_password(newcomer):
    user, _url = newcomer
    assert not user.has_usable_password()


def test_the_page_shows_a_qr_code_and_the_secret(client, newcomer):
    _user, url = newcomer
    body = client.get(url).content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    assert 'class="secret"' in body


def test_the_page_shows_the_same_secret_on_every_visit(client, newcomer):
    _user, url = newcomer
    first, again = client.get(url), client.get(url)
    assert first.context["secret"] == again.context["secret"]
    assert first.context["qr"] == again.context["qr"]


def test_enrolling_sets_the_password_and_confirms_the_device(client, newcomer):
    user, url = newcomer
    response = finish(client, url, user)
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert confirmed_device(user) is not None
    assert client.get("/staff/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.enrolled", actor=user).exists()


def test_the_link_works_only_once(client, newcomer):
    user, url = newcomer
    finish(client, url, user)
    client.post("/staff/logout/")
    assert client.get(url).status_code == 404
    assert finish(client, url, user).status_code == 404


def test_the_link_expires(client, newcomer):
    _user, url = newcomer
    EnrolmentToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 404


def test_an_unknown_link_is_refused(client, newcomer):
    assert client.get("/staff/enrol/not-a-token/").status_code == 404


def test_a_wrong_code_does_not_enrol(client, newcomer):
    user, url = newcomer
    client.get(url)
    good = totp_code(user, pending_device(user))
    response = finish(client, url, user, code=str((int(good) + 1) % 1_000_000).zfill(6))
    assert response.status_code == 200
    assert confirmed_device(user) is None
    assert EnrolmentToken.objects.usable().exists()


def test_a_weak_password_is_refused(client, newcomer):
    user, url = newcomer
    response = finish(client, url, user, password="12345678")
    assert response.status_code == 200
    assert confirmed_device(user) is None


def test_a_new_link_replaces_the_old_one_and_the_old_device(client, analyst_a):
    old_device = confirmed_device(analyst_a)
    first = do_issue_enrolment(analyst_a, actor="system")
    second = do_issue_enrolment(analyst_a, actor="system")
    assert client.get(f"/staff/enrol/{first}/").status_code == 404
    finish(client, f"/staff/enrol/{second}/", analyst_a)
    assert confirmed_device(analyst_a).pk != old_device.pk
    assert analyst_a.totpdevice_set.count() == 1


def test_createstaff_new_link_re_enrols(capsys, analyst_a):
    call_command("createstaff", "analyst_a", "--new-link")
    assert "/staff/enrol/" in capsys.readouterr().out
