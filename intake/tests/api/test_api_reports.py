import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from core.receipts import matches
from intake import storage, vault
from intake.models import Attachment, Report, ReporterIdentity
from tipline.testing.builders import png_bytes, png_upload, report_json, submit_via_api, text_upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports"


def post_json(client, body, **extra):
    return client.post(URL, body, content_type="application/json", **extra)


def post_raw(client, data, content_type="application/json"):
    return client.generic("POST", URL, data, content_type=content_type)


def post_multipart(client, body, files=(), **extra):
    data = {"report": json.dumps(body) if not isinstance(body, str) else body}
    if files:
        data["attachments"] = list(files)
    return client.post(URL, data, **extra)


def assert_422(response, *fields):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"]
    for field in fields:
        assert field in body["errors"], body["errors"]
    assert Report.objects.count() == 0
    assert Attachment.objects.count() == 0


# Accepting reports


def test_it_accepts_a_report_and_returns_a_receipt(client, category):
    response = post_json(client, report_json())
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"receipt", "status"}
    assert len(body["receipt"]) == 20
    assert body["status"] == "received"
    report = Report.objects.get()
    assert matches(body["receipt"], report.receipt_hash)
    assert (report.channel, report.region_id, report.language) == ("api", "110000", "en")


def test_answers_are_stored_sealed_and_cleaned(client, category):
    answers = {
        "what": "  A stranger photographed the gate.  ",
        "when": "2024-05-01",
        "where": "310000",
        "kind": "person",
        "methods": ["threats", "online", "threats"],
        "contact_made": "yes",
        "name": "王",
    }
    post_json(client, report_json(answers=answers))
    report = Report.objects.get()
    assert b"stranger" not in bytes(report.answers_sealed)
    assert vault.open_answers(report) == {
        "what": "A stranger photographed the gate.",
        "when": "2024-05-01",
        "where": "310000",
        "kind": "person",
        "methods": ["online", "threats"],
        "contact_made": True,
        "name": "王",
    }


def test_contact_details_are_sealed_under_the_identity_key(client, category):
    post_json(client, report_json(contact={"name": "李雷", "phone": "13800000000", "x": "dropped"}))
    report = Report.objects.get()
    assert report.has_identity
    identity = ReporterIdentity.objects.get(report=report)
    assert "李雷".encode() not in bytes(identity.sealed)
    assert vault.open_identity(identity) == {"name": "李雷", "phone": "13800000000"}


def test_region_and_contact_are_optional(client, category):
    body = report_json(region=None)
    del body["language"]
    assert post_json(client, body).status_code == 201
    assert post_json(client, report_json(region="", contact={"name": "  "})).status_code == 201
    assert not Report.objects.filter(has_identity=True).exists()
    assert set(Report.objects.values_list("language", flat=True)) == {"zh-hans", "en"}


def test_a_json_body_with_another_content_type_is_still_read(client, category):
    response = post_raw(client, json.dumps(report_json()), content_type="text/plain")
    assert response.status_code == 201


def test_a_warm_submission_reads_no_questionnaire_tables(client, category):
    submit_via_api(client)  # loads the questionnaire catalog into memory
    with CaptureQueriesContext(connection) as queries:
        assert post_json(client, report_json()).status_code == 201
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "intake_report" in sql
    for table in ("intake_category", "intake_field", "accounts_region"):
        assert table not in sql


# Refusing bad reports


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "no-such-category"}, "category"),
        ({"category": ["espionage"]}, "category"),
        ({"region": "999999"}, "region"),
        ({"region": 110000}, "region"),
        ({"language": "fr"}, "language"),
        ({"language": None}, "language"),
        ({"contact": "me"}, "contact"),
        ({"contact": {"name": 5}}, "contact"),
        ({"contact": {"name": "x" * 501}}, "contact"),
        ({"contact": {"name": "a\x00b"}}, "contact"),
        ({"answers": None}, "answers"),
        ({"answers": ["what"]}, "answers"),
        ({"answers": {}}, "answers.what"),
        ({"answers": {"what": "   "}}, "answers.what"),
        ({"answers": {"what": "x" * 20_001}}, "answers.what"),
        ({"answers": {"what": "a\x00b"}}, "answers.what"),
        ({"answers": {"what": 42}}, "answers.what"),
        ({"answers": {"what": "ok", "when": "yesterday"}}, "answers.when"),
        ({"answers": {"what": "ok", "when": "2999-01-01"}}, "answers.when"),
        ({"answers": {"what": "ok", "where": "999999"}}, "answers.where"),
        ({"answers": {"what": "ok", "kind": "bribery"}}, "answers.kind"),
        ({"answers": {"what": "ok", "methods": "online"}}, "answers.methods"),
        ({"answers": {"what": "ok", "methods": ["pigeon"]}}, "answers.methods"),
        ({"answers": {"what": "ok", "contact_made": "maybe"}}, "answers.contact_made"),
        ({"answers": {"what": "ok", "name": "x" * 501}}, "answers.name"),
        ({"answers": {"what": "ok", "surprise": "x"}}, "answers.surprise"),
    ],
)
def test_invalid_reports_get_422_naming_the_field(client, category, change, field):
    assert_422(post_json(client, report_json(**change)), field)


