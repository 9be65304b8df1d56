"""Oversized or invalid audio gets a clear 4xx, and nothing is half-stored: no report, no file."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intake.models import Attachment, Report
from intake.tests.voicemail.voicemail_calls import (
    call_voicemail,
    recording,
    send,
    sign,
    signed,
    wav_bytes,
)
from tipline.testing.builders import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.ATTACHMENT_DIR = tmp_path / "attachments"
    return settings.ATTACHMENT_DIR


def nothing_stored(store) -> bool:
    files = [p for p in store.rglob("*") if p.is_file()] if store.exists() else []
    return not Report.objects.exists() and not Attachment.objects.exists() and files == []


def test_a_recording_over_the_limit_gets_413(client, category, store, settings):
    settings.VOICEMAIL_MAX_BYTES = 4096
    response = call_voicemail(client, recording_file=recording(wav_bytes(frames=4000)))
    assert response.status_code == 413
    assert nothing_stored(store)


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, category, store, settings):
    settings.VOICEMAIL_MAX_BYTES = 4096
    body, headers = signed({"category": "espionage", "recording": recording()})
    headers["CONTENT_LENGTH"] = str(10 * 1024 * 1024)
    assert send(client, body, headers).status_code == 413
    assert nothing_stored(store)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.wav", png_bytes(), "audio/wav"),  # not audio at all
        SimpleUploadedFile("call.wav", b"RIFF\x00\x00\x00\x00WAVEjunk", "audio/wav"),  # broken
        SimpleUploadedFile("call.wav", b"", "audio/wav"),  # empty
    ],
    ids=["image", "corrupt", "empty"],
)
def test_a_recording_that_is_not_valid_audio_gets_422(client, category, store, upload):
    response = call_voicemail(client, recording_file=upload)
    assert response.status_code == 422
    assert "recording" in response.json()["errors"]
    assert nothing_stored(store)


def test_a_call_without_a_recording_gets_422(client, category, store):
    body, headers = signed({"category": "espionage"})
    response = send(client, body, headers)
    assert response.status_code == 422
    assert "recording" in response.json()["errors"]
    assert nothing_stored(store)


def test_a_body_that_is_not_multipart_gets_400(client, category, store):
    body, stamp = b'{"category": "espionage"}', str(int(time.time()))
    headers = {"HTTP_X_TIPLINE_TIMESTAMP": stamp, "HTTP_X_TIPLINE_SIGNATURE": sign(body, stamp)}
    response = client.generic(
        "POST", "/api/v1/channels/voicemail", body, content_type="application/json", **headers
    )
    assert response.status_code == 400
    assert nothing_stored(store)
