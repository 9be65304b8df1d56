import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from core.sanitize import sanitize
from intake import storage, vault
from intake.actions.reports import do_stage_attachments, do_submit_report
from intake.models import Attachment
from intake.submission import NewFile
from intake.tasks import sweep_abandoned_attachments
from tipline.test import submission

pytestmark = pytest.mark.django_db
LONG_AGO = time.time() - 7 * 24 * 3600


@pytest.fixture(autouse=True)
def own_attachment_dir(settings, tmp_path):
    """Files outlive rolled-back rows; each test gets a store of its own."""
    settings.ATTACHMENT_DIR = tmp_path / "attachments"


def sweep() -> int:
    return sweep_abandoned_attachments.call()


def stage() -> tuple[bytes, uuid.UUID]:
    dek, _key_id, _wrapped = vault.new_report_key()
    data = b"plain text notes"
    (attachment_id,) = do_stage_attachments(dek, [NewFile(sanitize(data, "n.txt"), data, "n.txt")])
    return dek, attachment_id


def age(attachment_id: uuid.UUID) -> None:
    """Make a staged draft look abandoned: its row and files older than any live form."""
    old = timezone.now() - timedelta(seconds=settings.FORM_MAX_AGE_SECONDS + 60)
    Attachment.objects.filter(id=attachment_id).update(created_at=old)
    for path in files_of(attachment_id):
        os.utime(path, (LONG_AGO, LONG_AGO))


def files_of(attachment_id: uuid.UUID) -> list[Path]:
    return [storage._path(attachment_id, v) for v in storage.VARIANTS]


def test_abandoned_drafts_are_swept_with_their_files():
    _dek, attachment_id = stage()
    age(attachment_id)
    assert sweep() == 1
    assert not Attachment.objects.exists()
    assert not any(p.exists() for p in files_of(attachment_id))


def test_fresh_drafts_are_kept():
    _dek, attachment_id = stage()
    assert sweep() == 0
    assert Attachment.objects.filter(id=attachment_id).exists()
    assert all(p.exists() for p in files_of(attachment_id))


def test_submitted_files_are_never_swept(category):
    dek, attachment_id = stage()
    do_submit_report(
        submission(
            category_id=category.id,
            region_code=None,
            answers={"what": "x"},
            language="en",
            channel="test",
            dek=dek,
            staged_ids=[attachment_id],
        )
    )
    age(attachment_id)
    assert sweep() == 0
    assert all(p.exists() for p in files_of(attachment_id))


def test_old_orphan_files_and_interrupted_writes_are_swept():
    orphan = uuid.uuid4()
    dek = vault.new_report_key()[0]
    storage.write(dek, orphan, "clean", b"never committed")
    interrupted = storage._path(uuid.uuid4(), "orig")
    interrupted = interrupted.with_name(interrupted.name + ".tmp")
    interrupted.parent.mkdir(parents=True, exist_ok=True)
    interrupted.write_bytes(b"half")
    for path in (storage._path(orphan, "clean"), interrupted):
        os.utime(path, (LONG_AGO, LONG_AGO))
    assert sweep() == 2
    assert not storage._path(orphan, "clean").exists()
    assert not interrupted.exists()


def test_a_young_orphan_may_belong_to_a_request_still_running():
    orphan = uuid.uuid4()
    storage.write(vault.new_report_key()[0], orphan, "clean", b"being written")
    assert sweep() == 0
    assert storage._path(orphan, "clean").exists()


def test_files_that_are_not_ours_are_left_alone():
    stray = Path(settings.ATTACHMENT_DIR) / "zz" / "README.txt"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("operator notes")
    os.utime(stray, (LONG_AGO, LONG_AGO))
    assert sweep() == 0
    assert stray.exists()
