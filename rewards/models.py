"""Commendation and rewards: the policy (tiers), awards proposed on closed cases, each reporter's
share of an award, the approvals, and the append-only payment ledger.

An award belongs to a case; each reporter it recognises has a share, which is what that reporter
sees and claims in follow-up. Links to the case and reports are SET_NULL so an award (and its
ledger) outlives the retention purge of what it was for; the case number is kept as text.
"""

import hashlib
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    ActiveQuerySet,
    LocalisedName,
    Region,
    Unit,
    UnitScopedQuerySet,
)
from cases.models import Case
from intake.models import Report


class TierKind(models.TextChoices):
    MONEY = "money", _("Monetary reward")
    LETTER = "letter", _("Letter of commendation")
    CERTIFICATE = "certificate", _("Certificate of commendation")


class Tier(LocalisedName, models.Model):
    """A band of the reward scheme, set by administrators. Non-monetary tiers have no amounts."""

    code = models.SlugField(unique=True)
    name_zh = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=12, choices=TierKind.choices, default=TierKind.MONEY)
    min_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    max_amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no upper limit."),
    )
    currency = models.CharField(max_length=3, default="CNY")
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def is_monetary(self) -> bool:
        return self.kind == TierKind.MONEY

    def admits(self, amount: Decimal | None) -> bool:
        if not self.is_monetary:
            return amount is None
        if amount is None or amount <= 0:
            return False
        if self.min_amount is not None and amount < self.min_amount:
            return False
        return self.max_amount is None or amount <= self.max_amount


def needs_hq_approval(amount: Decimal | None) -> bool:
    return amount is not None and amount > Decimal(settings.TIPLINE_REWARD_HQ_APPROVAL_ABOVE)


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AWAITING_HQ = "awaiting_hq", _("Awaiting headquarters' approval")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class AwardQuerySet(UnitScopedQuerySet):
    def awaiting_decision(self):
        return self.filter(status__in=[AwardStatus.PROPOSED, AwardStatus.AWAITING_HQ])


class Award(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, null=True, on_delete=models.SET_NULL, related_name="awards")
    case_number = models.CharField(max_length=20)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="awards")
    # For statistics by region: the first reporter's region, kept when the report is purged.
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="awards")
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="CNY")
    status = models.CharField(
        max_length=12, choices=AwardStatus.choices, default=AwardStatus.PROPOSED
    )
    # The checklist answers (no content: three yes/no answers); all must be yes to propose.
    checklist = models.JSONField(default=dict)
    # Sealed with the case key, like notes: why this reporter deserves this.
    justification_sealed = models.BinaryField()
    split_reason_sealed = models.BinaryField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "id"]

    def __str__(self) -> str:
        return f"award {self.id} on {self.case_number}"

    @property
    def is_monetary(self) -> bool:
        return self.amount is not None

    @property
    def needs_hq(self) -> bool:
        return needs_hq_approval(self.amount)


class ShareStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    OFFERED = "offered", _("Ready to claim")
    CLAIMED = "claimed", _("Claimed")
    PAID = "paid", _("Paid")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Not granted")


# A share in these states may still lead to a payment or commendation: keep its report.
OPEN_SHARE_STATES = (ShareStatus.PENDING, ShareStatus.OFFERED, ShareStatus.CLAIMED)


class ClaimMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    IN_PERSON = "in_person", _("Collect in person")
    COMMENDATION = "commendation", _("Accept the commendation")


class ShareQuerySet(models.QuerySet):
    def for_report(self, report):
        return self.filter(report=report).exclude(status=ShareStatus.PENDING)

    def due_for_expiry(self, now):
        return self.filter(status=ShareStatus.OFFERED, claim_by__lt=now)


