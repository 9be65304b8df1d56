"""What a reporter gives us.

Everything a reporter typed or uploaded is stored only sealed with the report's data key (see
core.crypto); the columns in the clear are what routing and deadlines need."""

import uuid
from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ActiveQuerySet, LocalisedName, Region, UnitScopedQuerySet, localised
from core import references
from intake.choices import CHANNEL_LABELS as CHANNEL_LABELS
from intake.choices import Priority as Priority
from intake.choices import ReporterKind as ReporterKind
from intake.choices import ReportStatus as ReportStatus
from intake.choices import TriageState as TriageState
from intake.choices import channel_label as channel_label

# The partner channel's tables live with that channel (intake/partners/); imported here, the app's
# models module, so Django registers them with intake.
from intake.partners.models import Campaign as Campaign
from intake.partners.models import IdempotencyRecord as IdempotencyRecord
from intake.partners.models import Partner as Partner
from intake.partners.models import PartnerKey as PartnerKey


class Category(LocalisedName, models.Model):
    slug = models.SlugField(unique=True)
    name_zh = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    # Deadlines the agency commits to (whistleblowing laws ask for acknowledgement and feedback
    # within fixed periods); the cases app stamps them on each report when it is routed.
    ack_within = models.DurationField(default=timedelta(days=7))
    triage_within = models.DurationField(default=timedelta(hours=24))
    triage_within_p1 = models.DurationField(default=timedelta(hours=1))
    feedback_within = models.DurationField(default=timedelta(days=90))
    auto_acknowledge = models.BooleanField(
        default=False, help_text=_("Send the acknowledgement message as soon as a report arrives.")
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name_zh

    @property
    def description(self) -> str:
        return localised(self, "description")


class FieldType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    DATE = "date", _("Date")
    REGION = "region", _("Region")
    YES_NO = "yes_no", _("Yes / no")


class Field(models.Model):
    """One question of a category's questionnaire."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(max_length=50, help_text=_("Stable machine name, used by the API."))
    type = models.CharField(max_length=20, choices=FieldType.choices)
    label_zh = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200, blank=True)
    help_zh = models.CharField(max_length=300, blank=True)
    help_en = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    choices_text = models.TextField(
        blank=True,
        help_text=_("For choice fields, one choice per line: value | 中文 | English"),
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "key"], name="field_key_unique")]

    def __str__(self) -> str:
        return f"{self.category.slug}.{self.key}"

    @property
    def label(self) -> str:
        return localised(self, "label")

    @property
    def help(self) -> str:
        return localised(self, "help")

    def parsed_choices(self) -> list[tuple[str, str, str]]:
        """[(value, zh, en)] from `choices_text`; a line without labels uses the value."""
        parsed = []
        for line in self.choices_text.splitlines():
            parts = [part.strip() for part in line.split("|")]
            if not parts[0]:
                continue
            zh = parts[1] if len(parts) > 1 and parts[1] else parts[0]
            en = parts[2] if len(parts) > 2 and parts[2] else zh
            parsed.append((parts[0], zh, en))
        return parsed


class DeadlineKind(models.TextChoices):
    """The deadlines stamped on a report when it is routed (by the cases app, from its category)."""

    ACK = "ack", _("Acknowledgement overdue")
    TRIAGE = "triage", _("Triage overdue")
    FEEDBACK = "feedback", _("Feedback overdue")


DEADLINE_COLUMN = {
    DeadlineKind.ACK: "ack_due_at",
    DeadlineKind.TRIAGE: "triage_due_at",
    DeadlineKind.FEEDBACK: "feedback_due_at",
}


def missed_deadlines(now) -> dict[str, Q]:
    """Per kind, the reports whose deadline has passed unmet. Spam needs no acknowledgement, and
    feedback is owed only on reports still awaiting triage or accepted into a case."""
    return {
        DeadlineKind.ACK: Q(acknowledged_at__isnull=True, ack_due_at__lt=now)
        & ~Q(triage_state=TriageState.SPAM),
        DeadlineKind.TRIAGE: Q(triage_state=TriageState.NEW, triage_due_at__lt=now),
        DeadlineKind.FEEDBACK: Q(
            feedback_at__isnull=True,
            feedback_due_at__lt=now,
            triage_state__in=[TriageState.NEW, TriageState.ACCEPTED],
        ),
    }


class ReportQuerySet(UnitScopedQuerySet):
    """Reads of reports for the staff side; `visible_to(user)` scopes to the user's units."""

    def by_handle(self, handle):
        """The report a staff member named, by its id (UUID) or its reference, in any case."""
        try:
            return self.filter(pk=uuid.UUID(str(handle)))
        except ValueError:
            reference = references.normalize(handle)
            return self.filter(reference=reference) if reference else self.none()

    def awaiting_triage(self):
        return self.filter(triage_state=TriageState.NEW)

    def in_region(self, code: str):
        """A region and everything under it (the hierarchy is at most province → city → county)."""
        return self.filter(
            Q(region_id=code) | Q(region__parent_id=code) | Q(region__parent__parent_id=code)
        )

    def matching(self, *, category: str | None = None, region: str | None = None, priority=None):
        """The staff lists' filters: a category slug, a region code (and below), a priority."""
        queryset = self
        if category:
            queryset = queryset.filter(category__slug=category)
        if region:
            queryset = queryset.in_region(region)
        if priority:
            queryset = queryset.filter(priority=priority)
        return queryset

    def most_urgent_first(self):
        """Highest priority (P1) first, then oldest first."""
        return self.order_by("priority", "created_at", "id")

    def triage_queue(
        self, *, category=None, region=None, priority=None, overdue_only=False, now=None
    ):
        """Reports awaiting triage with the staff lists' filters, most urgent first."""
        queryset = self.awaiting_triage().matching(
            category=category, region=region, priority=priority
        )
        if overdue_only:
            queryset = queryset.overdue(now, kind=DeadlineKind.TRIAGE)
        return queryset.select_related("category", "region", "unit").most_urgent_first()

    def overdue(self, now=None, kind: str | None = None):
        """Reports with a deadline passed and not met (of one kind, or of any)."""
        conditions = missed_deadlines(now or timezone.now())
        return self.filter(conditions[kind] if kind else reduce(or_, conditions.values()))


class Report(models.Model):
    # Random ids: nothing about a report's number tells how many others exist or when it came.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # What staff read out and type ("K7QM-2XHD"): random too, and no way in for a reporter.
    reference = models.CharField(
        max_length=references.LENGTH, unique=True, default=references.new_reference, editable=False
    )
    receipt_hash = models.BinaryField(max_length=32, unique=True)
    channel = models.CharField(max_length=60, default="web")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    language = models.CharField(max_length=10, default="zh-hans")
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    key_id = models.CharField(max_length=40)
    wrapped_key = models.BinaryField()
    answers_sealed = models.BinaryField()
    outcome_sealed = models.BinaryField(null=True, blank=True)
    has_identity = models.BooleanField(default=False)

    # Staff-side state, written only by the cases app after the report has committed (the public
    # submission stays one INSERT). No unit yet means "not routed": the national queue sees it.
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.P3)
    triage_state = models.CharField(
        max_length=12, choices=TriageState.choices, default=TriageState.NEW
    )
    routed_at = models.DateTimeField(null=True, blank=True)
    ack_due_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    triage_due_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    feedback_due_at = models.DateTimeField(null=True, blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    # Knowingly false or malicious: the rewards app must never pay for this report.
    reward_barred = models.BooleanField(default=False)
    # Staff-taken channels (hotline, letter, visit): who recorded it. Shown to staff only.
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The telephony system's call reference, sealed: it could lead back to the caller's number.
    call_reference_sealed = models.BinaryField(null=True, blank=True)
    # Oral reports: when the call-taker read the record back and the reporter confirmed it.
    read_back_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Letters and visits: the reporter did not want a receipt (nothing to follow up with).
    receipt_declined = models.BooleanField(default=False)
    # Who reported: a person, or an organisation (its name, type and contact are in the vault).
    reporter_kind = models.CharField(
        max_length=12, choices=ReporterKind.choices, default=ReporterKind.PERSON
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"], name="report_status_created"),
            models.Index(
                fields=["triage_state", "priority", "created_at"], name="report_triage_queue"
            ),
            models.Index(
                fields=["unit", "triage_state", "priority", "created_at"],
                name="report_unit_triage_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.id}"

    @property
    def channel_label(self) -> str:
        return channel_label(self.channel)

    @property
    def grouped_reference(self) -> str:
        return references.grouped(self.reference)

    def overdue_kinds(self, now=None) -> list[str]:
        """Which deadlines this report has missed (no query: read from its own columns)."""
        now = now or timezone.now()
        kinds: list[str] = []
        acknowledged = self.acknowledged_at is not None or self.triage_state == TriageState.SPAM
        if not acknowledged and self.ack_due_at and self.ack_due_at < now:
            kinds.append(DeadlineKind.ACK)
        if self.triage_state == TriageState.NEW and self.triage_due_at and self.triage_due_at < now:
            kinds.append(DeadlineKind.TRIAGE)
        feedback_owed = self.triage_state in (TriageState.NEW, TriageState.ACCEPTED)
        if (
            feedback_owed
            and self.feedback_at is None
            and self.feedback_due_at
            and self.feedback_due_at < now
        ):
            kinds.append(DeadlineKind.FEEDBACK)
        return kinds


class ReporterIdentity(models.Model):
    """Who the reporter is, if they chose to say: sealed under the separate identity key."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="identity")
    key_id = models.CharField(max_length=40)
    wrapped_key = models.BinaryField()
    sealed = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"identity of {self.report_id}"


class MessageAuthor(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    AGENCY = "agency", _("Agency")


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=MessageAuthor.choices)
    body_sealed = models.BinaryField()
    sent_at = models.DateTimeField(default=timezone.now)
    # A reporter's words taken down by a call-taker on a follow-up call (operator-relayed).
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"message {self.id} on {self.report_id}"


class Attachment(models.Model):
    """A file a reporter gave. Both copies (sanitised, sealed original) live in the attachment
    store encrypted with the report's data key; `report` is empty while a web draft is staged."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    kind = models.CharField(max_length=10)
    clean_mime = models.CharField(max_length=80)
    original_mime = models.CharField(max_length=80)
    clean_size = models.PositiveIntegerField()
    original_size = models.PositiveIntegerField()
    name_sealed = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"attachment {self.id}"
