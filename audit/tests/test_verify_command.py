from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.actions import record
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.fixture
def trail(db):
    for i in range(1, 6):
        record("test.event", actor="system", target_type="thing", target_id=i)


def test_an_intact_trail_verifies(trail):
    assert verify().strip() == "5 events verified"


def test_an_empty_trail_verifies(db):
    assert verify().strip() == "0 events verified"


def test_it_names_an_edited_event(trail):
    AuditEvent.objects.filter(seq=3).update(details={"forged": True})
    with pytest.raises(CommandError, match=r"#3 .*content does not match"):
        verify()


def test_it_names_the_event_after_a_deleted_one(trail):
    AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(CommandError, match=r"#3 .*expected event #2"):
        verify()


def test_it_notices_the_newest_event_deleted(trail):
    AuditEvent.objects.filter(seq=5).delete()
    with pytest.raises(CommandError, match=r"#5 .*missing"):
        verify()


def test_it_names_reordered_events(trail):
    # Swap the positions of events 2 and 3, as an attacker rewriting history would.
    two, three = AuditEvent.objects.get(seq=2), AuditEvent.objects.get(seq=3)
    AuditEvent.objects.filter(pk=two.pk).update(seq=-2)
    AuditEvent.objects.filter(pk=three.pk).update(seq=2)
    AuditEvent.objects.filter(pk=two.pk).update(seq=3)
    with pytest.raises(CommandError, match=r"#2 .*(does not follow|does not match)"):
        verify()


def test_it_exits_non_zero_from_the_shell(trail):
    AuditEvent.objects.filter(seq=1).update(action="test.other")
    with pytest.raises(CommandError) as failure:
        verify()
    assert failure.value.returncode == 1