class Share(models.Model):
    """One reporter's part of an award: what they see in follow-up and claim with the receipt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="shares")
    report = models.ForeignKey(
        Report, null=True, on_delete=models.SET_NULL, related_name="reward_shares"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    first_reporter = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ShareStatus.choices, default=ShareStatus.PENDING
    )
    claim_by = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=12, choices=ClaimMethod.choices, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # In-person collection: a one-time code shown once to the reporter, kept only as a hash.
    claim_code_hash = models.CharField(max_length=64, blank=True)
    # Bank or organisation payee details, sealed under the identity key (see rewards.vault).
    payee_key_id = models.CharField(max_length=40, blank=True)
    payee_wrapped_key = models.BinaryField(null=True, blank=True)
    payee_sealed = models.BinaryField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["award", "-first_reporter", "id"]

    def __str__(self) -> str:
        return f"share {self.id} ({self.status})"

    @property
    def reference(self) -> str:
        """What an anonymous commendation carries instead of a name: derived from the award and
        share ids, so it names neither the case nor the report."""
        digest = hashlib.sha256(f"{self.award_id}:{self.id}".encode()).hexdigest()
        return f"R-{digest[:10].upper()}"


class ApprovalDecision(models.TextChoices):
    APPROVE = "approve", _("Approved")
    ADJUST = "adjust", _("Approved with an adjusted amount")
    DENY = "deny", _("Denied")


class ApprovalLevel(models.TextChoices):
    UNIT = "unit", _("Reward officer")
    HQ = "hq", _("Headquarters")


class Approval(models.Model):
    """One reward officer's decision on an award (unit level, then headquarters for high tiers)."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="approvals")
    level = models.CharField(max_length=4, choices=ApprovalLevel.choices)
    decision = models.CharField(max_length=8, choices=ApprovalDecision.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)
    note_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.level} {self.decision} on {self.award_id}"


class PaymentQuerySet(UnitScopedQuerySet):
    unit_field = "share__award__unit"


class Payment(models.Model):
    """The ledger: one row per payment made, never changed or removed (a database trigger refuses
    UPDATE and DELETE on PostgreSQL, see migration 0002). A correction is a new entry."""

    share = models.ForeignKey(Share, on_delete=models.PROTECT, related_name="payments")
    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="CNY")
    method = models.CharField(max_length=12, choices=ClaimMethod.choices)
    reference = models.CharField(
        max_length=60, blank=True, help_text=_("Bank or voucher reference.")
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(default=timezone.now)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["paid_at", "id"]

    def __str__(self) -> str:
        return f"payment {self.pk} of {self.amount} {self.currency}"


class Certificate(models.Model):
    """A commendation certificate for a share. Looked up by the hash of its verification code;
    the code itself and the name (only with the reporter's consent) are sealed under the
    identity key, since a name here is an identity."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    share = models.OneToOneField(Share, on_delete=models.PROTECT, related_name="certificate")
    code_hash = models.CharField(max_length=64, unique=True)
    named = models.BooleanField(default=False)
    issued_at = models.DateTimeField(default=timezone.now)
    key_id = models.CharField(max_length=40)
    wrapped_key = models.BinaryField()
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"certificate {self.id}"


class ProtectionKind(models.TextChoices):
    PROTECTION = "protection", _("Protection")
    RETALIATION = "retaliation", _("Retaliation for reporting")


class ProtectionQuerySet(UnitScopedQuerySet):
    def overdue(self, now):
        return self.filter(acknowledged_at__isnull=True, ack_due_at__lt=now)


class ProtectionRequest(models.Model):
    """A reporter asks for protection or reports retaliation, through follow-up. What they wrote
    and the measures taken are sealed with the report's key; the unit's supervisors must
    acknowledge within TIPLINE_PROTECTION_ACK_HOURS or it is escalated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="protection")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=ProtectionKind.choices)
    body_sealed = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    ack_due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = ProtectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"protection {self.id}"

    @property
    def status(self) -> str:
        if self.measures.exists():
            return "measures_taken"
        return "acknowledged" if self.acknowledged_at else "received"


class ProtectionMeasure(models.Model):
    request = models.ForeignKey(
        ProtectionRequest, on_delete=models.CASCADE, related_name="measures"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    body_sealed = models.BinaryField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"measure on {self.request_id}"


class PayeeAccessStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class PayeeAccessQuerySet(UnitScopedQuerySet):
    def approved_for(self, user, share):
        return self.filter(share=share, payer=user, status=PayeeAccessStatus.APPROVED)


class PayeeAccessRequest(models.Model):
    """The payer asks to open a share's sealed payee details; a custodian decides (the identity
    custody flow of cases, for bank details). The payer's justification and the custodian's note
    are sealed under a data key of the row's own, so they outlive the case's purge."""

    share = models.ForeignKey(Share, on_delete=models.PROTECT, related_name="payee_requests")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=PayeeAccessStatus.choices, default=PayeeAccessStatus.REQUESTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    key_id = models.CharField(max_length=40)
    wrapped_key = models.BinaryField()
    justification_sealed = models.BinaryField()
    decision_note_sealed = models.BinaryField(null=True, blank=True)

    objects = PayeeAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"payee access {self.pk} ({self.status})"
