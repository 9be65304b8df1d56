"""The voicemail gateway: a signed call from the telephony system files a report."""

import pytest

from core.receipts import grouped
from intake import storage, vault
from intake.followup import find_report
from intake.models import Category, Report
from intake.models import Field as QuestionField
from intake.questionnaire import catalog
from intake.tests.voicemail.voicemail_calls import (
    call_voicemail,
    mp3_bytes,
    recording,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_store(settings, tmp_path):
    settings.ATTACHMENT_DIR = tmp_path / "attachments"


def test_a_signed_call_files_a_voicemail_report_and_answers_with_the_receipt(client, category):
    response = call_voicemail(client, transcript="有人在基地外拍照。")
    assert response.status_code == 201, response.content
    receipt = response.json()["receipt"]
    assert len(receipt) == 20
    assert receipt.isdigit()
    report = find_report(receipt)
    assert report.channel == "voicemail"
    assert report.language == "zh-hans"
    assert vault.open_answers(report) == {"what": "有人在基地外拍照。"}


def test_the_speech_reads_the_receipt_digit_by_digit_in_the_callers_language(client, category):
    response = call_voicemail(client, language="en")
    body = response.json()
    spaced = ", ".join(" ".join(group) for group in grouped(body["receipt"]))
    assert body["speech"].count(spaced) == 2
    assert "write it down" in body["speech"]


def test_the_recording_is_stored_encrypted_as_an_audio_attachment(client, category, settings):
    response = call_voicemail(client, recording_file=recording(mp3_bytes(), "13800.mp3"))
    report = find_report(response.json()["receipt"])
    attachment = report.attachments.get()
    assert attachment.kind == "audio"
    assert attachment.clean_mime == "audio/mpeg"
    dek = vault.report_key(report)
    assert storage.read(dek, attachment.id, "clean") == mp3_bytes()
    assert vault.open_attachment_name(dek, attachment) == "voicemail.mp3"
    on_disk = b"".join(p.read_bytes() for p in settings.ATTACHMENT_DIR.rglob("*") if p.is_file())
    assert mp3_bytes()[:1000] not in on_disk


def test_the_call_reference_is_sealed_with_the_report(client, category):
    response = call_voicemail(client, call_reference="IVR-2024-77")
    report = find_report(response.json()["receipt"])
    sealed = vault.open_json(
        vault.report_key(report),
        report.call_reference_sealed,
        "report",
        report.id,
        "call_reference",
    )
    assert sealed == "IVR-2024-77"


def test_without_a_transcript_the_answer_says_there_is_none(client, category):
    response = call_voicemail(client, language="en")
    report = find_report(response.json()["receipt"])
    assert vault.open_answers(report) == {"what": "(voicemail recording, no transcript)"}


def test_other_required_questions_do_not_block_a_voicemail(client, category):
    QuestionField.objects.create(
        category=category,
        key="kind2",
        type="single_choice",
        required=True,
        label_zh="类型",
        choices_text="a | 甲 | A",
        position=99,
    )
    catalog.invalidate()
    response = call_voicemail(client, transcript="A message.")
    assert response.status_code == 201
    assert vault.open_answers(find_report(response.json()["receipt"])) == {"what": "A message."}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "no-such-category"}, "category"),
        ({"language": "fr"}, "language"),
        ({"transcript": "x" * 20_001}, "transcript"),
    ],
)
def test_bad_fields_get_422_and_store_nothing(client, category, fields, field):
    response = call_voicemail(client, **fields)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Report.objects.exists()


def test_a_category_without_a_long_text_question_keeps_the_transcript_by_name(client, category):
    Category.objects.create(slug="drones", name_zh="无人机", name_en="Drones")
    catalog.invalidate()
    response = call_voicemail(client, category="drones", transcript="A drone over the port.")
    report = find_report(response.json()["receipt"])
    assert vault.open_answers(report) == {"transcript": "A drone over the port."}
