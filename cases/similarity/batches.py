"""Batch versions of the indexers, for backfills and key rotation: a few queries per batch of
reports instead of a few per report. Each function commits its batch as one transaction."""

from collections import Counter, defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from cases.search.backend import store_many
from cases.search.tokens import blind_terms_many, key_fingerprint
from cases.similarity import signature
from cases.similarity.indexing import CANDIDATE_LIMIT
from cases.similarity.models import Band, Signature, SimilarPair
from cases.similarity.text import open_text, open_texts, record_opened
from core.crypto import current_keyring
from intake.models import Message, Report

IN_CHUNK = 900  # SQLite's default cap on query parameters is 999


def _chunks(items: list, size: int = IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _reports(ids: list):
    return (
        Report.objects.filter(pk__in=ids)
        .select_related("category")
        .prefetch_related("category__fields", Prefetch("messages", Message.objects.all()))
    )


def sign(ids: list) -> int:
    """Pass 1: signatures and band keys under the current similarity key."""
    key_fp = signature.key_fingerprint()
    now = timezone.now()
    signatures, bands = [], []
    for report in _reports(ids):
        text = open_text(report)
        minhash = signature.minhash(text.text)
        signatures.append(
            Signature(
                report_id=report.pk,
                minhash=minhash,
                key_fp=key_fp,
                computed_at=now,
                messages_upto=text.messages_upto,
            )
        )
        if minhash is not None:
            bands += [(report.pk, k) for k in signature.band_keys(minhash)]
    with transaction.atomic():
        for chunk in _chunks(ids):
            Band.objects.filter(report_id__in=chunk).delete()
            Signature.objects.filter(report_id__in=chunk).delete()
        Signature.objects.bulk_create(signatures, batch_size=500)
        _insert_bands(bands)
        record_opened([s.report_id for s in signatures], "rebuild_similarity")
    return len(signatures)


def _insert_bands(bands: list[tuple]) -> None:
    """~42 rows per report: on PostgreSQL one INSERT from two arrays, not 42 model objects."""
    if connection.vendor != "postgresql":
        Band.objects.bulk_create([Band(report_id=r, key=k) for r, k in bands], batch_size=2000)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Band._meta.db_table} (report_id, key) "  # noqa: S608 - our table
            "SELECT unnest(%s::uuid[]), unnest(%s::bigint[])",
            [[r for r, _k in bands], [k for _r, k in bands]],
        )


def _band_owners(keys: list[int]) -> dict[int, list]:
    owners = defaultdict(list)
    for chunk in _chunks(keys):
        for report_id, key in Band.objects.filter(key__in=chunk).values_list("report_id", "key"):
            owners[key].append(report_id)
    return owners


def pair(ids: list) -> int:
    """Pass 2: near-duplicates of each report, once every signature exists."""
    threshold = settings.TIPLINE_SIMILARITY_THRESHOLD
    key_fp = signature.key_fingerprint()
    mine = dict(
        Signature.objects.filter(report_id__in=ids, minhash__isnull=False).values_list(
            "report_id", "minhash"
        )
    )
    keys_of = {rid: signature.band_keys(bytes(mh)) for rid, mh in mine.items()}
    owners = _band_owners(sorted({k for keys in keys_of.values() for k in keys}))
    wanted = {}
    for rid, keys in keys_of.items():
        hits = Counter(other for k in keys for other in owners[k])
        hits.pop(rid, None)  # itself: cheaper than comparing every owner's UUID with it
        wanted[rid] = [other for other, _n in hits.most_common(CANDIDATE_LIMIT)]
    others = {}
    for chunk in _chunks(sorted({o for found in wanted.values() for o in found}, key=str)):
        rows = Signature.objects.filter(report_id__in=chunk, key_fp=key_fp, minhash__isnull=False)
        others.update((rid, bytes(mh)) for rid, mh in rows.values_list("report_id", "minhash"))
    pairs = []
    for rid, found in wanted.items():
        known = [other for other in found if other in others]
        scores = signature.similarities(bytes(mine[rid]), [others[o] for o in known])
        pairs += [
            SimilarPair(report_id=rid, other_id=other, similarity=score)
            for other, score in zip(known, scores, strict=True)
            if score >= threshold
        ]
    with transaction.atomic():
        for chunk in _chunks(ids):
            SimilarPair.objects.filter(report_id__in=chunk).delete()
            Signature.objects.filter(report_id__in=chunk).update(paired_at=timezone.now())
        SimilarPair.objects.bulk_create(pairs, batch_size=2000, ignore_conflicts=True)
    return len(ids)


def index_search(ids: list) -> int:
    """The blind index, under the current search key: texts opened from the batch's columns
    only, and each distinct token hashed once per batch (see tokens.blind_terms_many)."""
    key = current_keyring().search
    texts = open_texts(ids)
    terms = blind_terms_many([text.text for text in texts.values()], key)
    rows = list(zip(texts, terms, strict=True))
    with transaction.atomic():
        store_many(rows, key_fingerprint(key))
        record_opened(list(texts), "rebuild_search_index")
    return len(ids)
