"""The audit trail: append-only and hash-chained.

Each event's hash covers its own content and the previous event's hash, so editing, deleting or
reordering any event breaks every hash after it (`manage.py verify_audit` names the first bad one).
Writers serialise on the single AuditHead row (SELECT … FOR UPDATE) inside the caller's
transaction: the event commits or rolls back with the action it records.
"""

import hashlib
import json
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS = "0" * 64


class AuditHead(models.Model):
    """One row: the hash and sequence number of the newest event."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


class AuditEventQuerySet(models.QuerySet):
    def for_target(self, target_type: str, target_id: str):
        return self.filter(target_type=target_type, target_id=str(target_id))

    def matching(
        self,
        *,
        actor: str = "",
        action: str = "",
        target_type: str = "",
        target_id: str = "",
        since: date | None = None,
        until: date | None = None,
    ) -> "AuditEventQuerySet":
        """The trail browser's filters; an empty one filters nothing. `action` is a prefix
        ("case." finds every case event); `actor` is a username or a full label ("system")."""
        events = self
        if actor:
            events = events.filter(actor_label__in={actor, f"user:{actor}"})
        if action:
            events = events.filter(action__startswith=action)
        if target_type:
            events = events.filter(target_type=target_type)
        if target_id:
            events = events.filter(target_id=target_id)
        if since:
            events = events.filter(at__date__gte=since)
        if until:
            events = events.filter(at__date__lte=until)
        return events


class AuditEvent(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # "system", "reporter", "user:<username>", "partner:<slug>": readable even if the user goes.
    actor_label = models.CharField(max_length=160)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.actor_label}"

    def compute_hash(self) -> str:
        body = json.dumps(
            {
                "seq": self.seq,
                "at": self.at.isoformat(),
                "actor_id": self.actor_id,
                "actor": self.actor_label,
                "action": self.action,
                "target": [self.target_type, self.target_id],
                "details": self.details,
                "prev": self.prev_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return hashlib.sha256(body.encode()).hexdigest()
