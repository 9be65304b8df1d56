import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from intake import storage, vault
from intake.followup import find_report
from intake.models import Attachment, Message
from tipline.testing.builders import png_bytes, png_upload, submit_via_api, text_upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/followup/messages"


@pytest.fixture
def receipt(client, category):
    return submit_via_api(client)


def post_json(client, receipt, body):
    return client.post(URL, body, content_type="application/json", HTTP_X_RECEIPT=receipt)


def post_raw(client, receipt, data, content_type="application/json"):
    return client.generic("POST", URL, data, content_type=content_type, HTTP_X_RECEIPT=receipt)


def assert_422(response, field):
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert Message.objects.count() == 0


def test_a_reporter_message_is_stored_sealed(client, receipt):
    response = post_json(client, receipt, {"body": "  The car was blue.  "})
    assert response.status_code == 201
    body = response.json()
    assert (body["author"], body["body"], body["attachments"]) == (
        "reporter",
        "The car was blue.",
        [],
    )
    message = Message.objects.get()
    assert b"blue" not in bytes(message.body_sealed)
    report = find_report(receipt)
    assert vault.open_message(vault.report_key(report), message) == "The car was blue."


def test_a_multipart_message_carries_files(client, receipt):
    response = client.post(
        URL, {"body": "photo", "attachments": [png_upload("car.png")]}, HTTP_X_RECEIPT=receipt
    )
    assert response.status_code == 201, response.content
    assert response.json()["attachments"] == [
        {"name": "car.png", "size": len(png_bytes()), "kind": "image"}
    ]
    attachment = Attachment.objects.get()
    assert attachment.message == Message.objects.get()
    dek = vault.report_key(find_report(receipt))
    assert storage.read(dek, attachment.id, "orig") == png_bytes()


def test_files_alone_are_a_message(client, receipt):
    response = client.post(URL, {"attachments": [text_upload()]}, HTTP_X_RECEIPT=receipt)
    assert response.status_code == 201


def test_a_disguised_file_is_refused_and_nothing_is_stored(client, receipt):
    disguised = SimpleUploadedFile("notes.txt", png_bytes())
    response = client.post(URL, {"body": "x", "attachments": [disguised]}, HTTP_X_RECEIPT=receipt)
    assert_422(response, "attachments.0")
    assert Attachment.objects.count() == 0


@override_settings(ATTACHMENT_MAX_COUNT=2)
def test_the_file_limit_counts_files_already_on_the_report(client, receipt):
    ok = client.post(URL, {"attachments": [text_upload(), text_upload()]}, HTTP_X_RECEIPT=receipt)
    assert ok.status_code == 201
    response = client.post(URL, {"attachments": [text_upload()]}, HTTP_X_RECEIPT=receipt)
    assert response.status_code == 422
    assert "attachments" in response.json()["errors"]


@pytest.mark.parametrize(
    "body",
    [{}, {"body": ""}, {"body": "   "}, {"body": None}, {"body": 7}, {"body": ["a"]}],
)
def test_an_empty_or_non_text_message_is_refused(client, receipt, body):
    assert_422(post_json(client, receipt, body), "body")


@pytest.mark.parametrize("text", ["x" * 20_001, "a\x00b"])
def test_an_overlong_or_nul_message_is_refused(client, receipt, text):
    assert_422(post_json(client, receipt, {"body": text}), "body")


def test_a_lone_surrogate_is_refused(client, receipt):
    assert_422(post_raw(client, receipt, '{"body": "\\ud800"}'), "body")


@pytest.mark.parametrize("raw", [b"", b"nope", b"[]", b'"text"', b"\xff\xfe", b"{" * 50_000])
def test_malformed_json_is_400(client, receipt, raw):
    response = post_raw(client, receipt, raw)
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_multipart_without_a_usable_boundary_is_400(client, receipt, content_type):
    response = post_raw(client, receipt, b"--zz\r\n", content_type)
    assert response.status_code == 400
    assert "detail" in response.json()


def test_multipart_without_parts_is_an_empty_message(client, receipt):
    response = post_raw(client, receipt, b"junk", "multipart/form-data; boundary=zz")
    assert_422(response, "body")


def test_an_unknown_receipt_is_404_before_the_body_is_read(client, receipt):
    response = post_raw(client, "00000000000000000000", b"not even json")
    assert response.status_code == 404
    missing = client.post(URL, {"body": "hi"}, content_type="application/json")
    assert missing.status_code == 401  # no receipt at all: not authenticated
    assert Message.objects.count() == 0
