"""Batch versions of the indexers, for backfills and key rotation: a few queries per batch of
reports instead of a few per report. Each function commits its batch as one transaction."""

import numpy
from django.db import connection, transaction
from django.utils import timezone

from cases.search.backend import store_many
from cases.search.tokens import blind_terms_many, key_fingerprint
from cases.similarity import bulk, signature
from cases.similarity.models import Band, Signature
from cases.similarity.text import open_texts, record_opened
from core.crypto import current_keyring

IN_CHUNK = 900  # SQLite's default cap on query parameters is 999


def _chunks(items: list, size: int = IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sign(ids: list) -> int:
    """Pass 1: signatures and band keys under the current similarity key, from the batch's
    columns only (text.open_texts; on PostgreSQL the band table was emptied when the run began
    and is written without per-row checks: see bulk.py)."""
    key_fp = signature.key_fingerprint()
    now = timezone.now()
    texts = open_texts(ids)
    minhashes = signature.minhashes([text.text for text in texts.values()])
    rows = [
        (report_id, minhash, key_fp, now, text.messages_upto)
        for (report_id, text), minhash in zip(texts.items(), minhashes, strict=True)
    ]
    signed = [row[0] for row in rows if row[1] is not None]
    matrix = numpy.frombuffer(b"".join(row[1] for row in rows if row[1] is not None), "<u4")
    keys = signature.band_keys_matrix(matrix.reshape(len(signed), signature.NUM_PERM))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            bulk.replace_signatures(rows)
            bulk.copy_bands(signed, keys)
        else:
            _replace_with_orm(rows, signed, keys)
        record_opened([row[0] for row in rows], "rebuild_similarity")
    return len(ids)


def _replace_with_orm(rows: list[tuple], signed: list, keys) -> None:
    ids = [row[0] for row in rows]
    for chunk in _chunks(ids):
        Band.objects.filter(report_id__in=chunk).delete()
        Signature.objects.filter(report_id__in=chunk).delete()
    Signature.objects.bulk_create(
        [
            Signature(report_id=r, minhash=m, key_fp=fp, computed_at=at, messages_upto=upto)
            for r, m, fp, at, upto in rows
        ],
        batch_size=500,
    )
    Band.objects.bulk_create(
        [
            Band(report_id=r, key=k)
            for r, row in zip(signed, keys.tolist(), strict=True)
            for k in row
        ],
        batch_size=2000,
    )


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
