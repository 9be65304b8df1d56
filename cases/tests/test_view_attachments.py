import pytest

from audit.models import AuditEvent
from tipline.test import login_staff, make_sudo
from tipline.testing.builders import text_file

from .helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(unit_a):
    return submit(files=[text_file("the plate number is hidden here")]).attachments.get()


def test_the_sanitised_copy_is_served_inline_and_audited(client, intake_officer, attachment):
    response = login_staff(client, intake_officer).get(f"/staff/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response.content == b"the plate number is hidden here"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="attachment.view", actor=intake_officer).exists()


def test_the_original_needs_sudo_and_is_audited(client, intake_officer, attachment):
    url = f"/staff/attachments/{attachment.pk}/original/"
    login_staff(client, intake_officer)
    assert client.get(url).status_code == 302
    response = make_sudo(client).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="attachment.view_original").exists()


@pytest.mark.parametrize("tail", ["", "original/"])
def test_another_unit_gets_404(client, analyst_b, attachment, tail):
    make_sudo(login_staff(client, analyst_b))
    assert client.get(f"/staff/attachments/{attachment.pk}/{tail}").status_code == 404


@pytest.mark.parametrize("tail", ["", "original/"])
def test_no_content_role_gets_403(client, auditor, attachment, tail):
    make_sudo(login_staff(client, auditor))
    assert client.get(f"/staff/attachments/{attachment.pk}/{tail}").status_code == 403
