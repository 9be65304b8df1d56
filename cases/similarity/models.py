"""What near-duplicate detection stores: keyed MinHash signatures, their LSH band keys, and the
pairs found. Nothing here is plaintext or an unkeyed hash of it (see signature.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ActiveQuerySet
from intake.models import Report


class Signature(models.Model):
    """A report's MinHash; empty when the report has too little text to compare."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, primary_key=True, related_name="similarity_signature"
    )
    minhash = models.BinaryField(null=True)
    key_fp = models.CharField(max_length=8, db_index=True)  # which similarity key made it
    computed_at = models.DateTimeField(default=timezone.now)
    # The newest reporter message included, so a later message triggers a recomputation.
    messages_upto = models.DateTimeField(null=True, blank=True)
    # When its near-duplicates were last looked up (a rebuild's second pass, see rebuild.py).
    paired_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"signature of {self.report_id}"


class Band(models.Model):
    """One LSH band key of a report: candidates are reports sharing any key (equality lookup)."""

    id = models.BigAutoField(primary_key=True)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"band of {self.report_id}"


class SimilarPairQuerySet(models.QuerySet):
    def above(self, threshold: float):
        return self.filter(similarity__gte=threshold)


class SimilarPair(models.Model):
    """Two reports found similar; stored in both directions so each side is one indexed read."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="similar_pairs")
    other = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    found_at = models.DateTimeField(default=timezone.now)

    objects = SimilarPairQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "other"], name="similar_pair_once")
        ]
        indexes = [models.Index(fields=["report", "-similarity"], name="similar_pair_best")]

    def __str__(self) -> str:
        return f"{self.report_id} ~ {self.other_id} ({self.similarity:.2f})"


class Flood(models.Model):
    """A burst of near-duplicates (TIPLINE_FLOOD_SIZE within TIPLINE_FLOOD_WINDOW_SECONDS),
    shown once per unit in the triage queue and handled in one action."""

    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"flood {self.pk}"


class FloodMember(models.Model):
    flood = models.ForeignKey(Flood, on_delete=models.CASCADE, related_name="members")
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="flood_membership")
    added_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["report__created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} in flood {self.flood_id}"


class HintRule(models.Model):
    """An administrator's rule: reports of a category mentioning these acts or threats should
    probably get this priority. Only a suggestion: a human triages."""

    category = models.ForeignKey(
        "intake.Category", on_delete=models.CASCADE, related_name="hint_rules"
    )
    name = models.CharField(max_length=120)
    terms_zh = models.TextField(blank=True, help_text=_("Chinese terms, one per line."))
    terms_en = models.TextField(blank=True, help_text=_("English terms, one per line."))
    pattern = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Optional RE2 pattern (linear time), matched on the normalised text."),
    )
    priority = models.PositiveSmallIntegerField(choices=Report._meta.get_field("priority").choices)
    reason_zh = models.CharField(max_length=300)
    reason_en = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["category", "priority", "id"]

    def __str__(self) -> str:
        return f"{self.name} → P{self.priority}"

    def clean(self):
        from cases.similarity.hints import PatternError, compiled

        if self.pattern:
            try:
                compiled(self.pattern)
            except PatternError as exc:
                raise ValidationError({"pattern": str(exc)}) from None


class PriorityHint(models.Model):
    """The suggestion a rule made for a report: which rule and what priority, nothing more."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="priority_hint")
    rule = models.ForeignKey(HintRule, null=True, on_delete=models.SET_NULL, related_name="+")
    priority = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"P{self.priority} hint on {self.report_id}"


class RebuildState(models.Model):
    """A backfill in progress (rebuild_similarity, rebuild_search_index): rows older than
    `started_at` are still to do, so an interrupted run resumes where it stopped."""

    name = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} rebuild from {self.started_at:%Y-%m-%d %H:%M}"
