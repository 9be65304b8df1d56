"""Near-duplicate signatures: normalised text → keyed character shingles → MinHash → LSH bands.

Character n-grams need no word segmentation, so Chinese and English go through the same path.
Each shingle is keyed (BLAKE2b in its keyed mode, a MAC like HMAC but several times faster in
Python) with the keyring's similarity key before it reaches the MinHash: without the key, a
stolen database cannot hash a guessed sentence and compare it with the stored signatures.
"""

import hashlib
import unicodedata
from array import array

import numpy
from rensa import RMinHash

from core.crypto import current_keyring

# Measured on bench/corpus.py (docs/performance.md): with trigrams, Chinese near-duplicates keep
# an exact Jaccard >= 0.4 after the listed edits while unrelated same-topic reports stay below;
# English letters carry less each, so Latin text is shingled in 4-grams to keep those apart.
CJK_N = 3
LATIN_N = 4
NUM_PERM = 128
# 42 bands of 3 rows: a pair at Jaccard 0.4 shares a band with probability 0.94, at 0.5 with
# 0.995, at 0.1 with 0.04; candidates are then checked on the full signature.
ROWS = 3
BANDS = NUM_PERM // ROWS
SEED = 20260101  # fixed: signatures computed by different processes must be comparable
MIN_SHINGLES = 8  # too little text to say anything about "the same matter"


def normalise(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation become plain), case-folded, keeping only
    letters and digits: punctuation, spaces and symbols never make two reports differ."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def _is_cjk(text: str) -> bool:
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return wide * 2 >= len(text)


def shingles(text: str) -> set[str]:
    norm = normalise(text)
    n = CJK_N if _is_cjk(norm) else LATIN_N
    if len(norm) < n:
        return {norm} if norm else set()
    return {norm[i : i + n] for i in range(len(norm) - n + 1)}


def keyed(items: set[str], key: bytes | None = None) -> list[bytes]:
    base = hashlib.blake2b(key=key or current_keyring().similarity, digest_size=8)
    out = []
    for item in items:
        mac = base.copy()
        mac.update(item.encode())
        out.append(mac.digest())
    return out


def key_fingerprint(key: bytes | None = None) -> str:
    """Which similarity key made a signature (rows under an older key are rebuilt)."""
    key = key or current_keyring().similarity
    return hashlib.blake2b(b"fingerprint", key=key, digest_size=4).hexdigest()


def minhash(text: str, key: bytes | None = None) -> bytes | None:
    """The signature as bytes (NUM_PERM unsigned 32-bit values), or None for too little text."""
    items = shingles(text)
    if len(items) < MIN_SHINGLES:
        return None
    sketch = RMinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.update(keyed(items, key))
    return array("I", sketch.digest()).tobytes()


def similarities(signature_bytes: bytes, others: list[bytes]) -> list[float]:
    """Estimated Jaccard similarity of one signature with each of `others` (the share of
    MinHash positions that agree), compared all at once in numpy: a backfill compares each
    report with up to 200 candidates, and a Python loop over 128 positions had been most of its
    time (docs/performance.md)."""
    if not others:
        return []
    mine = numpy.frombuffer(signature_bytes, dtype="<u4")
    theirs = numpy.frombuffer(b"".join(others), dtype="<u4").reshape(len(others), NUM_PERM)
    return ((theirs == mine).sum(axis=1) / NUM_PERM).tolist()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    return similarities(a, [b])[0]


def band_keys(signature: bytes) -> list[int]:
    """One signed 64-bit key per band (an indexed bigint column on PostgreSQL and SQLite)."""
    width = ROWS * 4
    keys = []
    for band in range(BANDS):
        chunk = signature[band * width : (band + 1) * width]
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
