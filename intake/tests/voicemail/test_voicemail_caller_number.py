"""A caller number the telephony system sends, in any field, tag, file name or header, is never
stored: not in the database, not in the attachment store, not in a log line.

The search is test_canary's, which that module first proves able to find planted plaintext.
"""

import json
import secrets

import pytest
from django.test import Client

from intake import storage, vault
from intake.followup import find_report
from intake.tests.voicemail.voicemail_calls import (
    call_voicemail,
    recording,
    wav_bytes,
)
from tipline.testing.canaries import attachment_files, database_image, found_in, log_text

pytestmark = pytest.mark.django_db(transaction=True)  # committed, as a dump would see it


@pytest.mark.usefixtures("store", "all_logs", "sql_logged")
def test_a_caller_number_sent_with_a_voicemail_is_stored_nowhere(category, settings, caplog, capfd):
    local = f"139{secrets.randbelow(10**8):08d}"
    number = f"+86{local}"
    client = Client(HTTP_X_CALLER_ID=number, HTTP_FROM=number)
    response = call_voicemail(
        client,
        recording_file=recording(wav_bytes(info=f"caller {number}"), f"{local}.wav"),
        transcript="Someone photographed the gate.",
        caller=number,
        caller_id=number,
        ani=local,
        **{"from": number},
        phone=number,
    )
    assert response.status_code == 201, response.content
    report = find_report(response.json()["receipt"])
    assert report.attachments.count() == 1

    places = {
        "database": database_image(),
        "attachment files": attachment_files(settings.ATTACHMENT_DIR),
        "logs": log_text(caplog, capfd),
    }
    assert places["attachment files"], "the recording was written"
    assert b"INSERT" in places["logs"], "SQL was logged, so the search covered it"
    leaks = [where for where, blob in places.items() if found_in(blob, local)]
    assert leaks == []
    assert local not in decrypted(report)


def decrypted(report) -> str:
    """Everything sealed with the report, opened: what staff (or a keyring thief) could read."""
    dek = vault.report_key(report)
    attachment = report.attachments.get()
    call_reference = vault.open_json(
        dek, report.call_reference_sealed, "report", report.id, "call_reference"
    )
    parts = [
        json.dumps(vault.open_answers(report)),
        call_reference,
        vault.open_attachment_name(dek, attachment),
        storage.read(dek, attachment.id, "clean").decode("latin-1"),
        storage.read(dek, attachment.id, "orig").decode("latin-1"),
    ]
    return "\n".join(parts)
