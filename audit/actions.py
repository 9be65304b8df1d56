"""record(): the one way to write an audit event, inside the caller's transaction."""

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent, AuditHead


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return f"user:{actor.get_username()}"


def record(
    action: str,
    *,
    actor=None,
    target_type: str = "",
    target_id: object = "",
    details: dict | None = None,
) -> AuditEvent:
    """Append an event. `actor` is a staff user, None for the system, or a label like "reporter"."""
    with transaction.atomic():
        AuditHead.objects.get_or_create(id=1)
        head = AuditHead.objects.select_for_update().get(id=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=None if actor is None or isinstance(actor, str) else actor,
            actor_label=actor_label(actor),
            action=action,
            target_type=target_type,
            target_id=str(target_id) if target_id != "" else "",
            details=details or {},
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def verify_chain() -> tuple[int, AuditEvent | None, str]:
    """Walk the chain in order; returns (events checked, first bad event or None, why)."""
    expected_prev = "0" * 64
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return checked, event, f"expected event #{expected_seq}, found #{event.seq}"
        if event.prev_hash != expected_prev:
            return checked, event, "does not follow the previous event"
        if event.compute_hash() != event.hash:
            return checked, event, "content does not match its hash"
        expected_prev, expected_seq = event.hash, event.seq + 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return checked, None, f"the newest events after #{expected_seq - 1} are missing"
    return checked, None, ""
