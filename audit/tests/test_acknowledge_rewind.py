"""acknowledge_audit_rewind: a restore is a rewind the operator owns up to, on the record."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit import checkpoints
from audit.actions import record
from audit.anchoring import do_write_checkpoint
from audit.models import AuditEvent
from audit.tests.conftest import rewind_to, verify

pytestmark = pytest.mark.django_db
REASON = "restored the 02:00 backup after the disk failure (ticket 4711)"


def acknowledge(reason: str = REASON) -> str:
    out = StringIO()
    call_command("acknowledge_audit_rewind", "--reason", reason, stdout=out)
    return out.getvalue()


def test_after_a_restore_the_acknowledged_rewind_verifies(anchored):
    rewind_to(6)
    said = acknowledge()
    assert "saw event #8, the trail ended at #6; checkpoints after #5 are superseded" in said
    report = verify()
    assert report.startswith("7 events verified")
    assert "1 superseded by acknowledged rewinds" in report
    assert (
        "checkpoints after event #5 superseded (the newest had seen #8, the trail then ended at "
        "#6), reason in event #7"
    ) in report


def test_it_records_what_was_rewound_as_an_audit_event(anchored):
    rewind_to(6)
    acknowledge()
    event = AuditEvent.objects.get(seq=7)
    assert (event.action, event.actor_label) == ("audit.rewind_acknowledged", "operator")
    assert event.details == {
        "from_seq": 8,
        "from_hash": anchored[8],
        "from_at": checkpoints.read_all()[0][1].at,
        "to_seq": 5,  # the newest checkpoint the restored trail still has
        "to_hash": anchored[5],
        "head_seq": 6,
        "head_hash": anchored[6],
        "reason": REASON,
    }


def test_it_anchors_the_new_head_with_a_rewind_line(anchored):
    rewind_to(6)
    acknowledge()
    newest = checkpoints.read_all()[0][-1]
    assert (newest.seq, newest.hash) == (7, AuditEvent.objects.get(seq=7).hash)
    assert newest.rewind["to_seq"] == 5
    assert newest.rewind["event"] == 7


def test_the_trail_goes_on_after_an_acknowledged_rewind(anchored):
    rewind_to(6)
    acknowledge()
    record("test.after")
    do_write_checkpoint()
    assert verify().startswith("8 events verified")


def test_a_second_restore_of_an_older_backup_needs_its_own_acknowledgement(anchored):
    rewind_to(6)
    acknowledge()
    rewind_to(2)  # the older backup knows neither the first restore nor its acknowledgement
    with pytest.raises(CommandError, match=r"events #3 to #7 are missing"):
        verify()
    acknowledge("restored the Monday backup")
    assert verify().startswith("3 events verified")


def test_it_also_covers_a_restore_the_site_kept_writing_to(anchored):
    rewind_to(3)
    for _ in range(6):  # reports came in before anyone noticed the restore
        record("test.after-restore")
    acknowledge()
    assert verify().startswith("10 events verified")
    assert AuditEvent.objects.get(seq=10).details["to_seq"] == 0  # no checkpoint before #3


def test_it_covers_checkpoints_written_between_the_restore_and_the_acknowledgement(anchored):
    rewind_to(3)
    for _ in range(6):
        record("test.after-restore")
    do_write_checkpoint()  # the scheduler went on anchoring the new history (#9)
    acknowledge()
    rewind = AuditEvent.objects.get(seq=10).details
    assert (rewind["from_seq"], rewind["to_seq"]) == (8, 0)  # the newest that disagreed
    assert verify().startswith("10 events verified")


def test_it_refuses_when_nothing_was_rewound(anchored):
    with pytest.raises(CommandError, match="nothing to acknowledge"):
        acknowledge()
    assert AuditEvent.objects.count() == 8


def test_it_refuses_an_empty_reason(anchored):
    rewind_to(6)
    with pytest.raises(CommandError, match="give the reason"):
        acknowledge("   ")


def test_it_refuses_to_cover_an_edited_event(anchored):
    rewind_to(6)
    AuditEvent.objects.filter(seq=2).update(details={"n": 99})
    with pytest.raises(CommandError, match=r"chain itself is broken \(event #2"):
        acknowledge()
    assert len(checkpoints.read_all()[0]) == 2


def test_a_forged_acknowledgement_does_not_count(anchored, checkpoint_dir):
    rewind_to(6)
    path = checkpoint_dir / checkpoints.FILE_NAME
    forged = {"seq": 6, "hash": anchored[6], "at": "now", "prev": "", "mac": "00"}
    with path.open("a") as handle:
        handle.write(json.dumps({**forged, "rewind": {"to_seq": 0, "event": 6}}) + "\n")
    with pytest.raises(CommandError, match=r"not authentic.*events #7 to #8 are missing"):
        verify()
