"""Triage, routing and case work on reports.

The link from a report to its case lives here (CaseReport), not on the report: intake knows
nothing of cases. Everything staff write about a case's substance (notes, public outcome) is
sealed with the case's own data key, as reports are with theirs.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, Unit, UnitScopedQuerySet
from intake.models import Category, DeadlineKind, Report

# Crockford-style alphabet without look-alikes (0/O, 1/I/L, U), easy to read over the phone.
CASE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CASE_SUFFIX_LENGTH = 6


def new_case_number(year: int) -> str:
    """Random, so concurrent creators never race for "the next" number; 30^6 per year."""
    suffix = "".join(secrets.choice(CASE_ALPHABET) for _ in range(CASE_SUFFIX_LENGTH))
    return f"TL-{year}-{suffix}"


def region_chain(region_code: str | None) -> list[str]:
    """The region and its ancestors, nearest first (a city, then its province)."""
    chain: list[str] = []
    code = region_code
    while code and code not in chain:
        chain.append(code)
        code = Region.objects.filter(code=code).values_list("parent_id", flat=True).first()
    return chain


def _rule_rank(rule: "RoutingRule", chain: list[str]) -> tuple[int, int, int, int]:
    # category+region beats region alone beats category alone; a nearer region beats a farther.
    if rule.category_id and rule.region_id:
        kind = 0
    elif rule.region_id:
        kind = 1
    else:
        kind = 2
    depth = chain.index(rule.region_id) if rule.region_id else len(chain)
    return kind, depth, rule.position, rule.id


def _unit_bound_to(chain: list[str]) -> Unit | None:
    """The unit bound to the nearest region of the chain (the deepest unit if several are)."""
    bound = list(Unit.objects.filter(regions__code__in=chain).values_list("id", "path", "regions"))
    if not bound:
        return None
    unit_id, _path, _code = min(bound, key=lambda row: (chain.index(row[2]), -len(row[1])))
    return Unit.objects.get(pk=unit_id)


class RoutingRuleQuerySet(models.QuerySet):
    def best_match(self, category_id: int, chain: list[str]) -> "RoutingRule | None":
        """The most specific active rule for a category and a region chain (see _rule_rank)."""
        rules = self.filter(
            Q(category_id=category_id) | Q(category__isnull=True),
            Q(region_id__in=chain) | Q(region__isnull=True),
            active=True,
        ).select_related("unit")
        return min(rules, key=lambda rule: _rule_rank(rule, chain), default=None)

    def destination(self, report: Report) -> Unit | None:
        """Which unit a report goes to. Never nowhere: the national HQ catches what nothing else
        does (None only while no unit exists at all)."""
        chain = region_chain(report.region_id)
        rule = self.best_match(report.category_id, chain)
        if rule is not None:
            return rule.unit
        return _unit_bound_to(chain) or Unit.objects.national().order_by("id").first()


class RoutingRule(models.Model):
    """Category × region → unit. A report's region matches a rule's region or any ancestor's."""

    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="routing_rules")
    position = models.PositiveIntegerField(
        default=0, help_text=_("Among equally specific rules, the lowest position wins.")
    )
    active = models.BooleanField(default=True)

    objects = RoutingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=False) | Q(region__isnull=False),
                name="routing_rule_matches_something",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} × {self.region or '*'} → {self.unit}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


# The workflow: forward steps, back from referral to investigation, and closing from anywhere.
TRANSITIONS = {
    CaseStatus.OPEN: {CaseStatus.UNDER_INVESTIGATION, CaseStatus.CLOSED},
    CaseStatus.UNDER_INVESTIGATION: {CaseStatus.REFERRED, CaseStatus.CLOSED},
    CaseStatus.REFERRED: {CaseStatus.UNDER_INVESTIGATION, CaseStatus.CLOSED},
    CaseStatus.CLOSED: set(),
}


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Unsubstantiated")
    FALSE = "false", _("False")
    MALICIOUS = "malicious", _("Malicious")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


BARRING_OUTCOMES = frozenset({Outcome.FALSE, Outcome.MALICIOUS})


class CaseQuerySet(UnitScopedQuerySet):
    def open(self):
        return self.exclude(status=CaseStatus.CLOSED)

    def matching(self, *, status: str | None = None, assigned_to=None):
        """The case list's filters: a status, cases assigned to a user."""
        queryset = self
        if status:
            queryset = queryset.filter(status=status)
        if assigned_to is not None:
            queryset = queryset.filter(assigned=assigned_to)
        return queryset


class Case(models.Model):
    number = models.CharField(max_length=20, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    # The text the reporter sees; sealed again into each report for the follow-up mailbox.
    outcome_sealed = models.BinaryField(null=True, blank=True)
    reward_barred = models.BooleanField(default=False)
    assigned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    key_id = models.CharField(max_length=40)
    wrapped_key = models.BinaryField()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["unit", "status"], name="case_unit_status")]

    def __str__(self) -> str:
        return self.number

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[CaseStatus(self.status)]


class CaseReport(models.Model):
    """A report belongs to at most one case; a case links one or more reports."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="case_link")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} in {self.case_id}"


class CaseNote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    body_sealed = models.BinaryField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.id} on {self.case_id}"


class TriageDecision(models.Model):
    """What triage decided about a report and why (the reason sealed with the report's key)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="triage_decisions")
    decision = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    reason_sealed = models.BinaryField(null=True, blank=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL)
    duplicate_of = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return f"{self.decision} on {self.report_id}"


class EscalationQuerySet(UnitScopedQuerySet):
    def active(self):
        return self.filter(dismissed_at__isnull=True)


class Escalation(models.Model):
    """A deadline breach, raised once, shown to the unit's supervisors until dismissed."""

    kind = models.CharField(max_length=10, choices=DeadlineKind.choices)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="escalations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="escalations")
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="escalation_once_per_breach")
        ]

    def __str__(self) -> str:
        return f"{self.kind} overdue on {self.report_id}"


class IdentityRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")


class IdentityRequestQuerySet(UnitScopedQuerySet):
    unit_field = "case__unit"


class IdentityRequest(models.Model):
    """An analyst asks to learn who reported; a custodian decides. Never holds the identity.

    The justification and the custodian's note are sealed with the case's key (cases.vault).
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="identity_requests")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_requests")
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="identity_requests"
    )
    justification_sealed = models.BinaryField()
    status = models.CharField(
        max_length=10,
        choices=IdentityRequestStatus.choices,
        default=IdentityRequestStatus.REQUESTED,
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note_sealed = models.BinaryField(null=True, blank=True)

    objects = IdentityRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"identity request {self.pk} ({self.status})"


class RetentionStat(models.Model):
    """What survives a purge: how many reports of a category and outcome arrived in a month."""

    month = models.DateField(help_text=_("First day of the month the reports arrived in."))
    category = models.CharField(max_length=50, help_text=_("Category slug."))
    outcome = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "category", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "category", "outcome"], name="retention_stat_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.category} {self.outcome}: {self.count}"
