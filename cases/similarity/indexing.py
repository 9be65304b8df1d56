"""Signing a report and finding its near-duplicates (run by the background sweep, never on the
submission path)."""

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from cases.similarity import bulk, signature
from cases.similarity.models import Band, Signature, SimilarPair
from intake.models import Report

# Candidates sharing the most bands first; a true near-duplicate shares many, so a cap keeps a
# lookup bounded when a topic is everywhere.
CANDIDATE_LIMIT = 200


def candidates(report_id, keys: list[int]) -> list:
    """Reports sharing a band key with these, most shared keys first; keys held by more than
    TIPLINE_SIMILARITY_BAND_CAP reports are left out (bulk.owners says why)."""
    cap = settings.TIPLINE_SIMILARITY_BAND_CAP
    if connection.vendor == "postgresql":
        return bulk.candidates(report_id, keys, cap, CANDIDATE_LIMIT)
    popular = (
        Band.objects.filter(key__in=keys)
        .values("key")
        .annotate(held=Count("id"))
        .filter(held__gt=cap)
        .values_list("key", flat=True)
    )
    rows = (
        Band.objects.filter(key__in=set(keys) - set(popular))
        .exclude(report_id=report_id)
        .values("report_id")
        .annotate(hits=Count("id"))
        .order_by("-hits")[:CANDIDATE_LIMIT]
    )
    return [row["report_id"] for row in rows]


def similar_to(report_id, minhash: bytes, key_fp: str) -> list[tuple[object, float]]:
    """[(other report id, estimated Jaccard)] at or above the threshold, most similar first."""
    found = candidates(report_id, signature.band_keys(minhash))
    threshold = settings.TIPLINE_SIMILARITY_THRESHOLD
    rows = Signature.objects.filter(report_id__in=found, key_fp=key_fp, minhash__isnull=False)
    ids, others = [], []
    for other_id, other in rows.values_list("report_id", "minhash"):
        ids.append(other_id)
        others.append(bytes(other))
    scores = signature.similarities(minhash, others)
    scored = [(i, score) for i, score in zip(ids, scores, strict=True) if score >= threshold]
    return sorted(scored, key=lambda pair: -pair[1])


def store_signature(report: Report, text: str, messages_upto=None, key: bytes | None = None):
    """Replace the report's signature, bands and pairs; returns the pairs found."""
    minhash = signature.minhash(text, key)
    key_fp = signature.key_fingerprint(key)
    now = timezone.now()
    with transaction.atomic():
        Band.objects.filter(report_id=report.pk).delete()
        SimilarPair.objects.filter(report_id=report.pk).delete()
        SimilarPair.objects.filter(other_id=report.pk).delete()
        Signature.objects.update_or_create(
            report_id=report.pk,
            defaults={
                "minhash": minhash,
                "key_fp": key_fp,
                "computed_at": now,
                "messages_upto": messages_upto,
                "paired_at": now,
            },
        )
        if minhash is None:
            return []
        Band.objects.bulk_create(
            Band(report_id=report.pk, key=key) for key in signature.band_keys(minhash)
        )
        found = similar_to(report.pk, minhash, key_fp)
        SimilarPair.objects.bulk_create(
            [
                pair
                for other_id, score in found
                for pair in (
                    SimilarPair(report_id=report.pk, other_id=other_id, similarity=score),
                    SimilarPair(report_id=other_id, other_id=report.pk, similarity=score),
                )
            ],
            ignore_conflicts=True,
        )
    return found
