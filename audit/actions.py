"""record(): the one way to write an audit event, inside the caller's transaction."""

import json
import math
from contextvars import ContextVar
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from audit.models import GENESIS, AuditEvent, AuditHead

# What every event written while handling one request must carry, set by the layer that knows it
# (accounts.api_auth: the API token that authenticated the request) and cleared when the request
# starts and ends. Actions need not be told, so no token-authenticated event can leave it out.
request_details: ContextVar[dict | None] = ContextVar("audit_request_details", default=None)


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return f"user:{actor.get_username()}"


def _storable(value: Any) -> Any:
    """`details` as the database will give it back, so the hash we compute now still matches
    when verify_chain recomputes it: JSON-native types only (dates, UUIDs and decimals become
    strings, tuples lists) and values PostgreSQL's jsonb accepts (no NUL, lone surrogate, NaN)."""
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_storable(str(k)): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None  # jsonb has no NaN or infinity
    return value


def record(
    action: str,
    *,
    actor=None,
    target_type: str = "",
    target_id: object = "",
    details: dict | None = None,
) -> AuditEvent:
    """Append an event. `actor` is a staff user, None for the system, or a label like "reporter"."""
    details = {**(details or {}), **(request_details.get() or {})}
    native = json.loads(json.dumps(details, cls=DjangoJSONEncoder))
    with transaction.atomic():
        # The one head row serialises writers, so seq and prev_hash never fork.
        head = AuditHead.objects.select_for_update().filter(id=1).first()
        if head is None:  # the very first event; get_or_create settles a race to make it
            AuditHead.objects.get_or_create(id=1)
            head = AuditHead.objects.select_for_update().get(id=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=None if actor is None or isinstance(actor, str) else actor,
            actor_label=actor_label(actor),
            action=action,
            target_type=target_type,
            target_id="" if target_id is None or target_id == "" else str(target_id),
            details=_storable(native),
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def verify_chain() -> tuple[int, AuditEvent | None, str]:
    """Walk the chain in order; returns (events checked, first bad event or None, why).

    An edited event fails its own hash; a deleted one leaves a gap in seq; reordered ones no
    longer link by prev_hash; deleting the newest is caught by the head, which remembers them.
    """
    expected_prev = GENESIS
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
    newest = expected_seq - 1
    if head is None:
        if checked:
            return checked, None, "the chain head is missing"
        return checked, None, ""
    if head.seq != newest or head.hash != expected_prev:
        if head.seq > newest:
            return checked, None, f"events #{newest + 1} to #{head.seq} are missing"
        return checked, None, f"the chain head does not match event #{newest}"
    return checked, None, ""
