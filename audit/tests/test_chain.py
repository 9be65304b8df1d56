import datetime
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from audit.actions import record, verify_chain
from audit.models import GENESIS, AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return [record(f"test.step{i}", actor="system", details={"n": i}) for i in range(1, 6)]


def test_record_appends_with_increasing_seq_and_linked_hashes(chain):
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    head = AuditHead.objects.get(id=1)
    assert (head.seq, head.hash) == (5, events[-1].hash)


def test_record_labels_the_actor_and_target(chain, supervisor):
    report_id = uuid.UUID(int=7)
    event = record("report.open", actor=supervisor, target_type="report", target_id=report_id)
    assert event.actor == supervisor
    assert event.actor_label == f"user:{supervisor.username}"
    assert event.target_id == "00000000-0000-0000-0000-000000000007"
    assert record("x", target_id=None).target_id == ""


def test_details_are_stored_as_hashed_whatever_their_python_types():
    record(
        "odd.details",
        details={
            "when": datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
            "id": uuid.UUID(int=1),
            "amount": Decimal("12.50"),
            "pair": ("a", "b"),
            "nul": "a\x00b",
            "surrogate": "\ud800",
            "nan": float("nan"),
        },
    )
    assert verify_chain() == (1, None, "")
    stored = AuditEvent.objects.get().details
    assert stored["pair"] == ["a", "b"]
    assert stored["nul"] == "ab"
    assert stored["nan"] is None


def test_a_clean_chain_verifies(chain):
    assert verify_chain() == (5, None, "")


def test_an_empty_trail_verifies():
    assert verify_chain() == (0, None, "")


def test_editing_an_events_details_names_that_event(chain):
    AuditEvent.objects.filter(seq=3).update(details={"n": 99})
    checked, bad, why = verify_chain()
    assert (checked, bad.seq) == (2, 3)
    assert "hash" in why


def test_editing_the_actor_label_names_that_event(chain):
    AuditEvent.objects.filter(seq=2).update(actor_label="user:someone-else")
    assert verify_chain()[1].seq == 2


def test_deleting_an_event_names_the_one_after_the_gap(chain):
    AuditEvent.objects.filter(seq=2).delete()
    checked, bad, why = verify_chain()
    assert (checked, bad.seq) == (1, 3)
    assert "#2" in why


def test_reordering_two_events_names_the_first_moved(chain):
    AuditEvent.objects.filter(seq=2).update(seq=-2)
    AuditEvent.objects.filter(seq=3).update(seq=2)
    AuditEvent.objects.filter(seq=-2).update(seq=3)
    checked, bad, why = verify_chain()
    assert (checked, bad.seq, bad.action) == (1, 2, "test.step3")
    assert "previous" in why


def test_rehashing_an_edited_event_still_breaks_the_next_link(chain):
    event = AuditEvent.objects.get(seq=3)
    event.details = {"n": 99}
    AuditEvent.objects.filter(seq=3).update(details=event.details, hash=event.compute_hash())
    checked, bad, _why = verify_chain()
    assert (checked, bad.seq) == (3, 4)


def test_truncating_the_newest_event_is_noticed(chain):
    AuditEvent.objects.filter(seq=5).delete()
    checked, bad, why = verify_chain()
    assert (checked, bad) == (4, None)
    assert "#5" in why


def test_losing_the_head_is_noticed(chain):
    AuditHead.objects.all().delete()
    assert verify_chain()[2] == "the chain head is missing"


def _record_many(worker: int) -> None:
    try:
        for i in range(10):
            with transaction.atomic():  # as inside an action's transaction
                record("test.concurrent", details={"worker": worker, "i": i})
    finally:
        connections.close_all()


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(_record_many, range(8)))
    assert verify_chain() == (80, None, "")
