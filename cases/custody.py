"""One custody mechanism for whatever says who a reporter is: someone asks with a reason, a
custodian of the unit (never the asker) approves or refuses with a note, and only then may that
asker open it, with a fresh second factor, each opening an audit event before anything is opened.

Identity custody (cases.actions.custody) and bank-details custody (rewards.actions.custody) are
two uses of it: a `Custody` names the request model, who asks, the audit events and how the
texts are sealed; the rules live here once."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from audit.actions import record
from cases.errors import ActionError

TEXT_MAX = 2_000
REQUESTED, APPROVED, DENIED = "requested", "approved", "denied"

# (request row, step) -> (audit target type, target id, details) for the step's event.
AuditTarget = Callable[[Any, str], tuple[str, Any, dict]]


@dataclass(frozen=True)
class Custody:
    model: Any  # the request row: status, created_at, decided_*, justification/decision sealed
    requester: str  # the field that names who asked ("analyst", "payer")
    events: str  # the audit action of each step: "{}" stands for request, approve, deny, open
    audit: AuditTarget
    seal: Callable[[Any, str, str], bytes | None]  # (row, "justification" | "note", text)
    open_text: Callable[[Any, str], str]  # (row, "justification" | "note") -> text, "" if none
    unit_id: Callable[[Any], int]  # the unit whose custodians decide
    case_number: Callable[[Any], str]  # shown to the custodian beside each request
    explain: str  # the error when no reason is given
    already_waiting: str  # the error when the asker's earlier request is still undecided
    opening: str = "open"  # the word for the last step in `events`

    def clean_justification(self, text: str) -> str:
        text = (text or "").strip()
        if not text:
            raise ActionError(self.explain, "justification")
        if len(text) > TEXT_MAX:
            raise ActionError(_("The justification is too long."), "justification")
        return text

    def request(self, *, actor, justification: str, scope: dict, fields: dict | None = None):
        """A new request from `actor` for what `scope` names; the caller checked the asker's
        right to ask and cleaned the justification (clean_justification)."""
        waiting = self.model.objects.filter(**scope, status=REQUESTED, **{self.requester: actor})
        if waiting.exists():
            raise ActionError(self.already_waiting)
        with transaction.atomic():
            # Sealed once the row has its id, which the ciphertext is bound to; the empty
            # placeholder never outlives this transaction.
            request = self.model.objects.create(
                **scope, **(fields or {}), **{self.requester: actor}, justification_sealed=b""
            )
            request.justification_sealed = self.seal(request, "justification", justification)
            request.save(update_fields=["justification_sealed"])
            self._record("request", request, actor)
        return request

    def decide(self, request, *, actor, approve: bool, note: str = "", now=None):
        if not permissions.is_custodian(actor):
            raise PermissionDenied
        if not permissions.sees_unit(actor, self.unit_id(request)):
            raise PermissionDenied
        if getattr(request, f"{self.requester}_id") == actor.pk:
            raise ActionError(_("Nobody may decide on their own request."))
        note = (note or "").strip()
        if len(note) > TEXT_MAX:
            raise ActionError(_("The note is too long."), "note")
        if not approve and not note:
            raise ActionError(_("Say why the request is denied."), "note")
        with transaction.atomic():
            updated = self.model.objects.filter(pk=request.pk, status=REQUESTED).update(
                status=APPROVED if approve else DENIED,
                decided_by=actor,
                decided_at=now or timezone.now(),
                decision_note_sealed=self.seal(request, "note", note),
            )
            if not updated:
                raise ActionError(_("This request has already been decided."))
            self._record("approve" if approve else "deny", request, actor)
        request.refresh_from_db()
        return request

    def check_opening(self, approval, *, actor, fresh: bool) -> None:
        """PermissionDenied unless `actor` asked for `approval`, a custodian approved it, and a
        second factor was entered in the last minutes (accounts.sudo)."""
        if not fresh or approval is None or approval.status != APPROVED:
            raise PermissionDenied
        if getattr(approval, f"{self.requester}_id") != actor.pk:
            raise PermissionDenied

    def record_opening(self, approval, *, actor, fresh: bool) -> None:
        """Let `actor` open what `approval` covers (check_opening), writing the audit event
        before the caller opens anything."""
        self.check_opening(approval, actor=actor, fresh=fresh)
        with transaction.atomic():
            self._record("open", approval, actor)

    def _record(self, step: str, request, actor) -> None:
        target_type, target_id, details = self.audit(request, step)
        record(
            self.events.format(self.opening if step == "open" else step),
            actor=actor,
            target_type=target_type,
            target_id=target_id,
            details=details,
        )
