"""Only the telephony system, signing with the shared secret, recently and once, is heard."""

import time

import pytest

from intake.models import Report
from intake.tests.voicemail.voicemail_calls import (
    call_voicemail,
    recording,
    send,
    signed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_store(settings, tmp_path):
    settings.ATTACHMENT_DIR = tmp_path / "attachments"


def refused(response) -> bool:
    return response.status_code == 401 and not Report.objects.exists()


def test_a_signature_made_with_another_secret_is_refused(client, category):
    assert refused(call_voicemail(client, secret="not-the-shared-secret"))


def test_a_body_changed_after_signing_is_refused(client, category):
    body, headers = signed({"category": "espionage", "recording": recording()})
    tampered = body.replace(b"espionage", b"espionagf")
    assert refused(send(client, tampered, headers))


@pytest.mark.parametrize("missing", ["HTTP_X_TIPLINE_TIMESTAMP", "HTTP_X_TIPLINE_SIGNATURE"])
def test_an_unsigned_call_is_refused(client, category, missing):
    body, headers = signed({"category": "espionage", "recording": recording()})
    del headers[missing]
    assert refused(send(client, body, headers))


def test_a_timestamp_that_is_not_a_number_is_refused(client, category):
    body, headers = signed({"category": "espionage", "recording": recording()})
    headers["HTTP_X_TIPLINE_TIMESTAMP"] = "yesterday"
    assert refused(send(client, body, headers))


# Beyond the 300 s allowed by a few seconds: the server reads the clock later than the test does,
# so a timestamp only 1 s in the future can fall back inside the window.
@pytest.mark.parametrize("offset", [-302, 305])
def test_a_stale_or_future_timestamp_is_refused_even_when_signed(client, category, offset):
    assert refused(call_voicemail(client, timestamp=int(time.time()) + offset))


def test_a_timestamp_within_the_allowed_skew_is_accepted(client, category):
    assert call_voicemail(client, timestamp=int(time.time()) - 200).status_code == 201


def test_a_replayed_request_is_refused(client, category):
    body, headers = signed({"category": "espionage", "recording": recording()})
    assert send(client, body, headers).status_code == 201
    again = send(client, body, headers)
    assert again.status_code == 401
    assert Report.objects.count() == 1


def test_without_a_configured_secret_every_call_is_refused(client, category, settings):
    settings.VOICEMAIL_SECRET = ""
    assert refused(call_voicemail(client, secret=""))


def test_the_signature_is_checked_before_the_form_is_read(client, category):
    response = send(client, b"not multipart at all", {"HTTP_X_TIPLINE_TIMESTAMP": "1"})
    assert response.status_code == 401