def test_all_errors_are_reported_at_once(client, category):
    body = report_json(region="nowhere", language="xx", answers={"kind": "nope"})
    assert_422(post_json(client, body), "region", "language", "answers.what", "answers.kind")


def test_a_lone_surrogate_is_refused_not_a_crash(client, category):
    raw = '{"category":"espionage","answers":{"what":"bad \\ud800 text","\\udfff":"x"}}'
    response = post_raw(client, raw)
    assert_422(response, "answers.what")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b'{"category": "espionage",',
        b"\xff\xfe\xfa invalid utf-8",
        b"[]",
        b'"a string"',
        b"42",
        b"null",
        b"[" * 100_000,
        b"\x00\x00\x00",
        b'{"category": ' + b"9" * 5000 + b"}",  # past Python's integer-string limit
    ],
)
def test_malformed_or_non_object_json_gets_400(client, category, raw):
    response = post_raw(client, raw)
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"detail"}
    assert Report.objects.count() == 0


def test_a_form_encoded_body_gets_400(client, category):
    response = post_raw(client, "category=espionage", "application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_a_huge_body_gets_413(client, category):
    body = report_json(answers={"what": "x" * 3_000_000})
    response = post_json(client, body)
    assert response.status_code == 413
    assert "detail" in response.json()


# Multipart with attachments


def test_multipart_with_a_png_is_accepted_and_sealed(client, category):
    response = post_multipart(client, report_json(), [png_upload("gate.png")])
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    report = Report.objects.get()
    assert attachment.report == report
    assert (attachment.kind, attachment.clean_mime) == ("image", "image/png")
    dek = vault.report_key(report)
    assert vault.open_attachment_name(dek, attachment) == "gate.png"
    assert storage.read(dek, attachment.id, "orig") == png_bytes()
    raw = storage._path(attachment.id, "orig").read_bytes()
    assert b"PNG" not in raw


def test_a_disguised_file_is_refused_and_nothing_is_stored(client, category):
    disguised = SimpleUploadedFile("invoice.pdf", png_bytes(), content_type="application/pdf")
    response = post_multipart(client, report_json(), [disguised])
    assert_422(response, "attachments.0")
    assert "invoice.pdf" in response.json()["errors"]["attachments.0"]


def test_an_executable_is_refused(client, category):
    elf = SimpleUploadedFile("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 200)
    assert_422(post_multipart(client, report_json(), [elf]), "attachments.0")


@override_settings(ATTACHMENT_MAX_COUNT=2)
def test_more_files_than_allowed_are_refused(client, category):
    files = [text_upload(f"n{i}.txt") for i in range(3)]
    assert_422(post_multipart(client, report_json(), files), "attachments")


def test_more_files_than_django_will_parse_are_refused(client, category, settings):
    files = [text_upload(f"n{i}.txt") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    assert_422(post_multipart(client, report_json(), files), "attachments")


@override_settings(ATTACHMENT_MAX_BYTES=2048)
def test_a_file_over_the_size_limit_is_refused(client, category):
    big = text_upload("big.txt", "x" * 4096)
    assert_422(post_multipart(client, report_json(), [big]), "attachments.0")


def test_a_huge_multipart_form_field_gets_413(client, category):
    response = post_multipart(client, report_json(answers={"what": "x" * 3_000_000}))
    assert response.status_code == 413


def test_too_many_multipart_fields_get_400(client, category, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"f{i}": "x" for i in range(20)} | {"report": json.dumps(report_json())}
    response = client.post(URL, data)
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_multipart_answers_are_validated_too(client, category):
    assert_422(post_multipart(client, report_json(answers={})), "answers.what")


@pytest.mark.parametrize("report", ["", "not json", "[1, 2]"])
def test_multipart_with_a_bad_report_field_gets_400(client, category, report):
    assert post_multipart(client, report).status_code == 400


def test_multipart_without_a_report_field_gets_400(client, category):
    assert client.post(URL, {"attachments": [png_upload()]}).status_code == 400


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("multipart/form-data", b"--x\r\n"),  # no boundary
        ("multipart/form-data; boundary=", b"--x\r\n"),
        ('multipart/form-data; boundary="a b"', b"--x\r\n"),
        ("multipart/form-data; boundary=x", b"garbage without parts"),  # so no report field
        ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="re'),
    ],
)
def test_broken_multipart_gets_400(client, category, content_type, data):
    response = post_raw(client, data, content_type)
    assert response.status_code == 400, response.content
    assert "detail" in response.json()


# Flood control


@override_settings(SUBMISSION_BUDGET_PER_SECOND=1)
def test_over_the_budget_gets_429_with_retry_after(client, category):
    statuses = [post_json(client, report_json()) for _ in range(4)]
    refused = [r for r in statuses if r.status_code == 429]
    assert refused, "four submissions in a row all fit a budget of one a second"
    assert refused[0]["Retry-After"] == "1"
    assert "detail" in refused[0].json()
    accepted = sum(r.status_code == 201 for r in statuses)
    assert Report.objects.count() == accepted


@override_settings(SUBMISSION_BUDGET_PER_SECOND=1)
def test_invalid_reports_are_refused_before_the_budget_is_spent(client, category):
    for _ in range(3):
        assert post_json(client, report_json(category="nope")).status_code == 422
    assert post_json(client, report_json()).status_code == 201
