"""What near-duplicate detection stores: keyed MinHash signatures, their LSH band keys, and the
pairs found. Nothing here is plaintext or an unkeyed hash of it (see signature.py)."""

from django.db import models
from django.utils import timezone

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
