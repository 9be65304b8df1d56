"""The rebuild's near-duplicates pass (rebuild.py), over integer report numbers in numpy.

Once every signature exists, the pass reads the signature table once (one COPY on PostgreSQL)
into a snapshot shared by the worker processes (forked after it is loaded, so its arrays are
shared, not copied): each report's number is its rank by id, and the band keys held by at least
two reports and at most TIPLINE_SIMILARITY_BAND_CAP are sorted once with their holders' numbers.
A batch then finds its candidates by binary search in that array, counts the bands each pair
shares by sorting packed pair codes, ranks them with a second sort, and compares the signatures
of up to CANDIDATE_LIMIT candidates per report in numpy. The database sees a handful of
statements per batch (its own signatures; delete, COPY, insert and mark), where it used to look
up the holders of each of ~21,000 band keys per batch of 500 (docs/performance.md).

The pairs are the ones the live lookup (indexing.similar_to) finds: candidates are the reports
sharing a band key, keys held by more than the cap give none, the most shared bands first (ties
by report id, where the old code's order came from the index) and capped at CANDIDATE_LIMIT,
kept at or above the threshold. Band keys are computed from the signatures rather than read
from the band table: both come from signature.band_keys_matrix of the same signature.
"""

import itertools
import uuid
from dataclasses import dataclass

import numpy
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cases.similarity import bulk, signature
from cases.similarity.indexing import CANDIDATE_LIMIT
from cases.similarity.models import Signature, SimilarPair

CHUNK = 50_000  # reports per step when computing band keys (bounds the temporary arrays)
_BYTE_ONES = numpy.uint64(0x0101010101010101)  # times 8 bytes of 0/1: their sum in the top byte


@dataclass
class Snapshot:
    key_fp: str
    ids: numpy.ndarray  # (n,) S16 report ids (uuid bytes), sorted: a report's number is its rank
    minhashes: numpy.ndarray  # (n, NUM_PERM) uint32, row = report number (may be a strided view)
    keys: numpy.ndarray  # the band keys held by 2 ..= cap reports, sorted
    starts: numpy.ndarray  # (len(keys) + 1,): key i's holders are holders[starts[i]:starts[i+1]]
    holders: numpy.ndarray  # int32 report numbers


_snapshot: Snapshot | None = None


