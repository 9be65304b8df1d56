"""verify_audit holds the chain against its checkpoints: a rewind or deletion the chain itself
cannot show (everything newest removed, the head moved back to match) is tampering."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit import checkpoints
from audit.actions import record, verify_chain
from audit.models import AuditEvent, AuditHead
from audit.tests.conftest import rewind_to, verify

pytestmark = pytest.mark.django_db


def test_an_anchored_trail_verifies(anchored):
    assert verify().splitlines() == [
        "8 events verified",
        f"2 checkpoints agree, the newest of {checkpoints.read_all()[0][-1].at} at event #8 "
        "(0 superseded by acknowledged rewinds)",
    ]


def test_events_newer_than_the_last_checkpoint_are_fine(anchored):
    record("test.later")
    assert verify().startswith("9 events verified")


def test_deleting_every_event_and_the_head_is_tampering(anchored):
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    assert verify_chain() == (0, None, "")  # the chain alone cannot tell
    with pytest.raises(CommandError, match=r"events #1 to #8 are missing") as failure:
        verify()
    assert failure.value.returncode == 1
    assert "acknowledge_audit_rewind" in str(failure.value)


def test_deleting_the_newest_events_and_rewinding_the_head_is_tampering(anchored):
    rewind_to(6)
    assert verify_chain() == (6, None, "")
    with pytest.raises(CommandError, match=r"events #7 to #8 are missing: the checkpoint of"):
        verify()


def test_rewriting_history_past_a_checkpoint_is_tampering(anchored):
    rewind_to(3)
    for i in range(6):  # the trail grows past the checkpoints again, on another history
        record("test.forged", details={"n": i})
    assert verify_chain() == (9, None, "")
    with pytest.raises(CommandError, match=r"event #5 is missing or not the event"):
        verify()


def test_a_rewind_before_any_checkpoint_cannot_be_seen_and_is_warned_about(db):
    record("test.event")
    err = StringIO()
    call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert "no audit checkpoints" in err.getvalue()


def test_a_forged_checkpoint_line_is_tampering(anchored, checkpoint_dir):
    with (checkpoint_dir / checkpoints.FILE_NAME).open("a") as handle:
        handle.write(
            '{"seq": 2, "hash": "x", "at": "now", "prev": "", "rewind": null, "mac": "00"}\n'
        )
    with pytest.raises(CommandError, match="checkpoint line 3 is not authentic"):
        verify()


def test_an_edited_event_is_still_named_first(anchored):
    AuditEvent.objects.filter(seq=2).update(details={"n": 99})
    with pytest.raises(CommandError, match=r"#2 .*content does not match"):
        verify()


def test_a_trail_older_than_two_intervals_without_any_checkpoint_is_tampering(settings):
    record("test.event")
    settings.AUDIT_CHECKPOINT_SECONDS = 0  # as if the event were hours old
    with pytest.raises(CommandError, match=r"there is no checkpoint in .*file was removed"):
        verify()


def test_a_lagging_checkpoint_is_warned_about(anchored, settings):
    record("test.later")
    settings.AUDIT_CHECKPOINT_SECONDS = 0
    err = StringIO()
    call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert "events after #8 are not anchored yet" in err.getvalue()
