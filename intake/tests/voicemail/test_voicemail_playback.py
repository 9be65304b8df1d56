"""Staff play a voicemail back from the report: its sanitised copy is served as audio."""

import pytest

from accounts.models import Role
from cases.actions.routing import do_route_report
from intake.followup import find_report
from intake.tests.voicemail.voicemail_calls import (
    call_voicemail,
    wav_bytes,
)
from tipline.test import login_staff, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_store(settings, tmp_path):
    settings.ATTACHMENT_DIR = tmp_path / "attachments"


@pytest.fixture
def voicemail_report(client, category, unit_hq):
    report = find_report(call_voicemail(client).json()["receipt"])
    do_route_report(report.id)
    report.refresh_from_db()
    return report


def test_an_analyst_of_the_routed_unit_gets_the_recording_as_audio(client, voicemail_report):
    analyst = make_staff("analyst_hq", voicemail_report.unit, Role.ANALYST)
    attachment = voicemail_report.attachments.get()
    response = login_staff(client, analyst).get(f"/staff/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("audio/")
    assert response["Content-Disposition"].startswith("inline")
    assert response.content == wav_bytes()


def test_another_unit_gets_404(client, voicemail_report, unit_b):
    stranger = make_staff("analyst_far", unit_b, Role.ANALYST)
    attachment = voicemail_report.attachments.get()
    response = login_staff(client, stranger).get(f"/staff/attachments/{attachment.pk}/")
    assert response.status_code == 404


def test_the_report_page_offers_a_player_that_the_policy_lets_play(client, voicemail_report):
    analyst = make_staff("analyst_player", voicemail_report.unit, Role.ANALYST)
    attachment = voicemail_report.attachments.get()
    login_staff(client, analyst)
    page = client.get(f"/staff/reports/{voicemail_report.pk}/").content.decode()
    assert f'<audio controls preload="none" src="/staff/attachments/{attachment.pk}/">' in page
    served = client.get(f"/staff/attachments/{attachment.pk}/")
    assert "media-src 'self'" in served["Content-Security-Policy"]