def _read_signatures(key_fp: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    if connection.vendor == "postgresql":
        return bulk.all_signatures(key_fp)
    rows = Signature.objects.filter(key_fp=key_fp, minhash__isnull=False)
    ids, minhashes = [], []
    for report_id, minhash in rows.values_list("report_id", "minhash").iterator(chunk_size=2000):
        ids.append(report_id.bytes)
        minhashes.append(bytes(minhash))
    return _as_arrays(ids, minhashes)


def _as_arrays(ids: list[bytes], minhashes: list[bytes]) -> tuple[numpy.ndarray, numpy.ndarray]:
    raw = numpy.frombuffer(b"".join(minhashes), dtype="<u4")
    return numpy.array(ids, dtype="S16"), raw.reshape(len(ids), signature.NUM_PERM)


def _shared_keys(minhashes: numpy.ndarray, cap: int):
    """(keys, starts, holders) of the keys held by 2 ..= cap reports: a key held once
    gives no candidate and a more popular one gives none by rule. Sorted one slice of the key
    space at a time (by its top 4 bits), so only the whole key array is held at once."""
    n = len(minhashes)
    flat = numpy.empty(n * signature.BANDS, dtype=numpy.int64)
    for start in range(0, n, CHUNK):
        rows = signature.band_keys_matrix(minhashes[start : start + CHUNK])
        flat[start * signature.BANDS : (start + len(rows)) * signature.BANDS] = rows.reshape(-1)
    top = flat >> 60  # signed, so slices in order give keys in order
    kept_keys, kept_held, kept_holders = [], [], []
    for part in range(-8, 8):
        where = numpy.flatnonzero(top == part)
        order = numpy.argsort(flat[where], kind="stable")
        keys, positions = flat[where][order], where[order]
        starts = numpy.flatnonzero(numpy.r_[True, keys[1:] != keys[:-1]])
        held = numpy.diff(numpy.r_[starts, len(keys)])
        shared = (held >= 2) & (held <= cap)
        kept_keys.append(keys[starts[shared]])
        kept_held.append(held[shared])
        keep = numpy.repeat(shared, held)
        kept_holders.append((positions[keep] // signature.BANDS).astype(numpy.int32))
    starts = numpy.r_[0, numpy.cumsum(numpy.concatenate(kept_held))]
    return numpy.concatenate(kept_keys), starts, numpy.concatenate(kept_holders)


def load(_fresh: bool = True) -> Snapshot:
    """Read every current signature and index its shared band keys (the pass's `before`)."""
    global _snapshot
    key_fp = signature.key_fingerprint()
    ids, minhashes = _read_signatures(key_fp)
    if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():
        order = numpy.argsort(ids, kind="stable")
        ids, minhashes = ids[order], minhashes[order]
    keys, starts, holders = _shared_keys(minhashes, settings.TIPLINE_SIMILARITY_BAND_CAP)
    _snapshot = Snapshot(key_fp, ids, minhashes, keys, starts, holders)
    return _snapshot


def forget() -> None:
    global _snapshot
    _snapshot = None


def _current() -> Snapshot:
    if _snapshot is None or _snapshot.key_fp != signature.key_fingerprint():
        return load()
    return _snapshot


def _numbers(snap: Snapshot, ids: numpy.ndarray) -> numpy.ndarray:
    """Each id's report number in the snapshot, or -1 (signed after it was taken)."""
    if not len(snap.ids):
        return numpy.full(len(ids), -1, dtype=numpy.int64)
    at = numpy.searchsorted(snap.ids, ids).clip(max=len(snap.ids) - 1)
    return numpy.where(snap.ids[at] == ids, at, -1)


def _rank_in_group(grouped: numpy.ndarray) -> numpy.ndarray:
    """Each element's position within its run of equal values (the array is grouped)."""
    starts = numpy.flatnonzero(numpy.r_[True, grouped[1:] != grouped[:-1]])
    sizes = numpy.diff(numpy.r_[starts, len(grouped)])
    return numpy.arange(len(grouped)) - numpy.repeat(starts, sizes)


def candidates(snap: Snapshot, mine: numpy.ndarray, numbers: numpy.ndarray):
    """(row in mine, other's number) grouped by row, at most CANDIDATE_LIMIT per row: those
    sharing most bands, ties to the lower number. Pairs are packed in int64 while counted and
    ranked: the row in the top bits, the other's number (< 2**32) in the low 32."""
    if not len(snap.keys):
        return numpy.zeros(0, dtype=numpy.int64), numpy.zeros(0, dtype=numpy.int64)
    keys = signature.band_keys_matrix(mine).reshape(-1)
    order = numpy.argsort(keys)  # sorted needles: the binary search then stays in cache
    at = numpy.searchsorted(snap.keys, keys[order]).clip(max=len(snap.keys) - 1)
    found = snap.keys[at] == keys[order]
    lo = snap.starts[at]
    held = numpy.where(found, snap.starts[at + 1] - lo, 0)
    # Every (band of mine, holder) entry: holders lo .. lo + held - 1 of each key.
    at = numpy.arange(int(held.sum())) + numpy.repeat(lo - (numpy.cumsum(held) - held), held)
    row = numpy.repeat(order // signature.BANDS, held)
    other = snap.holders[at]
    codes = ((row << 32) | other)[other != numbers[row]]
    if not len(codes):
        return codes, codes
    codes.sort()
    first = numpy.flatnonzero(numpy.r_[True, codes[1:] != codes[:-1]])
    shared = numpy.diff(numpy.r_[first, len(codes)])  # bands each pair shares
    codes = codes[first]
    # By row, then most shared bands first (inverted in bits 32-39), then the other's number.
    shared = numpy.minimum(shared, 255)
    ranked = numpy.sort((codes >> 32 << 40) | ((255 - shared) << 32) | (codes & 0xFFFFFFFF))
    best = ranked[_rank_in_group(ranked >> 40) < CANDIDATE_LIMIT]
    return best >> 40, best & 0xFFFFFFFF


def scores(snap: Snapshot, mine: numpy.ndarray, row: numpy.ndarray, other: numpy.ndarray):
    """Estimated Jaccard of each candidate pair (as signature.similarities computes it), one
    report's candidates at a time (rows are grouped): broadcasting its signature is cheaper
    than gathering a copy per pair."""
    agree = numpy.empty(len(row), dtype=numpy.uint64)
    bounds = numpy.flatnonzero(numpy.r_[True, row[1:] != row[:-1], True]).tolist()
    for a, b in itertools.pairwise(bounds if len(row) else []):
        equal = (snap.minhashes[other[a:b]] == mine[row[a]]).view(numpy.uint64)
        agree[a:b] = ((equal * _BYTE_ONES) >> numpy.uint64(56)).sum(axis=1)  # bytes are 0 or 1
    return agree / signature.NUM_PERM


def _batch_signatures(ids: list, key_fp: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    if connection.vendor == "postgresql":
        return bulk.signatures_of(ids, key_fp)
    found, minhashes = [], []
    for start in range(0, len(ids), 900):
        rows = Signature.objects.filter(
            report_id__in=ids[start : start + 900], key_fp=key_fp, minhash__isnull=False
        )
        for report_id, minhash in rows.values_list("report_id", "minhash"):
            found.append(report_id.bytes)
            minhashes.append(bytes(minhash))
    return _as_arrays(found, minhashes)


def _uuids(ids: numpy.ndarray) -> list[uuid.UUID]:
    return [uuid.UUID(bytes=raw) for raw in ids.view("V16").tolist()]  # S16 drops trailing NULs


def find_pairs(ids: list) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(report ids, other ids, similarities) of the pairs at or above the threshold among these
    reports' candidates; ids as S16 arrays."""
    snap = _current()
    mine_ids, mine = _batch_signatures(ids, snap.key_fp)
    row, other = candidates(snap, mine, _numbers(snap, mine_ids))
    score = scores(snap, mine, row, other)
    near = score >= settings.TIPLINE_SIMILARITY_THRESHOLD
    return mine_ids[row[near]], snap.ids[other[near]], score[near]


def pair(ids: list) -> int:
    """The pass's work on one batch: its reports' pairs replaced, and each marked as paired (a
    resumed run skips them)."""
    found = find_pairs(ids)
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            bulk.replace_pairs(ids, found, now)
        else:
            _replace_with_orm(ids, found, now)
    return len(ids)


def _replace_with_orm(ids: list, found, now) -> None:
    pairs = zip(_uuids(found[0]), _uuids(found[1]), found[2].tolist(), strict=True)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        SimilarPair.objects.filter(report_id__in=chunk).delete()
        Signature.objects.filter(report_id__in=chunk).update(paired_at=now)
    SimilarPair.objects.bulk_create(
        [SimilarPair(report_id=r, other_id=o, similarity=s, found_at=now) for r, o, s in pairs],
        batch_size=2000,
        ignore_conflicts=True,
    )
